"""What the destination of a file move or write is built from, for W653 (see ``file_moves``).

The client's text (request data, a URL kwarg, an uploaded file's ``.name``), a string rendered
from a template that is itself data (``row.path_format.format(**fields)``,
``Template(text).render()``), or the row's own fields: the function gives a row a name computed
from the row (``doc.filename = generate_filename(doc)``) and moves the row's file from its old path
to the new one (``shutil.move(old_path, doc.source_path)``). A sanitizer on the way
(``safe_join()``, ``basename()``, a storage's ``generate_filename()``) makes it the server's again.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import SANITIZERS
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name

CLIENT = "data the client sent"
RENDERED = "a template that is itself data"
RENAMED = "the row's own fields"

#: Storage methods whose result is a name the storage made safe.
_STORAGE_NAMERS = frozenset({"generate_filename", "get_available_name"})
#: Calls that only read a value: ``str(doc)`` is no new name computed from ``doc``.
_PLAIN_CALLS = frozenset({"str", "repr", "getattr", "hasattr", "isinstance", "len"})
_PATH_WRAPPERS = frozenset({"Path", "str", "fspath"})
_TEMPLATES = frozenset({"Template", "from_string"})
_MAX_DEPTH = 3


def _sanitized(node: ast.AST) -> bool:
    return any(
        isinstance(child, ast.Call)
        and (
            call_name(child) in SANITIZERS
            or (
                call_name(child) in _STORAGE_NAMERS
                and isinstance(child.func, ast.Attribute)
            )
        )
        for child in every_node(node)
    )


def _values(node: ast.expr, ctx: FileContext) -> Iterator[ast.AST]:
    """``node`` and what its local names were assigned, a few steps deep."""
    function = ctx.function
    seen: set[str] = set()
    todo: list[tuple[ast.AST, int]] = [(node, 0)]
    while todo:
        current, depth = todo.pop()
        yield current
        if function is None or depth >= _MAX_DEPTH:
            continue
        for child in every_node(current):
            if isinstance(child, ast.Name) and child.id not in seen:
                seen.add(child.id)
                todo.extend(
                    (value, depth + 1)
                    for value in function.assignments.get(child.id, [])
                )


def _template_data(receiver: ast.expr, ctx: FileContext) -> bool:
    """A format string held in a field or a variable, not written in the source (``fmt = "{a}"``)."""
    if isinstance(receiver, ast.Attribute):
        return True
    if not isinstance(receiver, ast.Name):
        return False
    bound = ctx.assignments_of(receiver.id)
    return not bound or not all(isinstance(value, ast.Constant) for value in bound)


def _rendered(node: ast.AST, ctx: FileContext) -> bool:
    """A string rendered from a template that is data: ``fmt.format(**row)``, ``Template(text).render()``."""
    for child in every_node(node):
        if not isinstance(child, ast.Call) or not isinstance(child.func, ast.Attribute):
            continue
        receiver = child.func.value
        if child.func.attr in ("format", "format_map") and _template_data(
            receiver, ctx
        ):
            return True
        if child.func.attr == "render" and any(
            _template_from_data(template)
            for template in (
                ctx.assignments_of(receiver.id)
                if isinstance(receiver, ast.Name)
                else [receiver]
            )
        ):
            return True
    return False


def _template_from_data(node: ast.expr) -> bool:
    """``Template(text)``, ``env.from_string(text)`` with a text that is not a literal."""
    return (
        isinstance(node, ast.Call)
        and call_name(node) in _TEMPLATES
        and bool(node.args)
        and not isinstance(node.args[0], ast.Constant)
    )


def _renamed_rows(ctx: FileContext) -> dict[str, int]:
    """Objects the function gives a name computed from themselves (``doc.filename = make_name(doc)``), by the last such line."""
    function = ctx.function
    if function is None:
        return {}
    renamed: dict[str, int] = {}
    for node in every_node(function.node):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if not (
                isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
            ):
                continue
            row = target.value.id
            if any(_computed_from(value, row) for value in _values(node.value, ctx)):
                renamed[row] = max(renamed.get(row, node.lineno), node.lineno)
    return renamed


def _computed_from(node: ast.AST, row: str) -> bool:
    for child in every_node(node):
        if (
            isinstance(child, ast.Call)
            and call_name(child) not in _PLAIN_CALLS
            and not _sanitized(child)
            and any(
                isinstance(argument, ast.Name) and argument.id == row
                for argument in (*child.args, *(k.value for k in child.keywords))
            )
        ):
            return True
    return False


def _row_reads(node: ast.expr, row: str, ctx: FileContext) -> Iterator[int]:
    """The lines where ``node`` (or a local it was built from) reads an attribute of ``row``."""
    for value in _values(node, ctx):
        for child in every_node(value):
            if (
                isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Name)
                and child.value.id == row
            ):
                yield child.lineno


def _row_path_lines(
    node: ast.expr, row: str, ctx: FileContext, depth: int = 0
) -> Iterator[int]:
    """Where ``node`` is the row's path itself (``doc.source_path``, ``Path(doc.path)``, a local holding one)."""
    if (
        isinstance(node, ast.Call)
        and call_name(node) in _PATH_WRAPPERS
        and len(node.args) == 1
    ):
        node = node.args[0]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == row:
            yield node.lineno
    elif isinstance(node, ast.Name) and ctx.function is not None and depth < _MAX_DEPTH:
        for value in ctx.function.assignments.get(node.id, []):
            yield from _row_path_lines(value, row, ctx, depth + 1)


def _refiled(source: ast.expr, destination: ast.expr, ctx: FileContext) -> bool:
    """The row's file moved from its path before the rename to its path after it."""
    for row, last in _renamed_rows(ctx).items():
        if any(line < last for line in _row_path_lines(source, row, ctx)) and any(
            line > last for line in _row_reads(destination, row, ctx)
        ):
            return True
    return False


def origin(
    destination: ast.expr, ctx: FileContext, source: ast.expr | None = None
) -> str | None:
    """What the destination is built from (``CLIENT``, ``RENDERED``, ``RENAMED``), ``None`` if the server's."""
    if any(_sanitized(value) for value in _values(destination, ctx)):
        return None
    if ctx.client_chosen(destination):
        return CLIENT
    if any(_rendered(value, ctx) for value in _values(destination, ctx)):
        return RENDERED
    if source is not None and _refiled(source, destination, ctx):
        return RENAMED
    return None
