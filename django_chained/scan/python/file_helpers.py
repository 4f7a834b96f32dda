"""W652 (and W650 one call away): a view hands a path built from the request to a helper of its module.

W651 sees a view that opens the client's path itself; a download view often leaves that to a small
helper (``def send_file(path): return FileResponse(open(path, "rb"))``), and the path traversal is
then one call away. The helper's parameter is followed through its assignments to ``open()``,
``Path(…).open()``, ``read_bytes()`` or ``read_text()``; the view's argument must carry the client's
text (``request.GET[…]``, a URL kwarg, joined into a path), not a stored row's name. Either side
confining the path first (``safe_join()``, ``basename()``, a ``realpath(…).startswith(root)``,
``is_relative_to()`` or ``commonpath()`` check, or a lookup of the name in a whitelist) is enough.

An upload is written the same way: ``handle_upload(request.FILES["f"])`` with a helper that does
``open(os.path.join(ROOT, f.name), "wb")`` writes under the client's name; that is W650, reported
at the helper's write.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.files import (
    W650,
    open_mode,
    opened_for_writing,
    writes,
)
from django_chained.scan.python.function_info import FunctionInfo, FunctionNode
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

W652 = Rule(
    id="django_chained.W652",
    message="{name}() opens the file at a path this view builds from the request, so any file the server can read can be fetched with ../.",
    hint="Serve stored files by row id through their Storage, or confine the path first with django.utils._os.safe_join(ROOT, name).",
)

_READERS = frozenset({"read_bytes", "read_text"})
#: Checks that keep a path under a root: ``real.startswith(root)``, ``p.is_relative_to(root)``.
_CONFINING_CALLS = frozenset(
    {
        "startswith",
        "is_relative_to",
        "relative_to",
        "commonpath",
        "commonprefix",
        "safe_join",
        "basename",
        "get_valid_filename",
    }
)


def _reads(call: ast.Call, mode_index: int) -> bool:
    """Opened for reading: no mode, or a literal mode without a write flag."""
    mode = open_mode(call, mode_index)
    return mode != "?" and not writes(mode)


def _opened_path(call: ast.Call) -> ast.expr | None:
    """The path ``call`` reads a file from: ``open(p)``, ``Path(p).open()``, ``p.read_bytes()``."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "open" and call.args:
        return call.args[0] if _reads(call, 1) else None
    if isinstance(func, ast.Attribute):
        if func.attr == "open" and _reads(call, 0):
            return func.value
        if func.attr in _READERS:
            return func.value
    return None


def _mentions(node: ast.AST, names: Collection[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in every_node(node))


def confines_path(function: ast.AST, names: Collection[str]) -> bool:
    """A check in ``function`` that keeps a path built from ``names`` under a root or in a whitelist.

    A confining call on the path (``safe_join()``, ``basename()``, ``startswith()``,
    ``is_relative_to()``, ``commonpath()`` …), a lookup of it in a whitelist (``name in ALLOWED``),
    a test of the root among its parents (``root in path.parents``), or a refusal of ``..``.
    """
    for node in every_node(function):
        checked: ast.AST | None = None
        if isinstance(node, ast.Call):
            checked = node if call_name(node) in _CONFINING_CALLS else None
        elif isinstance(node, ast.Compare) and isinstance(
            node.ops[0], ast.In | ast.NotIn
        ):
            if isinstance(node.left, ast.Constant) and node.left.value in ("..", "../"):
                return True  # parent segments refused, whatever part is looked at
            right = node.comparators[0]
            parents = isinstance(right, ast.Attribute) and right.attr == "parents"
            checked = right if parents else node.left
        if checked is not None and _mentions(checked, names):
            return True
    return False


def _parameters(function: FunctionNode) -> Iterator[tuple[int | None, str]]:
    """(position, name) of each parameter; keyword-only ones have no position."""
    args = function.args
    for position, arg in enumerate((*args.posonlyargs, *args.args)):
        yield position, arg.arg
    for arg in args.kwonlyargs:
        yield None, arg.arg


def _argument(call: ast.Call, position: int | None, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if position is None or position >= len(call.args):
        return None
    if any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1]):
        return None
    return call.args[position]


def _view_calls(ctx: FileContext, name: str) -> Iterator[tuple[ast.Call, FunctionInfo]]:
    """Each call of the module function ``name`` inside a function taking ``request``."""
    for node in every_node(ctx.tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        view = ctx.function_info(node)
        if view.request_name is None:
            continue
        for call in every_node(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == name
            ):
                yield call, view


def _client_callers(
    helper: FunctionInfo, path: ast.expr, ctx: FileContext
) -> Iterator[ast.Call]:
    """Calls of ``helper`` in a view of the module passing the client's text to a parameter ``path`` is built from.

    Only a module-level function is called by its bare name; either side confining the path stops it.
    """
    function = helper.node
    if ctx.module_functions.get(function.name) is not function:
        return
    for position, parameter in _parameters(function):
        names = helper.derived_names(frozenset({parameter}))
        if not helper.carries(path, names) or confines_path(function, names):
            continue
        for caller, view in _view_calls(ctx, function.name):
            argument = _argument(caller, position, parameter)
            if argument is None or not view.client_chosen(argument):
                continue
            if not confines_path(view.node, view.chosen_names):
                yield caller


def _in_a_helper(ctx: FileContext) -> FunctionInfo | None:
    helper = ctx.function
    if helper is None or helper.request_name is not None or is_test_code(ctx):
        return None
    return helper


def check_helper_open(call: ast.Call, ctx: FileContext) -> None:
    helper = _in_a_helper(ctx)
    path = _opened_path(call)
    if helper is None or path is None:
        return
    for caller in _client_callers(helper, path, ctx):
        line = caller.lineno
        if not any(f.id == W652.id and f.line == line for f in ctx.findings):
            ctx.report(W652, caller, name=helper.node.name)


def check_helper_write(call: ast.Call, ctx: FileContext) -> None:
    """``open(path, "wb")``, ``Path(path).write_bytes()`` in a helper a view hands the client's name to."""
    helper = _in_a_helper(ctx)
    if helper is None:
        return
    path: ast.expr | None = None
    if call_name(call) == "open":
        path = call.args[0] if opened_for_writing(call) else None
    elif isinstance(call.func, ast.Attribute):
        path = call.func.value
    if path is not None and next(_client_callers(helper, path, ctx), None):
        ctx.report(W650, call)


def check_helper_file(call: ast.Call, ctx: FileContext) -> None:
    check_helper_open(call, ctx)
    check_helper_write(call, ctx)


HANDLERS = Handlers(
    calls={
        "open": check_helper_file,
        "read_bytes": check_helper_open,
        "read_text": check_helper_open,
        "write_bytes": check_helper_write,
        "write_text": check_helper_write,
    }
)
