"""How a string expression was built from values (f-string, ``%``, ``+``, ``format()``, ``join()``), and whether it holds markup."""

from __future__ import annotations

import ast

from django_chained.scan.python.constant_values import MAX_HOPS, is_constant
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name


def built_from_values(
    node: ast.expr,
    ctx: FileContext,
    safe_calls: frozenset[str],
    hops: int = 0,
    seen: frozenset[str] = frozenset(),
) -> str | None:
    """How a string was built from non-constant values, or ``None`` when it was not.

    ``node`` stands where a string is expected (SQL, a format string, HTML), so any ``%`` or ``+``
    there formats or concatenates text, whatever the operands' origin.
    """
    if hops > MAX_HOPS:
        return None

    def constant(*parts: ast.expr) -> bool:
        return all(is_constant(part, ctx, safe_calls, seen) for part in parts)

    if isinstance(node, ast.JoinedStr):
        return None if constant(node) else "an f-string"
    if isinstance(node, ast.BinOp):
        # The template of ``%`` (an attribute, an imported name) is the developer's: the values decide.
        if isinstance(node.op, ast.Mod) and not constant(node.right):
            return "%-formatting"
        if isinstance(node.op, ast.Add) and not constant(node):
            return "+ concatenation"
    elif isinstance(node, ast.Call) and call_name(node) == "SQL" and node.args:
        # psycopg's sql.SQL() trusts its text: it is only as constant as its argument.
        return built_from_values(node.args[0], ctx, safe_calls, hops, seen)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        name = node.func.attr
        values = [*node.args, *(k.value for k in node.keywords)]
        if name == "format" and not constant(*values):
            return "str.format()"
        if name == "join" and not constant(node):
            return "str.join()"
    elif isinstance(node, ast.IfExp):
        return built_from_values(
            node.body, ctx, safe_calls, hops, seen
        ) or built_from_values(node.orelse, ctx, safe_calls, hops, seen)
    elif isinstance(node, ast.Name) and node.id not in seen:
        inner = seen | {node.id}
        for value in ctx.assignments_reaching(node):
            how = built_from_values(value, ctx, safe_calls, hops + 1, inner)
            if how is not None:
                return f"{how} (in {node.id!r}, line {value.lineno})"
    return None


def contains_markup(node: ast.expr) -> bool:
    """Whether a constant part of the expression holds an HTML tag opener."""
    for child in every_node(node):
        if (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and "<" in child.value
        ):
            return True
    return False
