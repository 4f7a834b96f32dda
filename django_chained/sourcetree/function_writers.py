"""Function views writing request data through a serializer, for W258 (``serializer_writers``).

``@api_view(["POST"])`` functions and plain views that build ``ShareLinkSerializer(data=request.data)``
and call ``save()`` write through the serializer as a ``ModelViewSet`` does; which serializer, and
the names the function uses to judge whether it checks the row, are all W258 needs of them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.class_facts import names_in
from django_chained.sourcetree.models_reader import last_name


@dataclass(frozen=True)
class FunctionWriter:
    """A top-level function view saving request data through the named serializers."""

    name: str
    serializers: tuple[str, ...]
    used: tuple[str, ...]
    """The names and attributes its body uses (``names_in``)."""


def _given_data(node: ast.AST) -> str | None:
    """``ShareLinkSerializer`` of ``ShareLinkSerializer(link, data=request.data)``."""
    if not (isinstance(node, ast.Call) and any(k.arg == "data" for k in node.keywords)):
        return None
    name = last_name(node.func)
    return name if name.endswith("Serializer") else None


def _saves(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "save"
    )


def function_writers(tree: ast.Module) -> Iterator[FunctionWriter]:
    """Each top-level function taking ``request`` first that gives a serializer data and saves."""
    for node in tree.body:
        if not (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.args.args
            and node.args.args[0].arg == "request"
        ):
            continue
        inner = list(every_node(node))
        serializers = sorted({name for n in inner if (name := _given_data(n))})
        if serializers and any(map(_saves, inner)):
            yield FunctionWriter(
                node.name, tuple(serializers), tuple(sorted(names_in(node)))
            )
