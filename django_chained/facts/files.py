"""What the 6xx rules know about a model's file field: who can reach its uploads, under which names."""

from __future__ import annotations

from dataclasses import dataclass

from django_chained.facts.place import Place

#: ``FileField.naming``: the uploader's own file name is kept (a string ``upload_to`` always keeps it).
ORIGINAL_NAME = "original"
#: ``FileField.naming``: a callable ``upload_to`` derives the name from the instance or the date.
DERIVED_NAME = "derived"
#: ``FileField.naming``: the storage gives every upload a random name.
RANDOM_NAME = "random"


@dataclass(frozen=True)
class FileField:
    """A ``FileField``/``ImageField`` of a concrete model."""

    label: str
    """``app_label.Model.field``, as Django prints a field."""
    place: Place | None
    exposure: str | None
    """How the storage's files are reachable without a signed URL, e.g. ``under MEDIA_URL '/media/'``;
    ``None`` when they are not, or when only running the storage would tell."""
    naming: str | None
    """``ORIGINAL_NAME``, ``DERIVED_NAME`` or ``RANDOM_NAME``; ``None`` when it cannot be told."""
    example: str
    """A name an upload would get (for ``DERIVED_NAME``, what an unsaved instance got)."""
    dated: bool
    """The names sit in date folders (``%Y/%m/``)."""
    mixin_misordered: bool = False
    """The storage lists ``RandomFilenameMixin`` after its backend, so the mixin never names a file."""
