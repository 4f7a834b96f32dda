"""What a piece of Python syntax is, read without running it: calls, fetches, statements, bindings."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

#: List and set methods that add one element (the last argument), by their argument count.
_GROWERS = {"append": 1, "add": 1, "insert": 2}
_FETCH_CALLS = frozenset({"get_object_or_404", "get_list_or_404", "get_object"})
MANAGERS = frozenset({"objects", "_default_manager"})
_CACHE_READS = frozenset({"get", "get_many", "get_or_set"})


def call_name(call: ast.Call) -> str | None:
    """The called name: ``f`` for ``f(...)`` and ``x.y.f(...)``."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


#: Fields of compound statements that hold their body: not part of the reported header.
_BODIES = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


def reported_end(node: ast.AST) -> int | None:
    """The last line of what a finding at ``node`` points at, for inline suppression.

    An expression (a call over several lines) ends where it ends; an ``if``/``while`` ends with its
    test, so a comment in its body does not accept a finding about the condition.
    """
    end: int | None = getattr(node, "end_lineno", None)
    if not isinstance(node, ast.stmt) or not hasattr(node, "body"):
        return end
    ends: list[int] = [
        getattr(child, "end_lineno", None) or node.lineno
        for name, value in ast.iter_fields(node)
        if name not in _BODIES
        for child in (value if isinstance(value, list) else [value])
        if isinstance(child, ast.AST)
    ]
    return max([node.lineno, *ends])


def is_fetch(call: ast.Call) -> bool:
    """A database fetch: ``get_object_or_404()``, ``self.get_object()``, or a call on a manager chain."""
    return call_name(call) in _FETCH_CALLS or manager_in_chain(call.func) is not None


#: Shortcuts that fetch rows of the model or queryset they are given.
FETCH_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
#: Lookups that pick one row by a key: ``pk``, ``id``, ``uuid``, ``slug``, ``<relation>_id`` …
IDENTIFYING_LOOKUP = re.compile(r"^(pk|id|uuid|slug|\w+_(id|pk|uuid))(__(in|exact))?$")


def manager_in_chain(node: ast.expr) -> ast.Attribute | None:
    """The first ``.objects`` (or ``._default_manager``) met walking down an attribute and call chain from ``node``."""
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in MANAGERS:
                return node
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def is_cache_read(call: ast.Call) -> bool:
    """``cache.get(key)``, ``caches["x"].get(key)``: what comes back was stored by the server."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in _CACHE_READS):
        return False
    receiver = func.value
    if isinstance(receiver, ast.Subscript):
        receiver = receiver.value
    name = (
        receiver.id
        if isinstance(receiver, ast.Name)
        else receiver.attr
        if isinstance(receiver, ast.Attribute)
        else ""
    )
    return name in ("cache", "caches") or name.endswith("_cache")


def is_signature_check(call: ast.Call) -> bool:
    """``signing.loads(token)``, ``signer.unsign(value)``: what comes back the server signed itself."""
    name = call_name(call)
    if name in ("unsign", "unsign_object"):
        return True
    func = call.func
    return (
        name == "loads"
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name | ast.Attribute)
        and (func.value.id if isinstance(func.value, ast.Name) else func.value.attr)
        == "signing"
    )


def literal_item(node: ast.expr, attribute: str) -> str | None:
    """``"x"`` of ``<anything>.<attribute>["x"]`` (``self.fields["x"]``, ``request.session["x"]``)."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == attribute
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value
    return None


def is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a body, nested blocks included, nested functions and classes not."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            stack.extend(reversed(getattr(stmt, field, ())))
        for handler in getattr(stmt, "handlers", ()):
            stack.extend(reversed(handler.body))
        for case in getattr(stmt, "cases", ()):
            stack.extend(reversed(case.body))


def target_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from target_names(element)
    elif isinstance(target, ast.Starred):
        yield from target_names(target.value)


def assignments_in(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """Each name bound by an assignment, ``for``, ``with`` or ``append``/``extend`` in a body, with its values."""
    bound: dict[str, list[ast.expr]] = {}
    for stmt in statements(body):
        pairs: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(stmt, ast.Assign):
            pairs = [(target, stmt.value) for target in stmt.targets]
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            pairs = [(stmt.target, stmt.value)]
        elif isinstance(stmt, ast.AugAssign):
            # ``sql += x`` binds ``sql + x``; its position is the statement's.
            combined = ast.BinOp(left=stmt.target, op=stmt.op, right=stmt.value)
            pairs = [(stmt.target, ast.copy_location(combined, stmt))]
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            pairs = [(stmt.target, stmt.iter)]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            pairs = [
                (item.optional_vars, item.context_expr)
                for item in stmt.items
                if item.optional_vars is not None
            ]
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            pairs = _collection_growth(stmt.value)
        for target, value in pairs:
            for name in target_names(target):
                bound.setdefault(name, []).append(value)
    return bound


def _collection_growth(call: ast.Call) -> list[tuple[ast.expr, ast.expr]]:
    """``items.append(x)`` (``add``, ``insert``) binds ``[x]`` to ``items``; ``items.extend(xs)`` binds ``xs``."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return []
    arguments = call.args
    if func.attr in _GROWERS and len(arguments) == _GROWERS[func.attr]:
        element = arguments[-1]
        grown = ast.copy_location(ast.List(elts=[element], ctx=ast.Load()), element)
        return [(func.value, grown)]
    if func.attr == "extend" and len(arguments) == 1:
        return [(func.value, arguments[0])]
    return []
