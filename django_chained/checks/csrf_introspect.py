"""What a routed view accepts and how it is decorated, read from the objects without calling them."""

from __future__ import annotations

import functools
import types
from collections.abc import Iterator
from typing import Any

from django.views.decorators.clickjacking import xframe_options_exempt

from django_chained.facts.views import ANY_METHOD
from django_chained.urlwalk import Route

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Django's xframe_options_exempt marks the response at call time, so its wrapper is found by its code.
_XFRAME_WRAPPER_CODES = frozenset(
    const
    for const in xframe_options_exempt.__code__.co_consts
    if isinstance(const, types.CodeType)
)
_MAX_NODES = 200


def _children(obj: Any) -> list[Any]:
    """The callables ``obj`` wraps: ``__wrapped__``, closure cells, bound functions, partials."""
    if isinstance(
        obj, (list, tuple)
    ):  # method_decorator keeps its decorators in a list
        return [item for item in obj if callable(item)]
    if isinstance(obj, type):
        return []  # a class in a closure (as_view's ``cls``) is inspected separately
    if isinstance(obj, functools.partial):
        return [obj.func]
    if isinstance(obj, types.MethodType):
        return [obj.__func__]
    if not isinstance(obj, types.FunctionType):
        call = next(
            (vars(k)["__call__"] for k in type(obj).__mro__ if "__call__" in vars(k)),
            None,
        )
        return [call] if isinstance(call, types.FunctionType) else []
    children: list[Any] = []
    wrapped = obj.__dict__.get("__wrapped__")
    if wrapped is not None:
        children.append(wrapped)
    for cell in obj.__closure__ or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if callable(value) or isinstance(value, (list, tuple)):
            children.append(value)
    return children


def reachable(root: Any) -> Iterator[Any]:
    """``root`` and every callable it wraps, each once, depth first."""
    stack, seen = [root], set[int]()
    while stack and len(seen) < _MAX_NODES:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        stack.extend(reversed(_children(obj)))


def _class_roots(view_class: type) -> Iterator[Any]:
    """``dispatch`` and every handler defined anywhere in the class's MRO."""
    names = {"dispatch", *getattr(view_class, "http_method_names", ())}
    for klass in view_class.__mro__:
        for name in names:
            if name in vars(klass):
                yield vars(klass)[name]


def roots(route: Route) -> Iterator[Any]:
    """Where a request for ``route`` can run: the callback, and for a class view its handlers."""
    yield route.callback
    if route.view_class is not None:
        yield from _class_roots(route.view_class)


def is_xframe_options_exempt(route: Route) -> bool:
    """``xframe_options_exempt`` applied anywhere: urls.py, the function, ``dispatch`` or a handler."""
    for root in roots(route):
        for obj in reachable(root):
            if (
                obj is xframe_options_exempt
                or getattr(obj, "xframe_options_exempt", False) is True
            ):
                return True
            if getattr(obj, "__code__", None) in _XFRAME_WRAPPER_CODES:
                return True
    return False


def _method_limit(callback: Any) -> frozenset[str] | None:
    """The methods a ``require_http_methods`` wrapper lets through, or ``None`` if there is none."""
    for obj in reachable(callback):
        code = getattr(obj, "__code__", None)
        if code is None or "request_method_list" not in code.co_freevars:
            continue
        cell = obj.__closure__[code.co_freevars.index("request_method_list")]
        methods = cell.cell_contents
        if isinstance(methods, (list, tuple, set, frozenset)):
            return frozenset(str(method).upper() for method in methods)
    return None


def unsafe_methods(route: Route) -> str:
    """The unsafe methods ``route`` accepts, e.g. ``"POST, PUT"``, ``ANY_METHOD``, or ``""``."""
    view_class = route.view_class
    if view_class is None:
        limit = _method_limit(route.callback)
        if limit is None:
            return ANY_METHOD
        return ", ".join(sorted(limit - SAFE_METHODS))
    allowed = route.view_initkwargs.get(
        "http_method_names", getattr(view_class, "http_method_names", ())
    )
    handlers = {
        name.upper() for name in allowed if callable(getattr(view_class, name, None))
    }
    return ", ".join(sorted(handlers - SAFE_METHODS))


def _is_drf_view(view_class: type) -> bool:
    return any(
        klass.__module__ == "rest_framework.views" and klass.__name__ == "APIView"
        for klass in view_class.__mro__
    )


def drf_enforces_csrf(view_class: type | None) -> bool:
    """Django REST framework views are csrf_exempt but check the token themselves for session users.

    Only as long as no authentication class overrides ``SessionAuthentication.enforce_csrf``.
    """
    if view_class is None or not _is_drf_view(view_class):
        return False
    for auth in getattr(view_class, "authentication_classes", ()) or ():
        for base in getattr(auth, "__mro__", ()):
            if (
                base.__module__ == "rest_framework.authentication"
                and base.__name__ == "SessionAuthentication"
                and getattr(auth, "enforce_csrf", None) is not base.enforce_csrf
            ):
                return False
    return True
