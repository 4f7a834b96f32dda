"""What the 2xx audit reads from a REST framework view, by class name: live and static readers share it.

Names, not classes: the static scan never imports the tree, and projects without REST framework
never load it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django_chained.facts.views import LIST, SINGLE

#: Generic views and mixins whose ``list()`` returns many rows.
LIST_BASES = frozenset(
    {"ListAPIView", "ListCreateAPIView", "ListModelMixin", "ModelViewSet", "ReadOnlyModelViewSet"}
)  # fmt: skip
#: Generic views and mixins that fetch one row by the URL's key.
SINGLE_BASES = frozenset(
    {
        "RetrieveAPIView", "RetrieveUpdateAPIView", "RetrieveDestroyAPIView",
        "RetrieveUpdateDestroyAPIView", "UpdateAPIView", "DestroyAPIView",
        "RetrieveModelMixin", "UpdateModelMixin", "DestroyModelMixin",
    }
)  # fmt: skip
#: REST framework's permissions that never look at the object.
OBJECT_BLIND_PERMISSIONS = frozenset(
    {
        "AllowAny", "IsAuthenticated", "IsAdminUser", "IsAuthenticatedOrReadOnly",
        "DjangoModelPermissions", "DjangoModelPermissionsOrAnonReadOnly", "BasePermission",
    }
)  # fmt: skip
#: Filter backends that search or order but never narrow rows to the user.
USER_BLIND_FILTERS = frozenset(
    {"SearchFilter", "OrderingFilter", "DjangoFilterBackend", "BaseFilterBackend"}
)


_API_VIEWS: dict[type, bool] = {}


def is_api_view(view_class: type) -> bool:
    """Whether ``view_class`` is a REST framework ``APIView`` (found by name: REST framework is not imported)."""
    if view_class not in _API_VIEWS:
        _API_VIEWS[view_class] = any(
            base.__module__ == "rest_framework.views" and base.__name__ == "APIView"
            for base in view_class.__mro__
        )
    return _API_VIEWS[view_class]


def api_view_kind(base_names: Iterable[str]) -> str | None:
    """``LIST`` when a base lists rows (a viewset with ``list`` is judged as a list), ``SINGLE`` when one fetches one."""
    names = set(base_names)
    if names & LIST_BASES:
        return LIST
    if names & SINGLE_BASES:
        return SINGLE
    return None


def scoped_by_api_settings(
    kind: str, permission_names: Iterable[str], filter_names: Iterable[str]
) -> bool:
    """Whether the view's own permission classes or filter backends may narrow what it serves.

    A permission class of the project's may compare the object's owner
    (``has_object_permission``), which guards a single object but cannot narrow a list; a filter
    backend of the project's may filter on the user. Neither can be read further: both count.
    """
    if any(name not in USER_BLIND_FILTERS for name in filter_names):
        return True
    return kind == SINGLE and any(
        name not in OBJECT_BLIND_PERMISSIONS for name in permission_names
    )
