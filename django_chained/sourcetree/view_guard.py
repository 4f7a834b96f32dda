"""Whether a class-based view read from the tree narrows or checks its objects, through all its bases.

The scan's twin of ``read_view()`` inside Django (``django_chained.checks.authorization_views``):
the tree's own classes stand for the project's classes of the MRO, and the names a method uses
(attributes and globals of its syntax tree) for its bytecode's ``co_names``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from django_chained.facts.api_views import scoped_by_api_settings
from django_chained.facts.permissions import (
    CUSTOM_CHECK_METHODS,
    FOLLOW_DEPTH,
    PERMISSION_METHODS,
    checks_the_object,
    is_object_permission_mixin,
)
from django_chained.facts.views import SINGLE
from django_chained.sourcetree.class_index import ClassIndex, OutsideClass, TreeClass
from django_chained.sourcetree.models_reader import last_name
from django_chained.sourcetree.views_reader import assigned

#: Our mixin: it scopes rows to the user wherever it is imported from.
OWNER_MIXIN = "OwnerQuerysetMixin"
#: Names taken for object-permission mixins when the module a base comes from is unknown (``import *``).
PERMISSION_MIXIN_NAMES = frozenset(
    {"PermissionRequiredMixin", "PermissionListMixin", "AutoPermissionRequiredMixin"}
)
Method = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class ViewGuard:
    scoped: bool
    """Narrows or checks the objects: own ``get_queryset``/``get_object``, object permissions."""
    unconfirmed_check: str | None
    """``module.Class.method`` of a ``has_permission``/``test_func`` not seen fetching the object."""


def _methods(classes: list[TreeClass]) -> dict[str, tuple[TreeClass, Method]]:
    """Each method name to the first tree class defining it, in MRO order."""
    found: dict[str, tuple[TreeClass, Method]] = {}
    for tree_class in classes:
        for item in tree_class.node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.setdefault(item.name, (tree_class, item))
    return found


def _names_in(function: Method) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
    return names


def reached_names(
    methods: dict[str, tuple[TreeClass, Method]], function: Method
) -> frozenset[str]:
    """The names ``function`` uses, and those of the class's methods and properties it reaches."""
    names: set[str] = set()
    seen: set[int] = set()
    frontier = [function]
    for _ in range(FOLLOW_DEPTH):
        following = []
        for current in frontier:
            if id(current) in seen:
                continue
            seen.add(id(current))
            used = _names_in(current)
            names |= used
            following += [methods[name][1] for name in used if name in methods]
        frontier = following
    return frozenset(names)


def _object_permission_base(base: OutsideClass) -> bool:
    if base.module is None:
        return base.name in PERMISSION_MIXIN_NAMES
    return is_object_permission_mixin(base.module, base.name)


def _class_names(value: ast.expr | None) -> list[str]:
    """Class names in ``[IsAuthenticated & IsOwner, perms.IsAdmin]`` (lists, tuples, ``&``/``|``/``~``)."""
    if value is None:
        return []
    if isinstance(value, (ast.List, ast.Tuple)):
        return [name for element in value.elts for name in _class_names(element)]
    if isinstance(value, ast.BinOp):
        return _class_names(value.left) + _class_names(value.right)
    if isinstance(value, ast.UnaryOp):
        return _class_names(value.operand)
    return [last_name(value)]


def _declared_by_project(
    ancestry: list[TreeClass | OutsideClass], name: str
) -> list[str]:
    """Class names the project's classes assign to ``name``, up to the first class from outside the tree."""
    for klass in ancestry:
        if isinstance(klass, OutsideClass):
            return []
        value = assigned(klass.node, name)
        if value is not None:
            return _class_names(value)
    return []


def _api_settings_scope(ancestry: list[TreeClass | OutsideClass], kind: str) -> bool:
    return scoped_by_api_settings(
        kind,
        _declared_by_project(ancestry, "permission_classes"),
        _declared_by_project(ancestry, "filter_backends"),
    )


def read_guard(
    index: ClassIndex, module: str, node: ast.ClassDef, kind: str, *, api: bool = False
) -> ViewGuard:
    """How the view ``node`` of ``module`` guards its objects, read through its bases in the tree.

    ``api``: a REST framework view, whose own permission classes and filter backends count too.
    """
    ancestry = list(index.ancestry(module, node))
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
        owner, function = methods[method]
        if checks_the_object(method, reached_names(methods, function)):
            return ViewGuard(True, None)
        if method in CUSTOM_CHECK_METHODS and unconfirmed is None:
            unconfirmed = f"{owner.dotted}.{method}"
    return ViewGuard(False, unconfirmed)
