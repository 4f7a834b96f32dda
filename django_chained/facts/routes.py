"""What the 6xx rules know about URL patterns that serve files themselves, with no access check.

``django.views.static.serve``, and the views of packages whose URLconf serves stored files to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django_chained.facts.place import Place


@dataclass(frozen=True)
class ServeRoute:
    """A URL pattern routed to ``django.views.static.serve``."""

    route: str
    """The full pattern from ``ROOT_URLCONF``, e.g. ``^media/(?P<path>.*)$``."""
    place: Place | None
    """The URLconf line that routes it."""
    debug: bool | None
    """``DEBUG``; ``None`` when only known at run time (the standalone scan)."""
    debug_guarded: bool
    """Routed by ``static()``, which routes nothing while ``DEBUG`` is off."""


@dataclass(frozen=True)
class UnguardedFileViews:
    """A package whose URLconf routes views that serve any stored file by name, with no access check."""

    package: str
    """The distribution's name, as users install it."""
    views: frozenset[str]
    """The dotted paths of those views, as the live URL patterns name them."""


#: URLconf module → the package it belongs to. ``db_file_storage.urls`` (django-db-file-storage)
#: routes ``download/`` and ``get/`` to ``views.get_file``, which opens ``?name=`` from the
#: database storage for any visitor: nautobot GHSA-75mc-3pjc-727q.
UNGUARDED_FILE_URLCONFS = {
    "db_file_storage.urls": UnguardedFileViews(
        "django-db-file-storage", frozenset({"db_file_storage.views.get_file"})
    ),
}


@dataclass(frozen=True)
class FileViewsInclude:
    """An ``include()`` of one of ``UNGUARDED_FILE_URLCONFS``."""

    route: str
    """The include's full prefix from ``ROOT_URLCONF``, e.g. ``files/``."""
    place: Place | None
    """The URLconf line of the ``include()``."""
    urlconf: str
    """The included module, a key of ``UNGUARDED_FILE_URLCONFS``."""
