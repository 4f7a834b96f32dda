"""A view's context values as plain nested lists: what ``context_values`` judges, cacheable as JSON.

Only what the judgement reads of an expression is kept, as ``[kind, ...]``:

- ``["const", is_true]``: a literal (``is_true`` for ``True``), a comparison or a ``not``;
- ``["parts", [expr, ...]]``: a container or an operator, judged by its parts;
- ``["name", id]``, ``["attr", attribute, value]``, ``["sub", value]``;
- ``["call", func, called_name, [argument, ...], [[keyword or None, value], ...]]``;
- ``["other"]`` for anything else, ``["deep"]`` where nesting goes past ``MAX_NESTING``.
"""

from __future__ import annotations

import ast
from typing import Any

Expr = list[Any]
#: Levels of an expression kept: a deeper one (``"a" + "b" + …`` ten thousand times) is not judged.
MAX_NESTING = 100
KINDS = frozenset({"const", "parts", "name", "attr", "sub", "call", "other", "deep"})


def call_name(call: ast.Call) -> str:
    """The called name: ``dumps`` for ``json.dumps(…)``, ``render`` for ``render(…)``; ``""`` otherwise."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _parts(node: ast.expr) -> list[ast.expr] | None:
    """The sub-expressions a container or operator takes its content from; ``None`` for others."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return list(node.values)
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return [node.elt]
    if isinstance(node, ast.DictComp):
        return [node.value]
    return None


def plain(node: ast.expr, nesting: int = 0) -> Expr:
    """``node`` as plain data."""
    if nesting > MAX_NESTING:
        return ["deep"]
    inner = nesting + 1
    if isinstance(node, ast.Constant):
        return ["const", node.value is True]
    if isinstance(node, ast.Compare) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    ):
        return ["const", False]
    parts = _parts(node)
    if parts is not None:
        return ["parts", [plain(p, inner) for p in parts]]
    if isinstance(node, ast.Name):
        return ["name", node.id]
    if isinstance(node, ast.Attribute):
        return ["attr", node.attr, plain(node.value, inner)]
    if isinstance(node, ast.Subscript):
        return ["sub", plain(node.value, inner)]
    if isinstance(node, ast.Call):
        return [
            "call",
            plain(node.func, inner),
            call_name(node),
            [plain(a, inner) for a in node.args],
            [[k.arg, plain(k.value, inner)] for k in node.keywords],
        ]
    return ["other"]


def is_plain(value: object, nesting: int = 0) -> bool:
    """Whether ``value`` (read from a cache file) has exactly the shape ``plain`` writes."""
    if not (isinstance(value, list) and value and value[0] in KINDS):
        return False
    if nesting > MAX_NESTING + 1:
        return False
    kind, rest, inner = value[0], value[1:], nesting + 1
    if kind in ("other", "deep"):
        return not rest
    if kind == "const":
        return len(rest) == 1 and type(rest[0]) is bool
    if kind == "name":
        return len(rest) == 1 and type(rest[0]) is str
    if kind == "sub":
        return len(rest) == 1 and is_plain(rest[0], inner)
    if kind == "parts":
        return (
            len(rest) == 1
            and isinstance(rest[0], list)
            and all(is_plain(p, inner) for p in rest[0])
        )
    if kind == "attr":
        return len(rest) == 2 and type(rest[0]) is str and is_plain(rest[1], inner)
    return _is_plain_call(rest, inner)


def _is_plain_call(rest: list[Any], nesting: int) -> bool:
    if len(rest) != 4:
        return False
    func, name, args, keywords = rest
    return (
        is_plain(func, nesting)
        and type(name) is str
        and isinstance(args, list)
        and all(is_plain(a, nesting) for a in args)
        and isinstance(keywords, list)
        and all(
            isinstance(k, list)
            and len(k) == 2
            and type(k[0]) in (str, type(None))
            and is_plain(k[1], nesting)
            for k in keywords
        )
    )
