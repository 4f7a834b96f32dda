"""2xx authorization: views that serve users' objects without scoping them to the requesting user."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Info, Warning
from django.core.checks.messages import ERROR, WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.checks.authorization_views import (
    declared_owner_field,
    is_out_of_scope,
    lookup_problem,
    object_view_facts,
    owner_mixin_shadowed_by,
    owner_scope_dropped_by,
    read_view,
)
from django_chained.checks.registry import Registration, always, deploy
from django_chained.conf import conf
from django_chained.decorators import REQUIREMENT_ATTRIBUTE, OwnerRequirement
from django_chained.facts.place import Place, place_of
from django_chained.judgement.authorization import judge_object_view
from django_chained.ownership import InvalidOwnerField, resolve_owner_path
from django_chained.urlwalk import Route, Unresolvable, walk

#: The views audit reads Django's access mixins and the user model: it needs these apps.
REQUIRED_APPS = ("django.contrib.auth", "django.contrib.contenttypes")


def missing_apps() -> list[str]:
    return [app for app in REQUIRED_APPS if not apps.is_installed(app)]


def i211_audit_needs_auth(*, missing: list[str]) -> Info:
    return Info(
        f"The authorization audit of views (2xx) did not run: {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not in INSTALLED_APPS.",
        hint="Owner scoping is judged through Django's auth app (its user model and access mixins); "
        "install django.contrib.auth and django.contrib.contenttypes to audit views, or silence this Info "
        "if the site has no user accounts.",
        id="django_chained.I211",
    )


def _without_field_note(problem: str, field: str) -> str:
    """The resolver's message ends with "(owner_field '…')", which the check message already says."""
    return problem.removesuffix(f" (owner_field {field!r})")


def e203_wrong_owner_field(
    *, view: str, field: str, problem: str, place: Place | None = None
) -> ChainedMessage:
    return ChainedMessage(
        ERROR,
        f"{view} scopes on owner_field {field!r}, which is wrong: {_without_field_note(problem, field)}.",
        hint="Name a ForeignKey/ManyToMany lookup path from the view's model to AUTH_USER_MODEL, e.g. 'owner' or 'project__members'.",
        obj=view,
        id="django_chained.E203",
        place=place,
    )


def e207_owner_mixin_after_view(
    *, view: str, shadowed_by: str, place: Place | None = None
) -> ChainedMessage:
    return ChainedMessage(
        ERROR,
        f"{view} lists OwnerQuerysetMixin after a Django view class, so {shadowed_by}() runs instead of the mixin's: no login check, no owner scoping.",
        hint="Put OwnerQuerysetMixin first among the bases, e.g. class V(OwnerQuerysetMixin, DetailView).",
        obj=view,
        id="django_chained.E207",
        place=place,
    )


def w208_owner_scope_dropped(
    *, view: str, method: str, place: Place | None = None
) -> ChainedMessage:
    return ChainedMessage(
        WARNING,
        f"{view} uses OwnerQuerysetMixin, but {method}() replaces its owner scoping without calling super() or filtering on the user.",
        hint="Build on super().get_queryset() (e.g. super().get_queryset().select_related(...)) so the owner filter stays.",
        obj=view,
        id="django_chained.W208",
        place=place,
    )


def w205_unresolvable(*, pattern: Unresolvable) -> Warning:
    where = repr(pattern.route) if pattern.route else "ROOT_URLCONF"
    return Warning(
        f"URL pattern {where} could not be loaded, so its views were not audited for authorization: {pattern.error}",
        hint="Fix the include() or URLconf module so it imports; django-chained audits what it can load.",
        obj=where,
        id="django_chained.W205",
    )


def w206_stale_exemption(*, dotted_path: str) -> Warning:
    return Warning(
        f"CHAINED_AUTHZ_EXEMPT_VIEWS names {dotted_path!r}, which no URL pattern routes to.",
        hint="Remove the entry or correct the dotted path (module.ClassName or module.function).",
        obj="CHAINED_AUTHZ_EXEMPT_VIEWS",
        id="django_chained.W206",
    )


def _audited_routes(urlconf: str | None) -> list[Route | Unresolvable]:
    return [
        item
        for item in walk(urlconf)
        if isinstance(item, Unresolvable) or not is_out_of_scope(item)
    ]


def _owner_field_problem(route: Route) -> tuple[str, str] | None:
    """``(field, problem)`` when the view's owner scoping cannot work."""
    requirement = getattr(route.callback, REQUIREMENT_ATTRIBUTE, None)
    if isinstance(requirement, OwnerRequirement):
        model, field = requirement.model, requirement.owner_field
    else:
        facts = read_view(route)
        if facts is None or not facts.uses_owner_mixin or facts.model is None:
            return None
        model, field = facts.model, declared_owner_field(route)  # type: ignore[assignment]
        if field is None:
            return None
    try:
        resolve_owner_path(model, field)
    except InvalidOwnerField as exc:
        return field, str(exc)
    return None


def e209_url_kwarg_not_captured(*, route: Route, url_kwarg: str) -> ChainedMessage:
    return ChainedMessage(
        ERROR,
        f"{route.dotted_path} takes its object from the URL kwarg {url_kwarg!r}, which URL {route.route!r} does not capture.",
        hint=f"Name the URL parameter <{url_kwarg}> or pass owner_required(..., url_kwarg=...) the name the URL uses.",
        obj=route.dotted_path,
        id="django_chained.E209",
        place=view_place(route),
    )


