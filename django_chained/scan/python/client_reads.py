"""Which client values an access test reads: ``request.GET``/``POST``/``query_params``, ``headers``/``META`` and ``get_host()``.

A value first copied into a local name (``agent = request.META.get("HTTP_USER_AGENT")``, then
``if "admin" in agent:``) is read where the name is, when the function assigns the name once,
above the test: W251's grants (``client_flags``) judge the test as if it read the request.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node

FLAG_SOURCES = frozenset({"GET", "POST", "query_params"})
HEADER_SOURCES = frozenset({"headers", "META"})


def _request_attribute(node: ast.AST, function: FunctionInfo) -> str | None:
    if (
        isinstance(node, ast.Attribute)
        and node.attr in FLAG_SOURCES | HEADER_SOURCES
        and function.is_request(node.value)
    ):
        return node.attr
    return None


def text_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def raw_reads(
    test: ast.AST, function: FunctionInfo
) -> Iterator[tuple[str, str | None]]:
    """``(source, key)`` of each read: ``request.GET["admin"]``, ``.get(key)``, ``key in``, ``get_host()``."""
    for node in every_node(test):
        if isinstance(node, ast.Subscript):
            source = _request_attribute(node.value, function)
            if source is not None:
                yield source, text_of(node.slice)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "get_host" and function.is_request(node.func.value):
                yield "get_host", None
            source = _request_attribute(node.func.value, function)
            if (
                source is not None
                and node.func.attr in ("get", "getlist")
                and node.args
            ):
                yield source, text_of(node.args[0])
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.ops[0], ast.In | ast.NotIn)
            and (source := _request_attribute(node.comparators[0], function))
        ):
            yield source, text_of(node.left)


def _copied_values(test: ast.AST, function: FunctionInfo) -> Iterator[ast.expr]:
    """The value of each name of the test that the function assigns once, above the test."""
    line = getattr(test, "lineno", 0)
    for node in every_node(test):
        values = (
            function.assignments.get(node.id, ()) if isinstance(node, ast.Name) else ()
        )
        if len(values) == 1 and values[0].lineno < line:
            yield values[0]


def reads(test: ast.AST, function: FunctionInfo) -> Iterator[tuple[str, str | None]]:
    """``raw_reads`` of the test, then of the values its local names were copied from."""
    yield from raw_reads(test, function)
    for value in _copied_values(test, function):
        yield from raw_reads(value, function)
