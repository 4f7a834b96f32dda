"""5xx: a view answering GET changes state: a row the client picked, or who is logged in.

Any site can make a visitor's browser send a GET (an ``<img>``, a link), and Django's CSRF
protection only checks unsafe methods.  Writes a view does for itself on a GET (a counter, a
timestamp, a row for the current user) are bookkeeping; the risky class is a change aimed by the
request (a row fetched by a URL kwarg or request parameter, deleted, saved, published) and a
change of who is logged in or of a password.  A change one call away, in a function or method
of the same module that receives the picked row or value, counts as the view's.
"""

from __future__ import annotations

import ast
from functools import partial

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo, FunctionNode
from django_chained.scan.python.get_views import get_views, runs_on_get
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.row_writes import is_bookkeeping, not_a_row_write
from django_chained.scan.python.syntax import (
    assignments_in,
    call_name,
    is_self,
)
from django_chained.scan.rule import Rule

W516 = Rule(
    id="django_chained.W516",
    message="View {function}() answers GET and {change} (line {change_line}).",
    hint='Accept only POST (@require_POST, or act under `if request.method == "POST"`) and send it from a form with {% csrf_token %}: any site can make a visitor\'s browser send a GET.',
)

#: Calls that change who is logged in, or a password, whatever they are called on.
_AUTH_CHANGES = frozenset({"set_password", "set_unusable_password"})
_SESSION_CHANGES = frozenset({"login", "logout"})
#: Writes (and state-changing model methods) that count when the client picked their row.
_ROW_WRITES = frozenset(
    {
        "delete",
        "save",
        "update",
        "publish",
        "unpublish",
        "revert",
        "approve",
        "reject",
        "archive",
        "restore",
        "activate",
        "deactivate",
    }
)
_CHANGE_CALLS = _AUTH_CHANGES | _SESSION_CHANGES | _ROW_WRITES


def _fetches_by_view_kwargs(node: ast.AST) -> bool:
    """``self.get_object()`` or ``self.object``: a class-based view's row, picked by its URL kwargs."""
    for child in every_node(node):
        if isinstance(child, ast.Call) and call_name(child) == "get_object":
            return True
        if (
            isinstance(child, ast.Attribute)
            and child.attr == "object"
            and is_self(child.value)
        ):
            return True
    return False


class _Picks:
    """What in one function the request picked: its tainted names, and parameters taken as picked."""

    def __init__(self, function: FunctionInfo, seeds: frozenset[str]) -> None:
        """``seeds``: the names the request picked on entry (a view's URL kwargs, a helper's parameters)."""
        self.function = function
        names = set(seeds)
        assignments = assignments_in(function.node.body)
        for _ in range(6):
            grown = {
                name
                for name, values in assignments.items()
                if name not in names
                and any(self._picked(value, names) for value in values)
            }
            if not grown:
                break
            names |= grown
        self.names = frozenset(names)

    def _picked(self, node: ast.AST, names: set[str] | frozenset[str]) -> bool:
        if self.function.carries(node, frozenset(names)):
            return True
        if _fetches_by_view_kwargs(node):
            return True
        return any(
            isinstance(child, ast.Name) and child.id in names
            for child in every_node(node)
        )

    def picked(self, node: ast.AST) -> bool:
        return self._picked(node, self.names)


def _change(call: ast.Call, picks: _Picks, ctx: FileContext) -> tuple[str, int] | None:
    """What the call changes and its line, when it is a change of the risky class."""
    name = call_name(call)
    function = picks.function
    if name in _AUTH_CHANGES:
        return f"changes a password with {name}()", call.lineno
    session = ctx.canonical(name)
    if session in _SESSION_CHANGES and isinstance(call.func, ast.Name):
        # Logging in a user the server created (a guest account) is its own bookkeeping;
        # logging in one the request picked (by a URL kwarg) is login CSRF.
        if (
            call.args
            and function.is_request(call.args[0])
            and (session == "logout" or any(picks.picked(a) for a in call.args[1:]))
        ):
            return f"changes who is logged in with {name}()", call.lineno
        return None
    if name not in _ROW_WRITES or not isinstance(call.func, ast.Attribute):
        return None
    receiver = call.func.value
    if (
        not picks.picked(receiver)
        or not_a_row_write(call, receiver)
        or is_bookkeeping(call, receiver, function)
    ):
        return None
    return f"calls {ast.unparse(call.func)}() on a row the request picked", call.lineno


