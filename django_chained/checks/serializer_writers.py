"""W258 judged inside Django: what a serializer's model field relates to, and which routed views write through it.

The live twin of ``django_chained.sourcetree.serializer_writers``: the app registry answers for the
models, the URLconf for the views, and the names a project method's bytecode uses (``co_names``)
for what the scan reads of its syntax tree.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from types import CodeType, FunctionType
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from django_chained.checks.authorization_views import FRAMEWORK_MODULES
from django_chained.facts.serializer_writers import (
    WRITING_BASES,
    checks_the_row,
    function_checks_the_row,
)
from django_chained.ownership import is_user_model
from django_chained.scan.python.identity import ACTOR_FIELDS
from django_chained.urlwalk import Route, walk


def related_model_named(model: str, field: str) -> str | None:
    """The class name an installed model's field relates to; ``None`` for another field, a model
    not installed, or a relation to the user model (whose rows are W254's question)."""
    for candidate in apps.get_models():
        if candidate.__name__ != model:
            continue
        try:
            found = candidate._meta.get_field(field)
        except FieldDoesNotExist:
            continue
        related = found.related_model if found.is_relation else None
        if isinstance(related, type) and not is_user_model(related):
            return related.__name__
    return None


def relation_fields_named(model: str) -> list[str]:
    """The relation fields an installed model of that name declares or inherits, as
    ``fields = "__all__"`` has REST framework build them (no reverse relations, no parent links)."""
    return [field.name for field in _forward_relations(model)]


def is_users_row_named(model: str) -> bool:
    """An installed model of that name relates to the user model by a field naming who owns or
    made the row (``owner``, ``user``, ``author``)."""
    return any(
        field.name in ACTOR_FIELDS and is_user_model(field.related_model)
        for field in _forward_relations(model)
    )


def _forward_relations(model: str) -> Iterator[Any]:
    """The relation fields installed models of that name declare or inherit: no reverse relations."""
    for candidate in apps.get_models():
        if candidate.__name__ == model:
            yield from (
                field
                for field in candidate._meta.get_fields()
                if field.is_relation
                and (field.many_to_one or field.one_to_one or field.many_to_many)
                and not field.auto_created
            )


def _names(code: CodeType) -> Iterator[str]:
    yield from code.co_names
    yield from code.co_varnames  # local names: the scan reads every name of the syntax tree
    for constant in code.co_consts:
        if isinstance(constant, CodeType):  # comprehensions, nested functions
            yield from _names(constant)


def _keywords(code: CodeType) -> Iterator[str]:
    """Keyword names the code passes (``data`` of ``S(data=...)``): tuples of its constants."""
    for constant in code.co_consts:
        if isinstance(constant, tuple):
            yield from (name for name in constant if isinstance(name, str))
        elif isinstance(constant, CodeType):
            yield from _keywords(constant)


def _view_functions(route: Route) -> Iterator[FunctionType]:
    """The project function behind a routed function view: the callback itself, or the one REST
    framework's ``@api_view`` class calls from its handlers (the function its methods close over)."""
    view = route.view_class
    if view is None:
        function = inspect.unwrap(route.callback)
        if isinstance(function, FunctionType):
            yield function
        return
    if view.__module__.startswith(FRAMEWORK_MODULES):
        return
    for value in vars(view).values():
        for cell in getattr(value, "__closure__", None) or ():
            if isinstance(cell.cell_contents, FunctionType):
                yield cell.cell_contents


def _function_writers(
    routes: list[Route],
) -> list[tuple[frozenset[str], frozenset[str]]]:
    """``(serializers given data, names used)`` of each routed function view that saves."""
    writers = []
    for route in routes:
        for function in _view_functions(route):
            code = function.__code__
            used = frozenset(_names(code))
            if "save" in used and "data" in set(_keywords(code)):
                serializers = frozenset(n for n in used if n.endswith("Serializer"))
                writers.append((serializers, used))
    return writers


def _project_methods(view: type) -> Iterator[tuple[str, frozenset[str]]]:
    """Each method the project's classes of the view define, with the names it uses."""
    for klass in view.__mro__:
        if klass.__module__.startswith(FRAMEWORK_MODULES):
            continue
        for name, value in vars(klass).items():
            function = getattr(value, "__func__", value)  # staticmethod, classmethod
            if isinstance(function, FunctionType):
                yield name, frozenset(_names(function.__code__))


def routed_writer_judge() -> Callable[[str, str, str], bool]:
    """``written_unchecked(serializer, field, related)`` over the views the URLconf routes,
    class-based and function views alike."""
    routes = [route for route in walk() if isinstance(route, Route)]
    views = {route.view_class for route in routes if route.view_class is not None}
    functions = _function_writers(routes)

    def written_unchecked(serializer: str, field: str, related: str) -> bool:
        for view in views:
            used = getattr(getattr(view, "serializer_class", None), "__name__", None)
            if used != serializer:
                continue
            if not {klass.__name__ for klass in view.__mro__} & WRITING_BASES:
                continue
            if not checks_the_row(field, related, _project_methods(view)):
                return True
        return any(
            serializer in serializers
            and not function_checks_the_row(field, related, used)
            for serializers, used in functions
        )

    return written_unchecked
