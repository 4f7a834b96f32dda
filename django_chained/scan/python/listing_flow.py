"""2xx: where a listing goes in a view: the local names holding it, and whether it reaches the response.

``rules = MailRule.objects.filter(…)``, ``ser = MailRuleSerializer(rules, many=True)``,
``return Response({"rules": ser.data})``: the rows are sent.  A number or a single row made of
them (``rules.count()``, ``get_object_or_404(rules, pk=pk)``) is not a listing sent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.syntax import call_name

#: What a held queryset gives when one of these is called on it: a number or a yes/no, no rows.
_NO_ROWS = frozenset(
    {"count", "exists", "aggregate", "delete", "update", "first", "last", "get"}
)
_ONE_ROW = frozenset({"get_object_or_404", "Exists", "Subquery"})
_MAX_ROUNDS = 6


def holders(chain: ast.Call, function: FunctionInfo) -> frozenset[str]:
    """Local names the listing flows into: its variable, a serializer of it, a context dict."""
    names = {
        name
        for name, values in function.assignments.items()
        if any(any(c is chain for c in every_node(v)) for v in values)
    }
    for _ in range(_MAX_ROUNDS):
        grown = {
            name
            for name, values in function.assignments.items()
            if name not in names and any(carries(v, names) for v in values)
        }
        if not grown:
            break
        names |= grown
    return frozenset(names)


def _sent_parts(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of an expression, without calls that turn rows into one row or a number
    (``qs.count()``, ``get_object_or_404(qs, pk=pk)``: ``W250``'s question)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Call) and (
            call_name(current) in _ONE_ROW
            or (
                isinstance(current.func, ast.Attribute)
                and current.func.attr in _NO_ROWS
            )
        ):
            continue
        yield current
        stack.extend(child_nodes(current))


def carries(node: ast.AST, names: set[str] | frozenset[str]) -> bool:
    return any(isinstance(c, ast.Name) and c.id in names for c in _sent_parts(node))


def returned(chain: ast.Call, holders: frozenset[str], function: FunctionInfo) -> bool:
    for node in every_node(function.node):
        if (
            isinstance(node, ast.Return)
            and node.value is not None
            and (
                any(c is chain for c in _sent_parts(node.value))
                or carries(node.value, holders)
            )
        ):
            return True
    return False
