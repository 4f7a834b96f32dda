"""W653: a stored file moved, copied or written to a destination built from data the server does not confine.

``shutil.move(old, dst)``, ``os.rename()``, ``os.replace()``, ``Path.rename()``, ``shutil.copy*()`` and, for names
rendered from data, ``open(dst, "w")`` and ``storage.save(dst, …)``; ``file_destinations`` says
what the destination is built from. A destination is confined by a ``startswith``/
``is_relative_to``/``commonpath`` check of it in the function, or in a function of the file the
function hands it to (``validate_move(doc, old, new, root)``).
"""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.file_destinations import origin
from django_chained.scan.python.file_helpers import confines_path
from django_chained.scan.python.files import opened_for_writing
from django_chained.scan.python.function_info import FunctionNode
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

W653 = Rule(
    id="django_chained.W653",
    message="{name}() puts a stored file at a path built from {origin}, and nothing keeps it under the storage root.",
    hint="Confine the destination first: build it with django.utils._os.safe_join(ROOT, name), or check that its realpath is_relative_to(ROOT) and refuse otherwise.",
)

#: ``module.function`` calls taking ``(src, dst)``.
_TWO_PATH_CALLS = {
    "shutil": frozenset({"move", "copy", "copy2", "copyfile", "copytree"}),
    "os": frozenset({"rename", "renames", "replace"}),
}
_ROOT_CHECKS = frozenset({"startswith", "is_relative_to", "relative_to", "commonpath"})


def _imported_from(ctx: FileContext, module: str, name: str) -> bool:
    return any(
        isinstance(stmt, ast.ImportFrom)
        and stmt.module == module
        and any(alias.name == name and alias.asname is None for alias in stmt.names)
        for stmt in ctx.tree.body
    )


def _paths(call: ast.Call, ctx: FileContext) -> tuple[ast.expr, ast.expr] | None:
    """The file a move, copy or rename takes and the path it puts it at; ``None`` for other calls of those names."""
    func, name = call.func, call_name(call)
    pair = call.args[:2] if len(call.args) > 1 else []
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and name in _TWO_PATH_CALLS.get(func.value.id, ())
    ):
        return (pair[0], pair[1]) if pair else None
    if isinstance(func, ast.Name) and name in ("move", "copyfile", "copy2", "copytree"):
        if pair and _imported_from(ctx, "shutil", name):
            return pair[0], pair[1]
        return None
    if isinstance(func, ast.Attribute) and name == "rename":
        receiver = func.value
        # Path.rename(target); os.rename() takes two arguments.
        if (
            len(call.args) == 1
            and not call.keywords
            and not (isinstance(receiver, ast.Name) and receiver.id in _TWO_PATH_CALLS)
        ):
            return receiver, call.args[0]
    return None


def _storage_save(call: ast.Call) -> bool:
    """``default_storage.save(name, content)``, ``self.storage.save(…)``: not a model's ``save()``."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    named = receiver.attr if isinstance(receiver, ast.Attribute) else None
    if isinstance(receiver, ast.Name):
        named = receiver.id
    return named is not None and "storage" in named.lower() and len(call.args) >= 2


def _local_functions(ctx: FileContext) -> dict[str, FunctionNode]:
    found = dict(ctx.module_functions)
    function = ctx.function
    if function is not None:
        for node in every_node(function.node):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found[node.name] = node
    return found


def _same(a: ast.AST, b: ast.AST) -> bool:
    return ast.dump(a) == ast.dump(b)


def _checks(call: ast.Call, destination: ast.expr, names: frozenset[str]) -> bool:
    """``dst.is_relative_to(root)``, ``real(dst).startswith(root)``: a root check of the destination."""
    if call_name(call) not in _ROOT_CHECKS:
        return False
    return any(
        _same(part, destination) or (isinstance(part, ast.Name) and part.id in names)
        for part in every_node(call)
    )


def _confined(destination: ast.expr, ctx: FileContext) -> bool:
    """A root check of the destination: in the function, or by a function of the file it is handed to."""
    function = ctx.function
    if function is None:
        return False
    # Names the destination is joined from, not objects it reads a path of (``doc.path``).
    bases = {
        id(n.value) for n in every_node(destination) if isinstance(n, ast.Attribute)
    }
    names = function.derived_names(
        frozenset(
            n.id
            for n in every_node(destination)
            if isinstance(n, ast.Name) and id(n) not in bases
        )
    )
    helpers = _local_functions(ctx)
    for call in every_node(function.node):
        if not isinstance(call, ast.Call):
            continue
        if _checks(call, destination, names):
            return True
        helper = helpers.get(call_name(call) or "")
        if helper is None or not isinstance(call.func, ast.Name):
            continue
        parameters = [a.arg for a in (*helper.args.posonlyargs, *helper.args.args)]
        for position, argument in enumerate(call.args[: len(parameters)]):
            if _same(argument, destination) and confines_path(
                helper, frozenset({parameters[position]})
            ):
                return True
    return False


def _judge(
    call: ast.Call, destination: ast.expr, ctx: FileContext, source: ast.expr | None
) -> None:
    if ctx.function is None or is_test_code(ctx):
        return
    built_from = origin(destination, ctx, source)
    if built_from is None or _confined(destination, ctx):
        return
    ctx.report(W653, call, name=ctx.called(call), origin=built_from)


def check_move(call: ast.Call, ctx: FileContext) -> None:
    paths = _paths(call, ctx)
    if paths is not None:
        _judge(call, paths[1], ctx, source=paths[0])


def check_write(call: ast.Call, ctx: FileContext) -> None:
    """``open(dst, "w")`` and ``storage.save(dst, …)``: the client's own text there is W650's."""
    if call_name(call) == "open":
        path = call.args[0] if opened_for_writing(call) else None
    else:
        path = call.args[0] if _storage_save(call) else None
    if path is None or ctx.client_chosen(path):
        return
    _judge(call, path, ctx, source=None)


HANDLERS = Handlers(
    calls={
        "move": check_move,
        "copy": check_move,
        "copy2": check_move,
        "copyfile": check_move,
        "copytree": check_move,
        "rename": check_move,
        "renames": check_move,
        "replace": check_move,
        "open": check_write,
        "save": check_write,
    },
    # "os.replace" as one word: a str's replace() is on too many lines to make them worth walking.
    triggers=frozenset({"shutil", "os.replace"}),
    # shutil.copy() mentions "shutil"; a bare copy() is dict's or list's as often as not.
    not_triggers=frozenset({"copy", "replace"}),
)
