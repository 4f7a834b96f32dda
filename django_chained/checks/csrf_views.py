"""Runtime inventory of ``csrf_exempt`` and ``xframe_options_exempt`` views (5xx), walking the URLconf."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Info
from django.utils.module_loading import import_string

from django_chained.checks.csrf_introspect import (
    drf_enforces_csrf,
    is_xframe_options_exempt,
    unsafe_methods,
)
from django_chained.conf import conf
from django_chained.facts.place import place_of
from django_chained.facts.site import csrf_site
from django_chained.facts.views import CsrfExemptView, CsrfSite, XframeExemptView
from django_chained.judgement.csrf import judge_csrf_exempt, judge_xframe_exempt
from django_chained.sourcetree.cookie_identity import uses_cookie_identity
from django_chained.urlwalk import Route, walk


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


def installed_subclass(entry: str, django_path: str) -> bool:
    """Whether the middleware ``entry`` names is a subclass of Django's at ``django_path``."""
    try:
        middleware, base = import_string(entry), import_string(django_path)
    except (
        Exception
    ):  # a module failing to import: Django reports that itself when it loads it
        return False
    return isinstance(middleware, type) and issubclass(middleware, base)


def site_facts() -> CsrfSite:
    """The settings the 5xx view judgement depends on, read from the running site."""
    return csrf_site(settings, conf.CHAINED_CSRF_EXEMPT_ALLOWED, installed_subclass)


def csrf_exempt_facts(route: Route) -> CsrfExemptView:
    return CsrfExemptView(
        route=route.route,
        dotted=route.dotted_path,
        place=place_of(route.view_class or route.callback),
        unsafe_methods=unsafe_methods(route),
        # Django's login_not_required sets this on the function, or (method_decorator on dispatch) the as_view() function.
        public=getattr(route.callback, "login_required", True) is False,
        checks_token_itself=drf_enforces_csrf(route.view_class),
        cookie_identity=cookie_identity(route),
    )


def cookie_identity(route: Route) -> bool:
    """Whether the view may act for the visitor its cookies name, read from its ``def`` as the scan reads it.

    A class view, a function defined inside another, a login wrapper added in the URLconf and
    source that cannot be read all count as using it.
    """
    if route.view_class is not None or hasattr(route.callback, "redirect_field_name"):
        return True
    function = inspect.unwrap(route.callback)
    if "." in getattr(function, "__qualname__", "."):
        return True
    try:
        node = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    except (OSError, TypeError, SyntaxError, IndexError):
        return True
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return True
    return uses_cookie_identity(node)


def check_csrf_exempt_views(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags csrf_exempt views: a logged-in user's browser can be made to submit them from any site."""
    site = site_facts()
    if not site.csrf_middleware:
        return []  # Django's security.W003: nothing is CSRF-protected at all
    messages: list[CheckMessage] = []
    complete, exempt = [True], set()
    for route in _routes_once(complete):
        if not getattr(route.callback, "csrf_exempt", False):
            continue
        exempt.add(route.dotted_path)
        message = judge_csrf_exempt(csrf_exempt_facts(route), site)
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
    site = site_facts()
    return [
        judge_xframe_exempt(
            XframeExemptView(
                route.route,
                route.dotted_path,
                place_of(route.view_class or route.callback),
            ),
            site,
        )
        for route in _routes_once([True])
        if is_xframe_options_exempt(route)
    ]
