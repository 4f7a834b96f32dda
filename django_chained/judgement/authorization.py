"""2xx: a routed list or single-object view over users' rows, judged from its facts."""

from __future__ import annotations

from django.core.checks.messages import INFO, WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.facts.views import LIST, ObjectView
from django_chained.scan.attributed_reads import I213

HOW_TO_SCOPE = (
    "use django_chained.mixins.OwnerQuerysetMixin, override get_queryset() to filter on "
    "the user, or opt out with @authorization_exempt(reason) / CHAINED_AUTHZ_EXEMPT_VIEWS"
)


def w201_unscoped_view(view: ObjectView) -> ChainedMessage:
    return ChainedMessage(
        WARNING,
        f"URL {view.route!r} serves {view.model} objects through the {view.kind} view "
        f"{view.dotted} without scoping them to the requesting user.",
        hint="Anyone who can open this URL can read other users' rows by changing the key in it: "
        f"filter on {view.owner_path!r}; {HOW_TO_SCOPE}.",
        obj=view.dotted,
        id="django_chained.W201",
        place=view.place,
    )


def i202_exempt_view(view: ObjectView, reason: str) -> ChainedMessage:
    return ChainedMessage(
        INFO,
        f"URL {view.route!r}: {view.dotted} is exempt from the authorization audit: {reason}",
        hint="Recorded with @authorization_exempt or CHAINED_AUTHZ_EXEMPT_VIEWS; remove it when the reason stops holding.",
        obj=view.dotted,
        id="django_chained.I202",
        place=view.place,
    )


def i212_unconfirmed_object_check(view: ObjectView, check: str) -> ChainedMessage:
    return ChainedMessage(
        INFO,
        f"URL {view.route!r} serves {view.model} objects through the single-object view "
        f"{view.dotted}, whose own permission check {check}() may decide on the object, but is "
        "not seen fetching it.",
        hint=f"Confirm that {check}() refuses a user who may not act on the object the URL names "
        f"(for example by checking self.get_object()); if it only checks a role, filter on "
        f"{view.owner_path!r}: {HOW_TO_SCOPE}.",
        obj=view.dotted,
        id="django_chained.I212",
        place=view.place,
    )


def i213_attributed_rows_read(view: ObjectView) -> ChainedMessage:
    return ChainedMessage(
        INFO,
        f"URL {view.route!r} serves {view.model} objects through the {view.kind} view "
        f"{view.dotted}, which only reads them, and {view.model} names users only as who made "
        f"a row ({view.owner_path}): confirm that every {view.model} row is meant to be readable "
        "by whoever can open this URL.",
        hint="If some rows are private, filter them (by the user, or a published flag) in "
        f"get_queryset(); {HOW_TO_SCOPE}.",
        obj=view.dotted,
        id=I213.id,  # the ID of the scan's Info about a fetch of such rows
        place=view.place,
    )


def w204_anonymous_post_list(view: ObjectView) -> ChainedMessage:
    return ChainedMessage(
        WARNING,
        f"URL {view.route!r}: the list view {view.dotted} accepts POST from anonymous users.",
        hint="Add LoginRequiredMixin (or OwnerQuerysetMixin), remove post(), or opt out with @authorization_exempt(reason).",
        obj=view.dotted,
        id="django_chained.W204",
        place=view.place,
    )


def judge_object_view(view: ObjectView) -> ChainedMessage | None:
    """W201, W204, I202 when exempt, I213 when it only reads rows users are only named on (``created_by``),
    I212 when its own permission check may cover the object, or nothing.

    The one judgement of a list or single-object view.
    """
    unscoped = (
        view.model is not None and view.owner_path is not None and not view.scoped
    )
    # Unknown login or POST facts (the standalone scan) never make a W204.
    open_post_list = (
        view.kind == LIST and view.accepts_post is True and view.login_required is False
    )
    if not (unscoped or open_post_list):
        return None
    if view.exemption:
        return i202_exempt_view(view, view.exemption)
    if unscoped and view.attributed and view.only_reads:
        return i213_attributed_rows_read(view)
    if unscoped and view.unconfirmed_check:
        return i212_unconfirmed_object_check(view, view.unconfirmed_check)
    if unscoped:
        return w201_unscoped_view(view)
    return w204_anonymous_post_list(view)
