"""6xx: public uploads under guessable names, and URL patterns serving files, judged from their facts."""

from __future__ import annotations

from django.core.checks.messages import WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.facts.files import DERIVED_NAME, ORIGINAL_NAME, FileField
from django_chained.facts.place import Place
from django_chained.facts.routes import (
    UNGUARDED_FILE_URLCONFS,
    FileViewsInclude,
    ServeRoute,
)

FIX_HINT = (
    "Use storage=django_chained.storage.RandomFileSystemStorage() on the field "
    "(or RandomFilenameMixin on your backend), or serve the files through a view that checks access."
)
MISORDERED_HINT = (
    "Put RandomFilenameMixin first in the storage class's bases: listed after the backend, "
    "the backend's naming methods win and the mixin never runs."
)


def _hint(field: FileField) -> str:
    return MISORDERED_HINT if field.mixin_misordered else FIX_HINT


def w601_public_original_name(field: FileField) -> ChainedMessage:
    folders = " in dated folders" if field.dated else ""
    return ChainedMessage(
        WARNING,
        f"Uploads keep the uploader's file name{folders} and are public {field.exposure}.",
        hint=_hint(field),
        obj=field.label,
        id="django_chained.W601",
        place=field.place,
    )


def w602_guessable_upload_to(field: FileField) -> ChainedMessage:
    return ChainedMessage(
        WARNING,
        f"upload_to derives file names from the instance or the date (an unsaved instance got {field.example!r}) "
        f"and they are public {field.exposure}.",
        hint=_hint(field),
        obj=field.label,
        id="django_chained.W602",
        place=field.place,
    )


def judge_file_field(field: FileField) -> ChainedMessage | None:
    """W601 or W602 for a field whose public uploads get a name someone can guess."""
    if field.exposure is None:
        return None
    if field.naming == ORIGINAL_NAME:
        return w601_public_original_name(field)
    if field.naming == DERIVED_NAME:
        return w602_guessable_upload_to(field)
    return None


def _w603(message: str, hint: str, route: str, place: Place | None) -> ChainedMessage:
    return ChainedMessage(
        WARNING, message, hint=hint, obj=route, id="django_chained.W603", place=place
    )


def w603_serve_in_production(route: ServeRoute) -> ChainedMessage:
    return _w603(
        "Routed to django.views.static.serve while DEBUG is off: uploads are served with no access check.",
        "Remove the route; let the web server or a view that checks access serve MEDIA_ROOT.",
        route.route,
        route.place,
    )


def w604_serve_with_debug(route: ServeRoute) -> ChainedMessage:
    return ChainedMessage(
        WARNING,
        "Routed to django.views.static.serve: every file under its root is served, bypassing the views' access checks.",
        hint="static() drops it once DEBUG is off; never deploy with DEBUG on, and keep private uploads out of it.",
        obj=route.route,
        id="django_chained.W604",
        place=route.place,
    )


def judge_serve_route(route: ServeRoute) -> ChainedMessage | None:
    """W604 while DEBUG may be on, W603 for an explicit route with DEBUG off; ``static()`` off routes nothing."""
    if route.debug_guarded:
        # static() routes only while DEBUG is on: unknown DEBUG is judged as on, the one way it routes.
        return None if route.debug is False else w604_serve_with_debug(route)
    # An explicit route stays routed in production: unknown DEBUG is judged as off.
    return (
        w604_serve_with_debug(route) if route.debug else w603_serve_in_production(route)
    )


def w603_unguarded_file_views(include: FileViewsInclude) -> ChainedMessage:
    """W603 for an ``include()`` of a package's views that serve stored files to anyone, DEBUG or not."""
    package = UNGUARDED_FILE_URLCONFS[include.urlconf].package
    return _w603(
        f"include({include.urlconf!r}) routes {package}'s views, which serve any stored file by its name "
        "with no access check.",
        "Remove the include; serve the files through your own view that checks the user may read "
        "the file, then streams it from the storage.",
        include.route,
        include.place,
    )
