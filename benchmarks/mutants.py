"""One-line mutants of a Python module, found on its AST and applied to its text (``benchmarks/mutation.py``).

Each mutant rewrites one expression on one line and leaves every other byte of the file alone:
comparison flips (``<`` to ``<=`` and ``>=``, ``==`` to ``!=``, ``in`` to ``not in``, ``is`` to ``is not``),
``and``/``or`` swaps, a removed ``not``, ``True``/``False`` swaps, numbers moved by one, strings losing their
last character (an empty one gaining one), an element dropped from a tuple, set, list or ``frozenset`` of
literals, and ``return <value>`` becoming ``return None``.
Docstrings, f-string parts, annotations (``cast()``'s included) and imports are never mutated.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

ORDER_FLIPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.GtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
}


@dataclass(frozen=True)
class Mutant:
    """``path``'s text with line ``line`` changed: ``description`` says how."""

    path: str
    line: int
    description: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.description}"


def _untouchable(tree: ast.Module) -> set[int]:
    """ids of the nodes never mutated: docstrings, f-string parts, annotations, imports."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr | ast.ImportFrom):
            skip(node)
        elif isinstance(node, ast.arg | ast.AnnAssign):
            skip(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            skip(node.returns)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "cast"
            and node.args
        ):
            skip(node.args[0])  # cast()'s type, an annotation in a string
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
            ):
                skip(body[0])
    return skipped


Literal = str | bytes | bool | int | float
Collection = ast.Tuple | ast.Set | ast.List


def _constant_tweak(value: object) -> Literal | None:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return {0: 1, 1: 0}.get(value, value + 1)
    if isinstance(value, float):
        return value * 2 if value else 1.0
    if isinstance(value, str):
        return value[:-1] if value else "X"
    if isinstance(value, bytes):
        return value[:-1] if value else b"X"
    return None


def _literal_collection(node: ast.AST) -> Collection | None:
    if (
        isinstance(node, Collection)
        and not isinstance(getattr(node, "ctx", ast.Load()), ast.Store | ast.Del)
        and len(node.elts) >= 2
        and all(isinstance(elt, ast.Constant) for elt in node.elts)
    ):
        return node
    return None


def _replacements(node: ast.expr | ast.stmt) -> Iterator[tuple[ast.AST, str]]:
    """``(replacement node, description)`` for each mutation of ``node`` itself."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            for flipped in ORDER_FLIPS.get(type(op), ()):
                ops: list[ast.cmpop] = list(node.ops)
                ops[index] = flipped()
                yield (
                    ast.Compare(node.left, ops, node.comparators),
                    f"{_op(op)} -> {_op(flipped())}",
                )
    elif isinstance(node, ast.BoolOp):
        swapped = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield (
            ast.BoolOp(swapped, node.values),
            f"{_op(node.op)} -> {_op(swapped)}",
        )
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield node.operand, "removed not"
    elif isinstance(node, ast.Constant):
        tweaked = _constant_tweak(node.value)
        if tweaked is not None and tweaked != node.value:
            yield ast.Constant(tweaked), f"{_short(node.value)} -> {_short(tweaked)}"
    elif (
        isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
    ):
        yield ast.Return(ast.Constant(None)), "return value -> None"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _op(op: ast.cmpop | ast.boolop) -> str:
    if isinstance(op, ast.boolop):
        return "and" if isinstance(op, ast.And) else "or"
    return ast.unparse(ast.Compare(ast.Name("a"), [op], [ast.Name("b")]))[2:-2]


def _replace_segment(
    lines: list[str], node: ast.expr | ast.stmt, replacement: str
) -> str:
    line = lines[node.lineno - 1]
    start, end = node.col_offset, node.end_col_offset
    assert end is not None
    text = line.encode()
    changed = text[:start] + replacement.encode() + text[end:]
    return "".join([*lines[: node.lineno - 1], changed.decode(), *lines[node.lineno :]])


def _dropped_element(
    lines: list[str], collection: Collection, index: int
) -> str | None:
    """The text without the ``index``-th element of a literal collection, or ``None`` if not one-line."""
    elts = collection.elts
    elt = elts[index]
    if collection.lineno == collection.end_lineno:
        remaining = [e for i, e in enumerate(elts) if i != index]
        rebuilt: ast.expr
        if isinstance(collection, ast.Set):
            rebuilt = ast.Set(remaining)
        elif isinstance(collection, ast.List):
            rebuilt = ast.List(remaining, ast.Load())
        else:
            rebuilt = ast.Tuple(remaining, ast.Load())
        # unparse() gives a tuple its own parentheses and its one-element comma.
        return _replace_segment(lines, collection, ast.unparse(rebuilt))
    if elt.lineno != elt.end_lineno or elt.end_col_offset is None:
        return None
    text = lines[elt.lineno - 1].encode()
    after = text[elt.end_col_offset :]
    stripped = after.lstrip()
    if not stripped.startswith(b","):
        return None
    cut = len(after) - len(stripped) + 1
    changed = text[: elt.col_offset] + after[cut:].lstrip(b" ")
    return "".join([*lines[: elt.lineno - 1], changed.decode(), *lines[elt.lineno :]])


def mutants(path: str, source: str) -> list[Mutant]:
    """Every one-line mutant of ``source`` (the text of ``path``), in file order."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    skipped = _untouchable(tree)
    found: list[Mutant] = []
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.expr | ast.stmt):
            continue
        collection = _literal_collection(node)
        if collection is not None:
            for index, elt in enumerate(collection.elts):
                text = _dropped_element(lines, collection, index)
                if text is not None:
                    found.append(
                        Mutant(
                            path,
                            elt.lineno,
                            f"dropped element {ast.unparse(elt)}",
                            text,
                        )
                    )
            continue
        if node.lineno != node.end_lineno:
            continue
        for replacement, description in _replacements(node):
            rendered = ast.unparse(replacement)
            if not isinstance(node, ast.Return | ast.Constant):
                rendered = f"({rendered})"
            found.append(
                Mutant(
                    path,
                    node.lineno,
                    description,
                    _replace_segment(lines, node, rendered),
                )
            )
    return sorted(found, key=lambda m: (m.line, m.description))
