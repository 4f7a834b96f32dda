"""Static twin of ``check_media_served_by_django``: URLconfs routing to ``django.views.static.serve``.

Inside Django the check walks the live URL patterns, so it only sees ``static()``'s route while DEBUG
is on (``static()`` returns no pattern otherwise).  Read from source, the same rule becomes:

- an explicit ``path()``/``re_path()`` to ``serve``: W604 when the settings read ``DEBUG = True``,
  else W603 (DEBUG absent or off, or only known at run time: the route stays routed in production);
- a ``static(prefix)`` call: W604 when ``DEBUG`` is on or only known at run time (the one way it
  routes anything), nothing when it is off or absent, as inside Django;
- an ``include()`` of a package URLconf serving stored files to anyone (``db_file_storage.urls``):
  W603 whatever ``DEBUG`` is, at the include's line.

The object is the route, as inside Django (with the prefixes of the ``include()``s from ``ROOT_URLCONF``,
one finding per prefix); the scan also gives the ``urls.py`` line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django_chained.facts.place import Place
from django_chained.facts.routes import (
    UNGUARDED_FILE_URLCONFS,
    FileViewsInclude,
    ServeRoute,
)
from django_chained.judgement.media import judge_serve_route, w603_unguarded_file_views
from django_chained.report import Record
from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.models_reader import dotted_name
from django_chained.sourcetree.settings_reader import StaticSettings
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.urls_reader import (
    imports_of,
    module_prefixes,
    root_urlconf,
    routes,
)

if TYPE_CHECKING:
    from django_chained.sourcetree.file_facts import FileFacts

SERVE = "django.views.static.serve"
STATIC_HELPER = "django.conf.urls.static.static"
#: The IDs this twin reports: for these the standalone scan is as complete as the check inside Django.
MEDIA_ROUTE_IDS = frozenset({"django_chained.W603", "django_chained.W604"})


def debug_state(settings: StaticSettings | None) -> bool | None:
    """``DEBUG`` as the settings read it: ``False`` when absent (Django's default), ``None`` when unknown."""
    if settings is None or "DEBUG" in settings.unresolved:
        return None
    return bool(settings.values.get("DEBUG", False))


def media_route_findings(
    tree: SourceTree, read: list[FileFacts], settings: StaticSettings | None
) -> list[Record]:
    """W603/W604 for the tree's URLconfs, judged against ``settings`` (``None``: none was found)."""
    debug = debug_state(settings)
    prefix_of = module_prefixes(
        [entry for f in read for entry in f.routes], root_urlconf(settings)
    )
    records: list[Record] = []
    for facts in read:
        explicit = [(r.route, r.line, False) for r in facts.serve_routes]
        helper = [
            (*route, True)
            for route in (static_route(c, settings) for c in facts.static)
            if route is not None
        ]
        for local, line, guarded in explicit + helper:
            if line in facts.debug_only:
                continue  # added under ``if settings.DEBUG:``: not routed in production
            for prefix in prefix_of.get(facts.module, [""]):
                route = ServeRoute(
                    prefix + local, Place(str(facts.path), line), debug, guarded
                )
                message = judge_serve_route(route)
                if message is not None:
                    records.append(Record.from_check_message(message, tree.root))
        for entry in facts.routes:
            if not entry.include or entry.view not in UNGUARDED_FILE_URLCONFS:
                continue
            for prefix in prefix_of.get(facts.module, [""]):
                place = Place(str(facts.path), entry.line)
                included = FileViewsInclude(prefix + entry.route, place, entry.view)
                message = w603_unguarded_file_views(included)
                records.append(Record.from_check_message(message, tree.root))
    return records


def serve_routes(
    module: ast.Module, name: str, path: Path, settings: Any
) -> list[tuple[str, int, bool]]:
    """``(route as written, line, routed by static())`` of each route of the URLconf to ``serve``.

    ``settings`` is anything with the settings as attributes: ``static(settings.MEDIA_URL)`` reads it.
    """
    explicit = [
        (entry.route, entry.line, False)
        for entry in routes(module, name, path)
        if entry.view == SERVE and not entry.include
    ]
    helper = [
        (route, line, True) for route, line in static_routes(module, name, settings)
    ]
    return explicit + helper


@dataclass(frozen=True)
class StaticCall:
    """A ``static(prefix)`` call routing to ``serve``, as written: its route depends on the settings."""

    line: int
    literal: str | None
    """The prefix when it is a string literal."""
    setting: str | None
    """``MEDIA_URL`` for ``static(settings.MEDIA_URL)``."""
    text: str
    """The prefix's source, shown when its value is unknown."""


def static_calls(module: ast.Module, name: str) -> list[StaticCall]:
    """Each ``static(prefix)`` call of the module that routes to ``serve``."""
    imports = imports_of(module, name)
    helper = _local_name(imports, STATIC_HELPER)
    if helper is None:
        return []
    found = []
    for node in every_node(module):
        if not (
            isinstance(node, ast.Call)
            and dotted_name(node.func) == helper
            and node.args
            and _views_serve(node, imports)
        ):
            continue
        prefix = node.args[0]
        literal = (
            prefix.value
            if isinstance(prefix, ast.Constant) and isinstance(prefix.value, str)
            else None
        )
        text = dotted_name(prefix)
        setting = text.partition(".")[2] if text.startswith("settings.") else None
        source = "" if literal is not None else ast.unparse(prefix)
        found.append(StaticCall(node.lineno, literal, setting, source))
    return found


def static_route(call: StaticCall, settings: Any) -> tuple[str, int] | None:
    """``(route, line)`` of the call as Django builds it, ``None`` when it routes nothing."""
    prefix = call.literal if call.literal is not None else _setting(call, settings)
    if prefix is None:
        return f"static({call.text})", call.line
    if prefix and _is_local(prefix):
        return rf"^{re.escape(prefix.lstrip('/'))}(?P<path>.*)$", call.line
    return None


def static_routes(
    module: ast.Module, name: str, settings: Any
) -> Iterator[tuple[str, int]]:
    """``(route, line)`` of each ``static(prefix)`` call routing to ``serve``, the route as Django builds it."""
    for call in static_calls(module, name):
        route = static_route(call, settings)
        if route is not None:
            yield route


def _is_local(prefix: str) -> bool:
    """``static()`` routes nothing for a prefix with a host, nor for one ``urlsplit`` rejects (it raises there)."""
    try:
        return not urlsplit(prefix).netloc
    except ValueError:
        return False


def _local_name(imports: dict[str, str], target: str) -> str | None:
    """The name the module calls ``target`` by: ``static`` or ``static.static`` (module imported)."""
    for local, dotted in imports.items():
        if dotted == target:
            return local
        if target.startswith(f"{dotted}."):
            return local + target[len(dotted) :]
    return None


def _views_serve(call: ast.Call, imports: dict[str, str]) -> bool:
    """``static()``'s view is ``serve`` unless another one is passed."""
    given = [k.value for k in call.keywords if k.arg == "view"] + call.args[1:2]
    if not given:
        return True
    head, _, rest = dotted_name(given[0]).partition(".")
    return head in imports and f"{imports[head]}.{rest}".rstrip(".") == SERVE


def _setting(call: StaticCall, settings: Any) -> str | None:
    """The value of ``settings.X`` as the settings read it; ``None`` when unknown."""
    if call.setting is None or settings is None:
        return None
    if call.setting in getattr(settings, "unresolved", ()):
        return None
    value: Any = getattr(settings, call.setting, None)
    return value if isinstance(value, str) else None
