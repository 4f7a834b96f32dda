"""What W258 reads of a REST framework view, by class and method name: live and static judges share it."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: REST framework's views and mixins that save a serializer's validated data: create or update.
WRITING_BASES = frozenset(
    {
        "ModelViewSet", "CreateModelMixin", "UpdateModelMixin", "CreateAPIView",
        "ListCreateAPIView", "UpdateAPIView", "RetrieveUpdateAPIView",
        "RetrieveUpdateDestroyAPIView",
    }
)  # fmt: skip
#: The view methods a write runs, where a check of the chosen row would be written.
WRITE_METHODS = frozenset(
    {"create", "perform_create", "update", "perform_update", "partial_update"}
)
#: ``has_perm``, ``check_object_permissions``, ``PermissionDenied``, ``authorize``.
_PERMISSION_NAME = re.compile(r"perm(?!alink|anent)|authori[sz]", re.IGNORECASE)


def checks_the_row(
    field: str, related: str, methods: Iterable[tuple[str, frozenset[str]]]
) -> bool:
    """Whether a view's methods (name, names used) check the row a client picked for ``field``:
    one names the field or the related model (``perform_create`` reading ``project``, a
    ``get_owner_objects()`` listing ``Routine``), or a write method asks for a permission."""
    for name, used in methods:
        if field in used or related in used:
            return True
        if name in WRITE_METHODS and any(map(_PERMISSION_NAME.search, used)):
            return True
    return False


def function_checks_the_row(field: str, related: str, used: frozenset[str]) -> bool:
    """``checks_the_row`` for a function view, whose body is the write: it names the field or the
    related model, or asks for a permission anywhere."""
    return field in used or related in used or any(map(_PERMISSION_NAME.search, used))
