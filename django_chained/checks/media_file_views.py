"""The live facts of W603 for packages whose URLconf serves stored files to anyone (``db_file_storage.urls``).

The walked URL patterns name the package's views; one fact per ``include()`` of its URLconf, placed at
the include's line in the URLconf that writes it, as ``django-chained scan`` reads it from source.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from django_chained.facts.place import Place
from django_chained.facts.routes import UNGUARDED_FILE_URLCONFS, FileViewsInclude
from django_chained.sourcetree.urls_reader import routes
from django_chained.urlwalk import Route, Unresolvable

#: View dotted path → the package URLconf routing it.
_URLCONF_OF_VIEW = {
    view: urlconf
    for urlconf, package in UNGUARDED_FILE_URLCONFS.items()
    for view in package.views
}


def file_views_includes(
    items: Iterable[Route | Unresolvable],
) -> list[FileViewsInclude]:
    """One fact per full include prefix whose patterns route to a package's unguarded file views."""
    found: dict[str, FileViewsInclude] = {}
    for item in items:
        if not isinstance(item, Route):
            continue
        urlconf = _URLCONF_OF_VIEW.get(item.dotted_path)
        if urlconf is None:
            continue
        prefix = item.route[: len(item.route) - len(item.local_route)]
        if prefix not in found:
            place = _include_place(item.included_from, prefix, urlconf)
            found[prefix] = FileViewsInclude(prefix, place, urlconf)
    return list(found.values())


def _include_place(file: str | None, prefix: str, urlconf: str) -> Place | None:
    """The line of ``include(urlconf)`` in ``file`` whose route ends ``prefix``."""
    if file is None:
        return None
    try:
        module = ast.parse(Path(file).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return Place(
            file
        )  # a compiled-only or unreadable URLconf: the file without a line
    line = next(
        (
            entry.line
            for entry in routes(module, Path(file).stem, Path(file))
            if entry.include and entry.view == urlconf and prefix.endswith(entry.route)
        ),
        None,
    )
    return Place(file, line)
