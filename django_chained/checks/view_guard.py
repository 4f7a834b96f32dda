"""Whether a live class-based view's own permission code checks the object it serves.

The live twin of ``django_chained.sourcetree.view_guard``: the project's classes of the MRO (any
module outside Django), and the names a method's bytecode uses (``co_names``), followed through
``self.<name>`` into the class's other methods and properties.
"""

from __future__ import annotations

import inspect
import types
from functools import cached_property
from typing import Any

from django.utils.functional import cached_property as django_cached_property

from django_chained.facts.permissions import (
    CUSTOM_CHECK_METHODS,
    FOLLOW_DEPTH,
    PERMISSION_METHODS,
    checks_the_object,
    is_object_permission_mixin,
)


def _is_project_class(klass: type) -> bool:
    return klass is not object and not klass.__module__.startswith(
        ("django.", "builtins")
    )


def project_definition(view_class: type, name: str) -> tuple[type, Any] | None:
    """The class of the MRO that defines ``name`` first and its value, when that class is the project's."""
    for klass in view_class.__mro__:
        if name in vars(klass):
            return (klass, vars(klass)[name]) if _is_project_class(klass) else None
    return None


def _function_of(value: Any) -> Any:
    if isinstance(value, property):
        return value.fget
    if isinstance(value, cached_property):
        return value.func
    if isinstance(value, django_cached_property):
        return getattr(value, "real_func", None)
    if isinstance(value, (staticmethod, classmethod)):
        return value.__func__
    return value


def _code_names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):  # nested functions, comprehensions
            names |= _code_names(constant)
    return names


def reached_names(view_class: type, function: Any) -> frozenset[str]:
    """The names ``function`` uses, and those of the project's methods and properties it reaches."""
    names: set[str] = set()
    seen: set[types.CodeType] = set()
    frontier = [function]
    for _ in range(FOLLOW_DEPTH):
        following = []
        for current in frontier:
            code = getattr(inspect.unwrap(_function_of(current)), "__code__", None)
            if not isinstance(code, types.CodeType) or code in seen:
                continue
            seen.add(code)
            used = _code_names(code)
            names |= used
            for name in used:
                found = project_definition(view_class, name)
                if found is not None:
                    following.append(found[1])
        frontier = following
    return frozenset(names)


def uses_object_permission_mixin(view_class: type) -> bool:
    return any(
        is_object_permission_mixin(klass.__module__, klass.__name__)
        for klass in view_class.__mro__
    )


def permission_answer(view_class: type) -> tuple[bool, str | None]:
    """(its own permission code checks the object, the ``has_permission``/``test_func`` left to confirm).

    For single-object views only: a permission method cannot narrow a list.
    """
    unconfirmed = None
    for method in PERMISSION_METHODS:
        found = project_definition(view_class, method)
        if found is None:
            continue
        klass, function = found
        if checks_the_object(method, reached_names(view_class, function)):
            return True, None
        if method in CUSTOM_CHECK_METHODS and unconfirmed is None:
            unconfirmed = f"{klass.__module__}.{klass.__qualname__}.{method}"
    return False, unconfirmed
