"""5xx: ``csrf_exempt`` and ``xframe_options_exempt`` views, judged from their facts and the site's settings."""

from __future__ import annotations

from django.core.checks.messages import INFO, WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.facts.views import (
    ANY_METHOD,
    CsrfExemptView,
    CsrfSite,
    XframeExemptView,
)

ALLOW_HINT = "If it must stay, list it in CHAINED_CSRF_EXEMPT_ALLOWED with the reason."
#: Why a ``csrf_exempt`` view that Django's ``login_not_required`` marks public is only an Info.
PUBLIC_ENDPOINT = (
    "it is marked login_not_required, a public endpoint (token, callback, webhook): it must "
    "authenticate each request itself and, where it acts for the session's user, check a CSRF token itself"
)
SAFE_ONLY = "it only accepts safe methods"
NO_COOKIE_IDENTITY = (
    "it reads no cookie-borne identity (request.user, request.session, a login decorator), so a "
    "forged request acts for no one: confirm it authenticates each request itself (an API key, "
    "a bearer token, a signature)"
)
NO_SESSION = (
    "no session authentication is configured, so a forged request carries no user"
)


def w501_csrf_exempt_session_view(view: CsrfExemptView) -> ChainedMessage:
    methods = view.unsafe_methods
    shown = methods if methods != ANY_METHOD else "any method (POST included)"
    return ChainedMessage(
        WARNING,
        f"View at URL '{view.route}' is csrf_exempt and accepts {shown}: any site can submit it with a logged-in user's session cookie.",
        hint=f"Remove csrf_exempt and send the token (X-CSRFToken header for JavaScript), or authenticate it without cookies. {ALLOW_HINT}",
        obj=view.dotted,
        id="django_chained.W501",
        place=view.place,
    )


def i502_csrf_exempt_view(view: CsrfExemptView, why: str) -> ChainedMessage:
    return ChainedMessage(
        INFO,
        f"View at URL '{view.route}' is csrf_exempt; {why}.",
        hint=f"Keep it that way, or remove csrf_exempt. {ALLOW_HINT}",
        obj=view.dotted,
        id="django_chained.I502",
        place=view.place,
    )


def i503_csrf_exempt_allowed(view: CsrfExemptView, reason: str) -> ChainedMessage:
    return ChainedMessage(
        INFO,
        f"View at URL '{view.route}' is csrf_exempt (accepted: {reason}).",
        hint="Review the reason when the view changes.",
        obj=view.dotted,
        id="django_chained.I503",
        place=view.place,
    )


def w504_xframe_exempt_view(view: XframeExemptView) -> ChainedMessage:
    return ChainedMessage(
        WARNING,
        f"View at URL '{view.route}' is xframe_options_exempt: any site can frame it and trick users into clicking.",
        hint="Remove xframe_options_exempt, or use xframe_options_sameorigin if only your own pages frame it.",
        obj=view.dotted,
        id="django_chained.W504",
        place=view.place,
    )


def i505_xframe_exempt_view_unprotected(view: XframeExemptView) -> ChainedMessage:
    return ChainedMessage(
        INFO,
        f"View at URL '{view.route}' is xframe_options_exempt; it will stay frameable once XFrameOptionsMiddleware is added.",
        hint="Remove xframe_options_exempt unless other sites must frame this page.",
        obj=view.dotted,
        id="django_chained.I505",
        place=view.place,
    )


def judge_csrf_exempt(view: CsrfExemptView, site: CsrfSite) -> ChainedMessage | None:
    """W501, I502, I503 or nothing for one routed ``csrf_exempt`` view."""
    if not site.csrf_middleware:
        return None  # Django's security.W003: nothing is CSRF-protected at all
    if view.dotted in site.allowed:
        return i503_csrf_exempt_allowed(view, site.allowed[view.dotted])
    if view.checks_token_itself:
        return None
    if not view.unsafe_methods:
        return i502_csrf_exempt_view(view, SAFE_ONLY)
    if not site.session_authentication:
        return i502_csrf_exempt_view(view, NO_SESSION)
    if view.public:
        return i502_csrf_exempt_view(view, PUBLIC_ENDPOINT)
    if not (view.cookie_identity or site.login_everywhere):
        return i502_csrf_exempt_view(view, NO_COOKIE_IDENTITY)
    return w501_csrf_exempt_session_view(view)


def judge_xframe_exempt(view: XframeExemptView, site: CsrfSite) -> ChainedMessage:
    """W504, or I505 while no ``XFrameOptionsMiddleware`` protects any page yet."""
    if site.xframe_middleware:
        return w504_xframe_exempt_view(view)
    return i505_xframe_exempt_view_unprotected(view)
