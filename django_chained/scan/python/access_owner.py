"""2xx: whether a fetch by a client's key is related to the requesting user.

Mentioning ``request.user`` somewhere in a view says nothing about the query that picks the row
(``Log.objects.create(doc=doc, user=request.user)``).  What relates them: the lookup itself names
the user (``owner=request.user``, ``request.user.documents.get(…)``), the fetched row is compared
with the user, or tested together with it (``if doc.owner != request.user``,
``if not doc.team.members.filter(pk=user.pk).exists()``), or the fetch only runs past a test of
who the user is (``if not request.user.is_staff: return …``, ``if request.user.is_superuser:``);
a test of whether someone is logged in at all does not count.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import statements

#: Tests of ``request.user`` that only ask whether someone is logged in: no answer to "whose row".
_LOGIN_ONLY = frozenset({"is_authenticated", "is_anonymous", "is_active"})
_MAX_ROUNDS = 6


def _is_request_user(node: ast.AST, function: FunctionInfo) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "user"
        and function.is_request(node.value)
    )


#: Whether a value bound to a local name counts, given the names found so far.
BoundBy = Callable[[ast.expr, FunctionInfo, set[str]], bool]


def names_bound(function: FunctionInfo, counts: BoundBy) -> frozenset[str]:
    """Local names with a value that ``counts``, then names bound to those, up to a fixed point."""
    names: set[str] = set()
    for _ in range(_MAX_ROUNDS):
        grown = {
            name
            for name, values in function.assignments.items()
            if name not in names and any(counts(v, function, names) for v in values)
        }
        if not grown:
            break
        names |= grown
    return frozenset(names)


def user_names(function: FunctionInfo) -> frozenset[str]:
    """Local names bound to ``request.user`` or to something read from it (``profile = request.user.profile``)."""
    # Asked again for each fetch and each test of the function.
    return function.remember(user_names, lambda: names_bound(function, _mentions_user))


def _mentions_user(
    node: ast.AST, function: FunctionInfo, names: set[str] | frozenset[str]
) -> bool:
    return any(
        _is_request_user(child, function)
        or (isinstance(child, ast.Name) and child.id in names)
        for child in every_node(node)
    )


def bound_names(call: ast.Call, function: FunctionInfo) -> frozenset[str]:
    """Names the fetched row is bound to (``doc = get_object_or_404(…)``, ``doc = …get(…).specific``)."""
    return frozenset(
        name
        for name, values in function.assignments.items()
        if any(any(child is call for child in every_node(value)) for value in values)
    )


def _login_only(test: ast.expr, function: FunctionInfo, users: frozenset[str]) -> bool:
    """The test reads nothing of the user but whether someone is logged in."""
    reads = [
        node
        for node in every_node(test)
        if isinstance(node, ast.Attribute)
        and (
            _is_request_user(node.value, function)
            or (isinstance(node.value, ast.Name) and node.value.id in users)
        )
    ]
    return bool(reads) and all(node.attr in _LOGIN_ONLY for node in reads)


def _exits(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise))


def relates_to_user(
    call: ast.Call, source: ast.expr | None, function: FunctionInfo
) -> bool:
    """Whether the lookup, the fetched row's use, or a gate before the fetch involves the requesting user."""
    users = user_names(function)
    if _mentions_user(call, function, users) or (
        source is not None and _mentions_user(source, function, users)
    ):
        return True
    if row_tested_with_user(call, function):
        return True
    for stmt in statements(function.node.body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if (
            isinstance(stmt, (ast.If, ast.While))
            and _mentions_user(stmt.test, function, users)
            and not _login_only(stmt.test, function, users)
            and (_exits(stmt.body) or _holds(stmt, call))
        ):
            return True
    return False


def row_tested_with_user(
    call: ast.Call, function: FunctionInfo, *, handed: bool = True
) -> bool:
    """The fetched row is compared with the user, tested together with it, or (``handed``) handed
    with it to a function."""
    rows = bound_names(call, function)
    if not rows:
        return False
    users = user_names(function)
    for stmt in statements(function.node.body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        tests = _tests_of(stmt)
        for node in _header_expressions(stmt):
            if _joins(node, rows, function, users, checks=node in tests, handed=handed):
                return True
    return False


def _holds(stmt: ast.If | ast.While, call: ast.Call) -> bool:
    return any(child is call for inner in stmt.body for child in every_node(inner))


def _header_expressions(stmt: ast.stmt) -> list[ast.expr]:
    """The expressions of a statement, without the statements nested in its body."""
    found: list[ast.expr] = []
    for name, value in ast.iter_fields(stmt):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.expr):
                found.append(child)
    return found


def _tests_of(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, (ast.If, ast.While, ast.Assert)):
        return [stmt.test]
    return []


def _joins(
    node: ast.expr,
    rows: frozenset[str],
    function: FunctionInfo,
    users: frozenset[str],
    *,
    checks: bool,
    handed: bool = True,
) -> bool:
    """A comparison of the fetched row with the user, or a call given both: in a test (``checks``)
    any call, elsewhere a function handed both directly (``switch_active_space(request.user,
    space)`` checks inside).

    ``if not project.members.filter(pk=user.pk).exists()`` checks; a method such as
    ``Log.objects.create(doc=doc, user=request.user)`` only records.
    """
    for child in every_node(node):
        if isinstance(child, ast.Compare) or (checks and isinstance(child, ast.Call)):
            names = {n.id for n in every_node(child) if isinstance(n, ast.Name)}
            if names & rows and _mentions_user(child, function, users):
                return True
        elif (
            handed and isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
        ):
            arguments = [*child.args, *(k.value for k in child.keywords)]
            if any(isinstance(a, ast.Name) and a.id in rows for a in arguments) and any(
                _is_user(a, function, users) for a in arguments
            ):
                return True
    return False


def _is_user(node: ast.expr, function: FunctionInfo, users: frozenset[str]) -> bool:
    """``request.user``, a name bound to it, or an attribute of either (``request.user.pk``)."""
    while isinstance(node, ast.Attribute):
        if _is_request_user(node, function):
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id in users