def e210_wrong_lookup(
    *, view: str, lookup: str, problem: str, place: Place | None = None
) -> ChainedMessage:
    return ChainedMessage(
        ERROR,
        f"{view} fetches its object by lookup {lookup!r}, which is wrong: {problem}.",
        hint="Pass owner_required(..., lookup=...) a field of the model (e.g. 'pk' or 'slug'), optionally with a lookup such as 'slug__iexact'.",
        obj=view,
        id="django_chained.E210",
        place=place,
    )


def view_place(route: Route) -> Place | None:
    """Where the routed view's class or function is defined."""
    return place_of(route.view_class or route.callback)


def _lookup_message(route: Route) -> CheckMessage | None:
    """E210 when ``owner_required``'s ``lookup`` would raise ``FieldError`` on every request."""
    requirement = getattr(route.callback, REQUIREMENT_ATTRIBUTE, None)
    if not isinstance(requirement, OwnerRequirement):
        return None
    problem = lookup_problem(requirement.unscoped(), requirement.lookup)
    if problem is None:
        return None
    return e210_wrong_lookup(
        view=route.dotted_path,
        lookup=requirement.lookup,
        problem=problem,
        place=view_place(route),
    )


def _view_scoping_messages(route: Route) -> list[CheckMessage]:
    """E207, W208, E203 and E210 for one view (once per view, whatever routes to it)."""
    view_class = route.view_class
    shadowed_by = owner_mixin_shadowed_by(view_class) if view_class else None
    if shadowed_by is not None:
        return [
            e207_owner_mixin_after_view(
                view=route.dotted_path, shadowed_by=shadowed_by, place=view_place(route)
            )
        ]
    messages: list[CheckMessage] = []
    dropped_by = owner_scope_dropped_by(view_class) if view_class else None
    if dropped_by is not None:
        messages.append(
            w208_owner_scope_dropped(
                view=route.dotted_path, method=dropped_by, place=view_place(route)
            )
        )
    problem = _owner_field_problem(route)
    if problem is not None:
        field, text = problem
        messages.append(
            e203_wrong_owner_field(
                view=route.dotted_path,
                field=field,
                problem=text,
                place=view_place(route),
            )
        )
    lookup_message = _lookup_message(route)
    if lookup_message is not None:
        messages.append(lookup_message)
    return messages


def _missing_url_kwarg(route: Route) -> str | None:
    """The kwarg ``owner_required`` pops that this route never passes (a KeyError on every request)."""
    requirement = getattr(route.callback, REQUIREMENT_ATTRIBUTE, None)
    if not isinstance(requirement, OwnerRequirement):
        return None
    url_kwarg = requirement.url_kwarg
    passed = route.url_kwargs | route.default_kwargs
    return None if url_kwarg in passed else url_kwarg


def check_owner_fields(
    app_configs: Any = None, urlconf: str | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags owner scoping that cannot work: an owner_field not leading to the user model, a lookup naming no field or a URL kwarg the route lacks (a 500 on the first request), OwnerQuerysetMixin placed where it never runs, or overridden without super()."""
    # Without the auth app no owner scoping can exist; check_object_views_scoped says so once.
    if missing_apps():
        return []
    messages: list[CheckMessage] = []
    seen: set[int] = set()
    for item in _audited_routes(urlconf):
        if isinstance(item, Unresolvable):
            continue
        url_kwarg = _missing_url_kwarg(item)
        if url_kwarg is not None:
            messages.append(
                e209_url_kwarg_not_captured(route=item, url_kwarg=url_kwarg)
            )
        if id(item.callback) not in seen:
            seen.add(id(item.callback))
            messages += _view_scoping_messages(item)
    return messages


def _another_route_of_audited_viewset(route: Route, routed: set[str]) -> bool:
    """A router gives a viewset a list route, a detail route (and format variants): it is judged once, at the first."""
    return hasattr(route.callback, "actions") and route.dotted_path in routed


def audit_route(route: Route) -> CheckMessage | None:
    """The one message (or none) the authorization audit has for ``route``."""
    view = object_view_facts(route)
    return None if view is None else judge_object_view(view)


def check_object_views_scoped(
    app_configs: Any = None, urlconf: str | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags routed list/detail views over users' rows that any user can reach, and URL patterns that could not be audited."""
    missing = missing_apps()
    if missing:
        return [i211_audit_needs_auth(missing=missing)]
    messages: list[CheckMessage] = []
    routed: set[str] = set()
    complete = True
    for item in _audited_routes(urlconf):
        if isinstance(item, Unresolvable):
            messages.append(w205_unresolvable(pattern=item))
            complete = False
            continue
        if _another_route_of_audited_viewset(item, routed):
            continue
        routed.add(item.dotted_path)
        message = audit_route(item)
        if message is not None:
            messages.append(message)
    # A view behind an unloadable include may still be routed: no stale-entry guesses then.
    for dotted_path in conf.CHAINED_AUTHZ_EXEMPT_VIEWS if complete else ():
        if dotted_path not in routed:
            messages.append(w206_stale_exemption(dotted_path=dotted_path))
    return messages


REGISTRY: tuple[Registration, ...] = (
    always(check_owner_fields),
    deploy(check_object_views_scoped),
)
