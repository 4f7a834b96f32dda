"""2xx: a view that answers from the cache, by the client's key, before it checks access.

``data = cache.get(f"routine-{pk}")`` / ``if data is not None: return Response(data)`` above
``self.get_object()`` (which reads the user's queryset and runs the object permissions) serves
whatever any user put in the cache for that key: once the owner has opened the row, everyone
gets it. The view shows that access needs checking (it checks on a miss), and that the cached
path skips it. A cache key that carries the user (``f"{request.user.pk}-{pk}"``) is per user.
"""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.access_owner import bound_names, user_names
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import call_name, is_cache_read, statements
from django_chained.scan.rule import Rule

W260 = Rule(
    id="django_chained.W260",
    message="{function}() returns a value cached under a key the client chose before {check}() decides whether the user may have it.",
    hint="Run {check}() (or the ownership check) before reading the cache, or put the user in the cache key; otherwise any user is served what the cache holds for another user's row.",
)

#: Calls that decide whether the user may have the row: a class-based view's ``get_object()``
#: (the user's queryset, and in REST framework the object permissions), a permission check.
_ACCESS_CHECK = re.compile(
    r"^get_object$|^check_object_permissions$|^has_perms?$|for_instance$"
    r"|^permissions_for_user$|^restrict$|(?:^|_)can_(?:view|see|read|access|change|edit)"
)


def _access_checks(function: FunctionInfo) -> list[ast.Call]:
    return [
        node
        for node in every_node(function.node)
        if isinstance(node, ast.Call) and _ACCESS_CHECK.search(call_name(node) or "")
    ]


def _keyed_by_user(key: ast.expr, function: FunctionInfo) -> bool:
    """The key, or a local name it is built from, reads the requesting user."""
    users = user_names(function)
    pending: list[ast.expr] = [key]
    seen: set[str] = set()
    while pending:
        for node in every_node(pending.pop()):
            if isinstance(node, ast.Attribute) and node.attr == "user":
                return True
            if isinstance(node, ast.Name) and node.id not in seen:
                if node.id in users:
                    return True
                seen.add(node.id)
                pending.extend(function.assignments.get(node.id, []))
    return False


def _mentions(node: ast.AST, names: frozenset[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in every_node(node))


def _within(node: ast.AST, stmt: ast.stmt) -> bool:
    line = getattr(node, "lineno", 0)
    return stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno)


def _bypassed(read: ast.Call, function: FunctionInfo, checks: list[ast.Call]) -> bool:
    """A branch on the cached value returns it without a check, or only the branch of a miss checks."""
    cached = bound_names(read, function)
    if not cached or any(check.lineno < read.lineno for check in checks):
        return False
    for stmt in statements(function.node.body):
        if not (isinstance(stmt, ast.If) and stmt.lineno > read.lineno):
            continue
        if not _mentions(stmt.test, cached):
            continue
        body = stmt.body
        if (
            body
            and isinstance(body[-1], ast.Return)
            and not any(_within(check, stmt) for check in checks)
        ):
            return True  # a hit returns before the check below
        if all(_within(check, stmt) for check in checks):
            return True  # only a miss reaches the check
    return False


def check_cache_read(call: ast.Call, ctx: FileContext) -> None:
    function = ctx.function
    if (
        function is None
        or not function.is_view
        or not is_cache_read(call)
        or not call.args
    ):
        return
    key = call.args[0]
    if not function.picks_key(key) or _keyed_by_user(key, function):
        return
    if not is_request_handler(function) or is_test_code(ctx):
        return
    checks = _access_checks(function)
    if checks and _bypassed(call, function, checks):
        ctx.report(W260, call, function=function.node.name, check=call_name(checks[0]))


HANDLERS = Handlers(
    calls={"get": check_cache_read},
    triggers=frozenset({"cache", "caches"}),
    not_triggers=frozenset({"get"}),
)
