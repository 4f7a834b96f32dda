"""5xx: which functions a GET request reaches, and which of their statements run on a GET.

A module function taking ``request``, a class-based view's ``get()`` and a ModelAdmin method
wired by ``get_urls()`` answer GET unless a decorator limits their methods; inside them a
branch testing ``request.method``, ``request.POST`` or ``form.is_valid()`` (an unbound form is
never valid), or following an early exit on such a test, does not run on a GET.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo, FunctionNode
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_unserved_module
from django_chained.scan.python.syntax import call_name, is_self

#: Decorators limiting a view to unsafe methods (their methods list is read when they take one).
_METHOD_DECORATORS = frozenset({"require_POST", "require_http_methods", "api_view"})
#: What the request says about its method or body: a test on one of these tells GET apart.
_METHOD_SIGNS = frozenset({"method", "POST", "data", "FILES"})
_BODIES = ("body", "orelse", "finalbody")


def _decorator_name(decorator: ast.expr) -> str | None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Name):
        return target.id
    return target.attr if isinstance(target, ast.Attribute) else None


def _allows_get(decorator: ast.expr) -> bool:
    name = _decorator_name(decorator)
    if name not in _METHOD_DECORATORS:
        return True
    if name == "require_POST":
        return False
    if not isinstance(decorator, ast.Call) or not decorator.args:
        # ``@api_view`` without a list answers GET only.
        return name == "api_view"
    try:
        methods = ast.literal_eval(decorator.args[0])
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return True
    if not isinstance(methods, (list, tuple, set, frozenset)):
        return True
    return any(str(method).upper() in ("GET", "HEAD") for method in methods)


def _takes_request(node: FunctionNode, in_class: bool) -> bool:
    names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
    if in_class:
        names = names[1:]
    return bool(names) and names[0] == "request"


def _wired_by_get_urls(cls: ast.ClassDef) -> frozenset[str]:
    """Names of the methods ``get_urls()`` of ``cls`` routes (``self.publish_page``)."""
    names: set[str] = set()
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "get_urls":
            names.update(
                node.attr
                for node in every_node(stmt)
                if isinstance(node, ast.Attribute) and is_self(node.value)
            )
    return frozenset(names)


def get_views(ctx: FileContext) -> Iterator[tuple[FunctionNode, ast.ClassDef | None]]:
    """Every function of the module a GET request reaches, with its class (``None`` for a module function)."""
    if is_unserved_module(ctx.path):
        return
    for stmt in ctx.tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _takes_request(stmt, in_class=False) and _answers_get(stmt):
                yield stmt, None
        elif isinstance(stmt, ast.ClassDef):
            wired = _wired_by_get_urls(stmt)
            for method in stmt.body:
                if (
                    isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and (method.name == "get" or method.name in wired)
                    and _takes_request(method, in_class=True)
                    and _answers_get(method)
                ):
                    yield method, stmt


def _answers_get(node: FunctionNode) -> bool:
    return all(_allows_get(decorator) for decorator in node.decorator_list)


def _reads_method_or_body(node: ast.AST, function: FunctionInfo) -> bool:
    return any(
        isinstance(child, ast.Attribute)
        and child.attr in _METHOD_SIGNS
        and function.is_request(child.value)
        for child in every_node(node)
    )


def tells_get_apart(test: ast.expr, function: FunctionInfo) -> bool:
    """A condition on the request's method or body (or a name read from it), or on a form being valid.

    ``target = request.POST.get("target")`` … ``if target is None: return``: a GET has no body.
    """
    # Asked of the same tests for each call a view makes below them.
    return function.remember(
        (tells_get_apart, id(test)), lambda: _tells_get_apart(test, function)
    )


def _tells_get_apart(test: ast.expr, function: FunctionInfo) -> bool:
    if _reads_method_or_body(test, function):
        return True
    for node in every_node(test):
        if isinstance(node, ast.Name) and any(
            _reads_method_or_body(value, function)
            for value in function.assignments.get(node.id, ())
        ):
            return True
        if isinstance(node, ast.Call) and call_name(node) == "is_valid":
            return True
    return False


def _exits(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise))


def runs_on_get(node: ast.AST, function: FunctionInfo) -> bool:
    """Whether ``node`` (inside ``function``) runs on a GET: no method test guards it."""
    line = getattr(node, "lineno", 0)
    end = getattr(node, "end_lineno", line) or line
    body: list[ast.stmt] = function.node.body
    while True:
        for stmt in body:
            if stmt.lineno > end:
                return True
            stmt_end = stmt.end_lineno or stmt.lineno
            if stmt_end < line:
                if (
                    isinstance(stmt, ast.If)
                    and tells_get_apart(stmt.test, function)
                    and (_exits(stmt.body) or _exits(stmt.orelse))
                ):
                    return False
                continue
            if isinstance(stmt, (ast.If, ast.While)) and tells_get_apart(
                stmt.test, function
            ):
                return False
            inner = _block_holding(stmt, line, end)
            if inner is None:
                return not any(
                    isinstance(expr, ast.IfExp) and tells_get_apart(expr.test, function)
                    for expr in every_node(stmt)
                )
            body = inner
            break
        else:
            return True


def _block_holding(stmt: ast.stmt, line: int, end: int) -> list[ast.stmt] | None:
    """The nested statement list of ``stmt`` holding lines ``line``..``end``, if any."""
    blocks: list[list[ast.stmt]] = [getattr(stmt, field, []) for field in _BODIES]
    blocks += [handler.body for handler in getattr(stmt, "handlers", [])]
    blocks += [case.body for case in getattr(stmt, "cases", [])]
    for block in blocks:
        if block and block[0].lineno <= line and (block[-1].end_lineno or 0) >= end:
            return block
    return None
