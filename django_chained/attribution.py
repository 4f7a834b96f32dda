"""Attribution relations: a foreign key that records who made a row, not who may see it.

``created_by``, ``added_by``, ``author`` on a catalogue row (a product, a tag, a forum question)
name the user who wrote it; everyone may read such rows on many sites. A model whose every path to
the user model ends in such a field is *attributed*, not owned: serving its rows read-only is
reported only as ``django_chained.I213`` (confirm the rows are meant to be public), while writing
them stays a warning.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Attribution fields not spelled ``*_by``, read from real models (``submitter``).
ATTRIBUTION_NAMES = frozenset({"author", "creator", "submitter"})
#: Names that say whose the row is: its owner, or who uploaded it (an uploaded document or
#: attachment is private until shown otherwise, unlike a catalogue row someone created).
OWNERSHIP_NAMES = frozenset({"owned_by", "uploaded_by", "uploader"})


def is_attribution_field(name: str) -> bool:
    """Whether a relation named ``name`` records who made or changed the row (``created_by``, ``author``)."""
    name = name.lower()
    return name not in OWNERSHIP_NAMES and (
        name in ATTRIBUTION_NAMES or name.endswith("_by")
    )


def only_attribution(paths: Iterable[str]) -> bool:
    """Whether there are owner ``paths`` and every one ends in an attribution field.

    ``created_by`` and ``space__created_by`` name who made a row (or its space); ``owner`` or
    ``project__members`` beside them say whose it is.
    """
    ends = [path.rsplit("__", 1)[-1] for path in paths]
    return bool(ends) and all(is_attribution_field(end) for end in ends)


#: Views that serve rows to read: a detail or list page, a read-only API.
READ_VIEWS = frozenset(
    {"DetailView", "ListView", "BaseDetailView", "BaseListView", "RetrieveAPIView", "ListAPIView", "ReadOnlyModelViewSet"}
)  # fmt: skip
#: Handlers and hooks through which a view writes the rows it serves.
WRITING_METHODS = frozenset(
    {"post", "put", "patch", "delete", "form_valid", "perform_create", "perform_update", "perform_destroy", "create", "update", "partial_update", "destroy"}
)  # fmt: skip


def reads_only(base_names: Iterable[str], method_names: Iterable[str]) -> bool:
    """Whether a view with these bases (or MRO class names) and methods only serves rows to read."""
    return bool(
        READ_VIEWS.intersection(base_names)
    ) and not WRITING_METHODS.intersection(method_names)


def class_reads_only(view_class: type) -> bool:
    """``reads_only`` of an imported view class: its MRO's class names and the methods it has."""
    methods = [
        name for name in WRITING_METHODS if callable(getattr(view_class, name, None))
    ]
    return reads_only([klass.__name__ for klass in view_class.__mro__], methods)
