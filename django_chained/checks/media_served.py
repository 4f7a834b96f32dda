"""Media served by Django's URLconf: routes to ``django.views.static.serve`` and packages' file views.

Kept apart from the settings rules of ``checks.media``: the standalone scan imports those, and this
module imports Django's URL resolvers only when the check runs.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.checks import CheckMessage

from django_chained.facts.place import Place
from django_chained.facts.routes import ServeRoute
from django_chained.judgement.media import judge_serve_route, w603_unguarded_file_views
from django_chained.sourcetree.media_routes import serve_routes

if TYPE_CHECKING:
    from django_chained.urlwalk import Route


def serve_route_facts(item: Route) -> ServeRoute:
    """A live route to ``serve``, placed at its line in the URLconf that routes it when the source reads."""
    written = _written_serve_routes(item.urlconf_file)
    line, guarded = next(
        (
            (line, guarded)
            for route, line, guarded in written
            if route == item.local_route
        ),
        (None, False),
    )
    place = Place(item.urlconf_file, line) if item.urlconf_file else None
    return ServeRoute(item.route, place, bool(settings.DEBUG), guarded)


def _written_serve_routes(file: str | None) -> list[tuple[str, int, bool]]:
    if file is None:
        return []
    try:
        module = ast.parse(Path(file).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return []  # a compiled-only or unreadable URLconf: the route is still reported, unplaced
    name = Path(file).stem
    return serve_routes(module, name, Path(file), settings)


def check_media_served_by_django(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags URL patterns routed to django.views.static.serve, which serves uploads with no access check,
    and includes of packages' URLconfs that serve stored files to anyone."""
    # Imported here: the standalone scan imports this module for its settings rules, never the URL resolvers.
    from django.views import static

    from django_chained.checks.media_file_views import file_views_includes
    from django_chained.urlwalk import Route, walk

    items = list(walk())
    judged = (
        judge_serve_route(serve_route_facts(item))
        for item in items
        if isinstance(item, Route) and item.callback is static.serve
    )
    served: list[CheckMessage] = [message for message in judged if message is not None]
    return served + [w603_unguarded_file_views(i) for i in file_views_includes(items)]