def check_change(call: ast.Call, ctx: FileContext) -> None:
    """A change call: judge the GET view it is in, or the GET views of the module calling its function."""
    function = ctx.function
    if function is None or ctx.called(call) not in _CHANGE_CALLS:
        return
    for view, cls in get_views(ctx):
        if view is function.node or (
            cls is function.enclosing_class
            and function.node.name
            in ctx.remember(
                (_called_names, id(view)),
                partial(_called_names, view, cls is not None),
            )
        ):
            _judge_view(view, cls, ctx)


def _judge_view(view: FunctionNode, cls: ast.ClassDef | None, ctx: FileContext) -> None:
    """Report the view's first change of the risky class that runs on a GET, once."""
    name = f"{cls.name}.{view.name}" if cls is not None else view.name
    if "csrf_exempt" in {_last_name(d) for d in view.decorator_list} or any(
        f.id == W516.id and f.subject == name for f in ctx.findings
    ):
        return
    info = FunctionInfo(view, ctx, in_class=cls is not None)
    picks = _Picks(info, info.url_kwargs - info.object_parameters)
    helpers = _helpers(ctx, cls)
    for node in sorted(
        (n for n in every_node(view) if isinstance(n, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset),
    ):
        if not runs_on_get(node, info):
            continue
        found = _change(node, picks, ctx)
        if found is None:
            found = _change_in_helper(node, helpers, info, picks, ctx, cls)
        if found is not None:
            change, line = found
            ctx.report(
                W516, view, subject=name, function=name, change=change, change_line=line
            )
            return


def _helpers(ctx: FileContext, cls: ast.ClassDef | None) -> dict[str, FunctionNode]:
    if cls is None:
        return dict(ctx.module_functions)
    return {
        stmt.name: stmt
        for stmt in cls.body
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def _change_in_helper(
    site: ast.Call,
    helpers: dict[str, FunctionNode],
    view: FunctionInfo,
    picks: _Picks,
    ctx: FileContext,
    cls: ast.ClassDef | None,
) -> tuple[str, int] | None:
    """A change in the module function (or method) ``site`` calls, on what the view passed it."""
    func = site.func
    if cls is None and isinstance(func, ast.Name):
        helper = helpers.get(func.id)
    elif cls is not None and isinstance(func, ast.Attribute) and is_self(func.value):
        helper = helpers.get(func.attr)
    else:
        return None
    if helper is None or helper is view.node:
        return None
    info = FunctionInfo(helper, ctx, in_class=cls is not None)
    params = [a.arg for a in (*helper.args.posonlyargs, *helper.args.args)]
    if cls is not None:
        params = params[1:]
    seeds = frozenset(
        param
        for param, arg in zip(params, site.args, strict=False)
        if picks.picked(arg) or view.is_request(arg)
    )
    helper_picks = _Picks(info, seeds)
    for node in every_node(helper):
        if isinstance(node, ast.Call):
            found = _change(node, helper_picks, ctx)
            if found is not None:
                return f"{found[0]} in {helper.name}()", found[1]
    return None


def _last_name(node: ast.expr) -> str | None:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Name):
        return target.id
    return target.attr if isinstance(target, ast.Attribute) else None


def _called_names(view: FunctionNode, method: bool) -> frozenset[str]:
    """What the view calls by name: ``self.name()`` in a method, ``name()`` in a function."""
    names = set()
    for site in every_node(view):
        if not isinstance(site, ast.Call):
            continue
        func = site.func
        if not method and isinstance(func, ast.Name):
            names.add(func.id)
        elif method and isinstance(func, ast.Attribute) and is_self(func.value):
            names.add(func.attr)
    return frozenset(names)


HANDLERS = Handlers(
    calls=dict.fromkeys(_CHANGE_CALLS, check_change),
    # ``dict.update()`` is everywhere; a queryset's ``update()`` comes with ``objects``.
    not_triggers=frozenset({"update"}),
)
