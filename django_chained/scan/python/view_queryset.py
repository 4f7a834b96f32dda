"""2xx: fetches from ``self.queryset``, which a base class may narrow to the user on every request.

Class-based views (Django's and DRF's) keep the rows they serve in ``self.queryset``; projects
such as NetBox restrict it in ``dispatch()``/``initial()`` of a shared base class
(``self.queryset = self.queryset.restrict(request.user, "view")``), often in another module.
A fetch from it is scoped exactly when such a base runs, which one file cannot show: W250 says
nothing when this file restricts it, and an Info (``I252``) asks to confirm it otherwise.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.access_scope import attached_to_request
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import is_self, statements

#: Methods Django and DRF run on every request before the handler.
_PER_REQUEST_SETUP = frozenset({"dispatch", "initial", "setup"})


def _is_view_queryset(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "queryset"
        and is_self(node.value)
    )


def from_view_queryset(source: ast.expr) -> bool:
    """``self.queryset``, ``self.queryset.all()``, ``self.queryset.filter(…)``: rows from the view's own queryset."""
    current = source
    while isinstance(current, (ast.Call, ast.Attribute)) and not _is_view_queryset(
        current
    ):
        current = current.func if isinstance(current, ast.Call) else current.value
    return _is_view_queryset(current)


def _mentions_request(node: ast.AST) -> bool:
    return any(
        isinstance(child, ast.Name)
        and child.id == "request"
        or isinstance(child, ast.Attribute)
        and child.attr == "request"
        for child in every_node(node)
    )


def restricts_view_queryset(ctx: FileContext) -> bool:
    """A ``dispatch()``/``initial()``/``setup()`` in this file assigns ``self.queryset`` from the request.

    One answer per file, however many fetches ask.
    """
    return ctx.remember(restricts_view_queryset, lambda: _restricts(ctx.tree))


def _restricts(tree: ast.Module) -> bool:
    for node in every_node(tree):
        if not (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.name in _PER_REQUEST_SETUP
        ):
            continue
        for statement in every_node(node):
            if (
                isinstance(statement, ast.Assign)
                and any(_is_view_queryset(target) for target in statement.targets)
                and _mentions_request(statement.value)
            ):
                return True
    return False


def _narrows_to_request(value: ast.expr, function: FunctionInfo) -> bool:
    """``self.queryset.filter(space=self.request.space)``: the view queryset filtered by the request's tenant or user."""
    return from_view_queryset(value) and any(
        keyword.arg is not None and attached_to_request(keyword.value, function)
        for node in every_node(value)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
    )


def narrowed_later(call: ast.Call, function: FunctionInfo) -> bool:
    """The fetch builds ``self.queryset``, which the function then filters by the request.

    ``self.queryset = Node.objects.get(id=root).get_children()`` followed by
    ``self.queryset = self.queryset.filter(space=self.request.space)``: only rows of the
    requester's tenant leave the function.
    """
    builds = False
    for statement in statements(function.node.body):
        if not (
            isinstance(statement, ast.Assign)
            and any(_is_view_queryset(target) for target in statement.targets)
        ):
            continue
        if any(node is call for node in every_node(statement.value)):
            builds = True
        elif builds and _narrows_to_request(statement.value, function):
            return True
    return False


def _receivers(node: ast.expr) -> list[ast.expr]:
    """What a chained call is called on, all the way down: ``a.filter(x).filter(y)`` → ``a.filter(x)``, ``a``."""
    found: list[ast.expr] = []
    current: ast.expr = node
    while isinstance(current, (ast.Call, ast.Attribute)):
        current = current.func if isinstance(current, ast.Call) else current.value
        found.append(current)
    return found


def narrowed_in_chain(call: ast.Call, function: FunctionInfo) -> bool:
    """A call chained on the fetch filters it by the request's tenant or user.

    ``AiProvider.objects.filter(pk=pk).filter(Q(space=request.space) | Q(space=None)).first()``:
    the ``Q`` objects and keywords of the outer ``filter()`` decide which rows are reachable.
    """
    for node in every_node(function.node):
        if not (
            isinstance(node, ast.Call) and any(r is call for r in _receivers(node.func))
        ):
            continue
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if any(
            isinstance(inner, ast.Attribute)
            and (attached_to_request(inner, function) or inner.attr == "user")
            and _mentions_request(inner)
            for argument in arguments
            for inner in every_node(argument)
        ):
            return True
    return False
