"""Whether a class-based view read from the tree narrows or checks its objects, through all its bases.

The scan's twin of ``read_view()`` inside Django (``django_chained.checks.authorization_views``):
the tree's own classes stand for the project's classes of the MRO, and the names a method uses
(attributes and globals of its syntax tree) for its bytecode's ``co_names``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django_chained.facts.api_views import scoped_by_api_settings
from django_chained.facts.permissions import (
    CUSTOM_CHECK_METHODS,
    FOLLOW_DEPTH,
    PERMISSION_METHODS,
    checks_the_object,
    is_object_permission_mixin,
)
from django_chained.facts.views import SINGLE
from django_chained.sourcetree.class_facts import MethodFacts
from django_chained.sourcetree.class_index import ClassIndex, OutsideClass, TreeClass

#: Our mixin: it scopes rows to the user wherever it is imported from.
OWNER_MIXIN = "OwnerQuerysetMixin"
#: Names taken for object-permission mixins when the module a base comes from is unknown (``import *``).
PERMISSION_MIXIN_NAMES = frozenset(
    {"PermissionRequiredMixin", "PermissionListMixin", "AutoPermissionRequiredMixin"}
)


@dataclass(frozen=True)
class ViewGuard:
    scoped: bool
    """Narrows or checks the objects: own ``get_queryset``/``get_object``, object permissions."""
    unconfirmed_check: str | None
    """``module.Class.method`` of a ``has_permission``/``test_func`` not seen fetching the object."""


def _methods(classes: list[TreeClass]) -> dict[str, tuple[TreeClass, MethodFacts]]:
    """Each method name to the first tree class defining it, in MRO order."""
    found: dict[str, tuple[TreeClass, MethodFacts]] = {}
    for tree_class in classes:
        for method in tree_class.klass.methods:
            found.setdefault(method.name, (tree_class, method))
    return found


def reached_names(
    index: ClassIndex,
    methods: dict[str, tuple[TreeClass, MethodFacts]],
    start: tuple[TreeClass, MethodFacts],
) -> frozenset[str]:
    """The names the method ``start`` uses, and those of the class's methods and properties it reaches."""
    names: set[str] = set()
    seen: set[tuple[Path, int, int]] = set()
    frontier = [start]
    for _ in range(FOLLOW_DEPTH):
        following = []
        for owner, method in frontier:
            key = (owner.path, method.line, method.column)
            if key in seen:
                continue
            seen.add(key)
            used = index.names(owner, method)
            names |= used
            following += [methods[name] for name in used if name in methods]
        frontier = following
    return frozenset(names)


def _object_permission_base(base: OutsideClass) -> bool:
    if base.module is None:
        return base.name in PERMISSION_MIXIN_NAMES
    return is_object_permission_mixin(base.module, base.name)


def _declared_by_project(
    ancestry: list[TreeClass | OutsideClass], name: str
) -> list[str]:
    """Class names the project's classes assign to ``name``, up to the first class from outside the tree."""
    for klass in ancestry:
        if isinstance(klass, OutsideClass):
            return []
        declared = klass.klass.declares(name)
        if declared is not None:
            return list(declared)
    return []


def _api_settings_scope(ancestry: list[TreeClass | OutsideClass], kind: str) -> bool:
    return scoped_by_api_settings(
        kind,
        _declared_by_project(ancestry, "permission_classes"),
        _declared_by_project(ancestry, "filter_backends"),
    )


def read_guard(
    index: ClassIndex, view: TreeClass, kind: str, *, api: bool = False
) -> ViewGuard:
    """How the class-based ``view`` guards its objects, read through its bases in the tree.

    ``api``: a REST framework view, whose own permission classes and filter backends count too.
    """
    ancestry = list(index.ancestry(view))
    tree_classes = [c for c in ancestry if isinstance(c, TreeClass)]
    outside = [c for c in ancestry if isinstance(c, OutsideClass)]
    methods = _methods(tree_classes)
    scoped = (
        "get_queryset" in methods
        or "get_object" in methods
        or any(c.name == OWNER_MIXIN for c in outside)
        or any(_object_permission_base(c) for c in outside)
        # test_func() can compare the fetched object's owner; it cannot narrow a list.
        or (kind == SINGLE and any(c.name == "UserPassesTestMixin" for c in outside))
        or (api and _api_settings_scope(ancestry, kind))
    )
    if scoped or kind != SINGLE:
        return ViewGuard(scoped, None)
    unconfirmed = None
    for method in PERMISSION_METHODS:
        if method not in methods:
            continue
        owner = methods[method][0]
        if checks_the_object(method, reached_names(index, methods, methods[method])):
            return ViewGuard(True, None)
        if method in CUSTOM_CHECK_METHODS and unconfirmed is None:
            unconfirmed = f"{owner.dotted}.{method}"
    return ViewGuard(False, unconfirmed)
