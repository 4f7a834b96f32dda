"""Static twins of the 5xx view checks: ``csrf_exempt`` (``W501``/``I502``/``I503``) and
``xframe_options_exempt`` (``W504``/``I505``) views found in source, worded as inside Django."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage

from django_chained.checks.csrf_introspect import ANY_METHOD
from django_chained.checks.csrf_settings import (
    CSRF_MIDDLEWARE,
    XFRAME_MIDDLEWARE,
    middleware,
    session_authentication_active,
)
from django_chained.checks.csrf_views import (
    PUBLIC_ENDPOINT,
    i502_csrf_exempt_view,
    i503_csrf_exempt_allowed,
    i505_xframe_exempt_view_unprotected,
    w501_csrf_exempt_session_view,
    w504_xframe_exempt_view,
)
from django_chained.conf import Settings
from django_chained.report import Record
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.twin_record import NOT_ROUTED, record_at
from django_chained.sourcetree.urls_reader import (
    RouteSource,
    full_routes,
    root_urlconf,
)
from django_chained.sourcetree.views_reader import (
    ExemptView,
    decorated_views,
    exempt_views,
)


def csrf_exempt_findings(
    tree: SourceTree,
    parsed: list[tuple[Path, ast.Module]],
    url_routes: list[RouteSource],
    s: Any,
) -> list[Record]:
    """W501/I502/I503 for views made ``csrf_exempt`` where defined or in a URLconf."""
    if CSRF_MIDDLEWARE not in middleware(s):
        return []  # Django's security.W003 says it: nothing is CSRF-protected
    session = session_authentication_active(s)
    allowed = dict(Settings(s).CHAINED_CSRF_EXEMPT_ALLOWED)
    defined: dict[str, ExemptView] = {}
    public: set[str] = set()  # views marked login_not_required where they are defined
    for path, module in parsed:
        name = tree.module_name(path)
        for view in exempt_views(module, name, path):
            defined[view.dotted] = view
        public.update(
            dotted
            for dotted, _ in decorated_views(module, name, path, "login_not_required")
        )
    route_of = full_routes(url_routes, root_urlconf(s))
    judge = _ExemptJudge(session, allowed, public)
    records = [
        _exemptrecord_at(tree, view, route_of.get(view.dotted, NOT_ROUTED), judge)
        for view in defined.values()
    ]
    for entry in url_routes:  # csrf_exempt(...) applied in the URLconf itself
        if entry.exempt and entry.view not in defined:
            view = ExemptView(entry.view, entry.path, entry.line, ANY_METHOD)
            defined[entry.view] = view
            route = route_of.get(entry.view, entry.route)
            records.append(_exemptrecord_at(tree, view, route, judge))
    return records


def xframe_exempt_findings(
    tree: SourceTree,
    parsed: list[tuple[Path, ast.Module]],
    url_routes: list[RouteSource],
    s: Any,
) -> list[Record]:
    """W504 (I505 without XFrameOptionsMiddleware) for ``xframe_options_exempt`` views."""
    factory = (
        w504_xframe_exempt_view
        if XFRAME_MIDDLEWARE in middleware(s)
        else i505_xframe_exempt_view_unprotected
    )
    route_of = full_routes(url_routes, root_urlconf(s))
    return [
        record_at(
            factory(view=view, route=route_of.get(view, NOT_ROUTED)), tree, path, line
        )
        for path, module in parsed
        for view, line in decorated_views(
            module, tree.module_name(path), path, "xframe_options_exempt"
        )
    ]


@dataclass(frozen=True)
class _ExemptJudge:
    """What decides a csrf_exempt view's message besides the view: the settings and the public views."""

    session: bool
    allowed: dict[str, str]
    public: set[str]


def _exemptrecord_at(
    tree: SourceTree, view: ExemptView, route: str, judge: _ExemptJudge
) -> Record:
    if view.dotted in judge.allowed:
        message: CheckMessage = i503_csrf_exempt_allowed(
            view=view.dotted, route=route, reason=judge.allowed[view.dotted]
        )
    elif not view.methods:
        message = i502_csrf_exempt_view(
            view=view.dotted, route=route, why="it only accepts safe methods"
        )
    elif not judge.session:
        why = "no session authentication is configured, so a forged request carries no user"
        message = i502_csrf_exempt_view(view=view.dotted, route=route, why=why)
    elif view.dotted in judge.public:
        message = i502_csrf_exempt_view(
            view=view.dotted, route=route, why=PUBLIC_ENDPOINT
        )
    else:
        # Worded as the URLconf walk in checks/csrf_views.py words it.
        shown = (
            view.methods if view.methods != ANY_METHOD else "any method (POST included)"
        )
        message = w501_csrf_exempt_session_view(
            view=view.dotted, route=route, methods=shown
        )
    return record_at(message, tree, view.path, view.line)
