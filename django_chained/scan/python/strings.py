"""How a string expression was built: constant, formatted from values, escaped markup."""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext, call_name

#: Calls whose result is safe to splice into SQL text (numbers, quoted identifiers).
SQL_SAFE_CALLS = frozenset({"int", "float", "bool", "len", "quote_name"})
#: Calls whose result is already escaped (or trusted) HTML.
HTML_SAFE_CALLS = frozenset(
    {
        "escape",
        "conditional_escape",
        "format_html",
        "format_html_join",
        "render_to_string",
        "json_script",
        "escapejs",
        "mark_safe",
    }
)
_MAX_DEPTH = 4


def is_constant(
    node: ast.expr,
    ctx: FileContext,
    safe_calls: frozenset[str],
    depth: int = 0,
    seen: frozenset[str] = frozenset(),
) -> bool:
    """Whether the value is fixed in the source (or comes from a call in ``safe_calls``)."""
    if depth > _MAX_DEPTH:
        return False
    deeper = depth + 1

    def constant(child: ast.expr) -> bool:
        return is_constant(child, ctx, safe_calls, deeper, seen)

    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(
            not isinstance(part, ast.FormattedValue) or constant(part.value)
            for part in node.values
        )
    if isinstance(node, ast.BinOp):
        return constant(node.left) and constant(node.right)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(constant(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(constant(v) for v in node.values)
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name in safe_calls:
            return True
        if name in ("format", "join") and isinstance(node.func, ast.Attribute):
            parts = [node.func.value, *node.args, *(k.value for k in node.keywords)]
            return all(constant(p) for p in parts)
        return False
    if isinstance(node, ast.Name):
        if node.id in seen:
            # ``sql += "..."`` refers to the name being resolved: the other parts decide.
            return True
        values = ctx.assignments_of(node.id)
        inner = seen | {node.id}
        return bool(values) and all(
            is_constant(v, ctx, safe_calls, deeper, inner) for v in values
        )
    return False


def _is_stringy(node: ast.expr, ctx: FileContext, depth: int) -> bool:
    if depth > _MAX_DEPTH:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _is_stringy(node.left, ctx, depth + 1) or _is_stringy(
            node.right, ctx, depth + 1
        )
    if isinstance(node, ast.Call):
        return call_name(node) in ("format", "join")
    if isinstance(node, ast.Name):
        return any(_is_stringy(v, ctx, depth + 1) for v in ctx.assignments_of(node.id))
    return False


def built_from_values(
    node: ast.expr,
    ctx: FileContext,
    safe_calls: frozenset[str],
    depth: int = 0,
    seen: frozenset[str] = frozenset(),
) -> str | None:
    """How a string was built from non-constant values, or ``None`` when it was not."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.JoinedStr):
        if not is_constant(node, ctx, safe_calls, seen=seen):
            return "an f-string"
    elif isinstance(node, ast.BinOp):
        if is_constant(node, ctx, safe_calls, seen=seen):
            return None
        if isinstance(node.op, ast.Mod) and _is_stringy(node.left, ctx, 0):
            return "%-formatting"
        if isinstance(node.op, ast.Add) and (
            _is_stringy(node.left, ctx, 0) or _is_stringy(node.right, ctx, 0)
        ):
            return "+ concatenation"
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        name = node.func.attr
        if name in ("format", "join") and not is_constant(
            node, ctx, safe_calls, seen=seen
        ):
            return "str.format()" if name == "format" else "str.join()"
    elif isinstance(node, ast.Name) and node.id not in seen:
        inner = seen | {node.id}
        for value in ctx.assignments_of(node.id):
            how = built_from_values(value, ctx, safe_calls, depth + 1, inner)
            if how is not None:
                return f"{how} (in {node.id!r}, line {value.lineno})"
    return None


def contains_markup(node: ast.expr) -> bool:
    """Whether a constant part of the expression holds an HTML tag opener."""
    for child in ast.walk(node):
        if (
            isinstance(child, ast.Constant)
            and isinstance(child.value, str)
            and "<" in child.value
        ):
            return True
    return False
