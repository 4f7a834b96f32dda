"""Runtime inventory of ``csrf_exempt`` and ``xframe_options_exempt`` views (5xx), walking the URLconf."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Info, Warning

from django_chained.checks.csrf_introspect import (
    ANY_METHOD,
    drf_enforces_csrf,
    is_xframe_options_exempt,
    unsafe_methods,
)
from django_chained.checks.csrf_settings import (
    CSRF_MIDDLEWARE,
    XFRAME_MIDDLEWARE,
    middleware,
    session_authentication_active,
)
from django_chained.conf import conf
from django_chained.urlwalk import Route, walk

ALLOW_HINT = "If it must stay, list it in CHAINED_CSRF_EXEMPT_ALLOWED with the reason."
#: Why a ``csrf_exempt`` view that Django's ``login_not_required`` marks public is only an Info.
PUBLIC_ENDPOINT = (
    "it is marked login_not_required, a public endpoint (token, callback, webhook): it must "
    "authenticate each request itself and, where it acts for the session's user, check a CSRF token itself"
)


def w501_csrf_exempt_session_view(*, view: str, route: str, methods: str) -> Warning:
    return Warning(
        f"View at URL '{route}' is csrf_exempt and accepts {methods}: any site can submit it with a logged-in user's session cookie.",
        hint=f"Remove csrf_exempt and send the token (X-CSRFToken header for JavaScript), or authenticate it without cookies. {ALLOW_HINT}",
        obj=view,
        id="django_chained.W501",
    )


def i502_csrf_exempt_view(*, view: str, route: str, why: str) -> Info:
    return Info(
        f"View at URL '{route}' is csrf_exempt; {why}.",
        hint=f"Keep it that way, or remove csrf_exempt. {ALLOW_HINT}",
        obj=view,
        id="django_chained.I502",
    )


def i503_csrf_exempt_allowed(*, view: str, route: str, reason: str) -> Info:
    return Info(
        f"View at URL '{route}' is csrf_exempt (accepted: {reason}).",
        hint="Review the reason when the view changes.",
        obj=view,
        id="django_chained.I503",
    )


def w504_xframe_exempt_view(*, view: str, route: str) -> Warning:
    return Warning(
        f"View at URL '{route}' is xframe_options_exempt: any site can frame it and trick users into clicking.",
        hint="Remove xframe_options_exempt, or use xframe_options_sameorigin if only your own pages frame it.",
        obj=view,
        id="django_chained.W504",
    )


def i505_xframe_exempt_view_unprotected(*, view: str, route: str) -> Info:
    return Info(
        f"View at URL '{route}' is xframe_options_exempt; it will stay frameable once XFrameOptionsMiddleware is added.",
        hint="Remove xframe_options_exempt unless other sites must frame this page.",
        obj=view,
        id="django_chained.I505",
    )


def i506_stale_allowed_entry(*, view: str) -> Info:
    return Info(
        f"CHAINED_CSRF_EXEMPT_ALLOWED lists {view!r}, but no routed csrf_exempt view has that dotted path.",
        hint="Fix the dotted path (module.function or module.Class) or delete the entry.",
        obj="CHAINED_CSRF_EXEMPT_ALLOWED",
        id="django_chained.I506",
    )


def _routes_once(complete: list[bool]) -> Iterator[Route]:
    """Each routed view once (its first URL); unresolvable entries are the authorization checks' to report."""
    seen: set[str] = set()
    for entry in walk():
        if not isinstance(entry, Route):
            complete[0] = False
            continue
        if entry.dotted_path not in seen:
            seen.add(entry.dotted_path)
            yield entry


def _csrf_exempt_message(route: Route, session: bool) -> CheckMessage | None:
    view, allowed = route.dotted_path, conf.CHAINED_CSRF_EXEMPT_ALLOWED
    if view in allowed:
        return i503_csrf_exempt_allowed(
            view=view, route=route.route, reason=allowed[view]
        )
    if drf_enforces_csrf(route.view_class):
        return None
    methods = unsafe_methods(route)
    if not methods:
        why = "it only accepts safe methods"
        return i502_csrf_exempt_view(view=view, route=route.route, why=why)
    if not session:
        why = "no session authentication is configured, so a forged request carries no user"
        return i502_csrf_exempt_view(view=view, route=route.route, why=why)
    # Django's login_not_required sets this on the function, or (method_decorator on dispatch) the as_view() function.
    if getattr(route.callback, "login_required", True) is False:
        return i502_csrf_exempt_view(view=view, route=route.route, why=PUBLIC_ENDPOINT)
    shown = methods if methods != ANY_METHOD else "any method (POST included)"
    return w501_csrf_exempt_session_view(view=view, route=route.route, methods=shown)


def check_csrf_exempt_views(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags csrf_exempt views: a logged-in user's browser can be made to submit them from any site."""
    if CSRF_MIDDLEWARE not in middleware(settings):
        return []  # Django's security.W003: nothing is CSRF-protected at all
    session = session_authentication_active(settings)
    messages: list[CheckMessage] = []
    complete, exempt = [True], set()
    for route in _routes_once(complete):
        if not getattr(route.callback, "csrf_exempt", False):
            continue
        exempt.add(route.dotted_path)
        message = _csrf_exempt_message(route, session)
        if message is not None:
            messages.append(message)
    if complete[0]:
        stale = sorted(set(conf.CHAINED_CSRF_EXEMPT_ALLOWED) - exempt)
        messages += [i506_stale_allowed_entry(view=view) for view in stale]
    return messages


def check_xframe_exempt_views(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags xframe_options_exempt views: other sites can frame them for clickjacking."""
    protected = XFRAME_MIDDLEWARE in middleware(settings)
    messages: list[CheckMessage] = []
    for route in _routes_once([True]):
        if is_xframe_options_exempt(route):
            factory = (
                w504_xframe_exempt_view
                if protected
                else i505_xframe_exempt_view_unprotected
            )
            messages.append(factory(view=route.dotted_path, route=route.route))
    return messages
