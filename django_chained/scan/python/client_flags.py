"""W251, the grants: access granted on request data the client sets freely (a header, the Host, a query flag).

``access`` reports decisions on cookies and auth-like ``request.META`` keys; this module reports
those that grant access on what a client writes into any request: ``request.headers`` and ``META`` (the
``User-Agent``, the ``Referer``, ``X-Forwarded-For``, ``REMOTE_ADDR`` behind a proxy),
``request.get_host()``, and a ``GET``/``POST`` flag such as ``?admin=1``, ``?debug=1`` or
``?role=admin``. A decision grants when its branch logs a user in or raises privileges
(``login()``, ``user.is_staff = True``, ``request.session["is_admin"] = True``, ``groups.add()``),
when the client's value lets the request past a permission test (``if flag or user.is_staff``), or
when its branch returns before the permission check that follows (``if flag: return data`` above
``if not user.has_perm(…): raise PermissionDenied``). Keys that carry a credential (``token``,
``secret``, ``signature``, ``Authorization``) are checked against a secret, not trusted: not read.
A value first copied into a local name is read where the name is (``client_reads``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from django_chained.scan.python.access import W251
from django_chained.scan.python.client_reads import (
    HEADER_SOURCES,
    raw_reads,
    reads,
    text_of,
)
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

#: W251 as a grant reads: which value, and what it grants.
GRANT = Rule(
    id=W251.id,
    message="An access decision in {function}() reads request.{source}, which the client controls: {how}.",
    hint=W251.hint,
)

LOGS_IN = "its branch logs a user in or raises privileges"
BYPASSES = "it lets the request past the permission test beside it"
SKIPS = "its branch returns before the permission check below"

#: Words of a key or value that name a privilege: ``?admin=1``, ``is_staff``, ``X-Role``, ``?action=admin``.
_PRIVILEGE_WORDS = frozenset(
    {
        "admin",
        "administrator",
        "staff",
        "superuser",
        "sudo",
        "root",
        "role",
        "debug",
        "priv",
        "privileged",
        "perm",
        "perms",
        "permission",
        "permissions",
        "bypass",
        "internal",
        "trusted",
    }
)
#: Headers naming the client or the way the request came: any client sets them.
_ORIGIN_HEADER = re.compile(
    r"user.?agent|referr?er|forwarded|real.?ip|client.?ip|remote.?addr|^(http_)?host$",
    re.IGNORECASE,
)
#: Keys whose value is checked against a secret (shared-token authentication), not trusted as is.
_CREDENTIAL = re.compile(r"token|secret|signature|password|key|authorization", re.I)
_LOGINS = frozenset({"login", "auth_login", "django_login"})
_PRIVILEGE_FLAGS = frozenset({"is_staff", "is_superuser", "is_admin"})
_GRANT_RELATIONS = frozenset({"groups", "user_permissions"})
_PERMISSION_CALLS = frozenset(
    {
        "has_perm",
        "has_perms",
        "has_module_perms",
        "has_permission",
        "has_object_permission",
        "check_permissions",
        "check_object_permissions",
        "user_passes_test",
    }
)
_DENIALS = frozenset({"PermissionDenied", "HttpResponseForbidden", "redirect_to_login"})
#: What a client value is read from: ``request.GET``, ``.headers``, ``.get_host()``...
_CLIENT_WORDS = ("headers", "get_host", "GET", "POST", "query_params", "META")


def compared_texts(test: ast.AST) -> set[str]:
    return {
        text
        for node in every_node(test)
        if isinstance(node, ast.Compare)
        for side in (node.left, *node.comparators)
        if (text := text_of(side)) is not None
    }


def names_privilege(text: str) -> bool:
    return not _PRIVILEGE_WORDS.isdisjoint(re.split(r"[^a-z0-9]+", text.lower()))


def trusted_read(test: ast.AST, function: FunctionInfo) -> str | None:
    """How the first client value a test trusts for access reads (``request.GET['admin']``), or ``None``."""
    values = compared_texts(test)
    for source, key in reads(test, function):
        if source == "get_host":
            return "get_host()"
        if key is None or _CREDENTIAL.search(key):
            continue
        origin = source in HEADER_SOURCES and _ORIGIN_HEADER.search(key)
        if origin or any(names_privilege(text) for text in (key, *values)):
            return f"{source}[{key!r}]"
    return None


def own_nodes(statements: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes of the statements, not those of functions or classes defined in them."""
    stack: list[ast.AST] = list(statements)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            stack.extend(child_nodes(node))


def grants(statements: list[ast.stmt]) -> bool:
    for node in own_nodes(statements):
        if isinstance(node, ast.Call):
            name = call_name(node)
            if name in _LOGINS:
                return True
            func = node.func
            if (
                name in ("add", "set")
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Attribute)
                and func.value.attr in _GRANT_RELATIONS
            ):
                return True
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr in _PRIVILEGE_FLAGS
                ):
                    return True
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "session"
                    and (key := text_of(target.slice)) is not None
                    and names_privilege(key)
                ):
                    return True
    return False


def _permission_test(node: ast.AST) -> bool:
    return any(
        (isinstance(child, ast.Attribute) and child.attr in _PRIVILEGE_FLAGS)
        or (isinstance(child, ast.Call) and call_name(child) in _PERMISSION_CALLS)
        for child in every_node(node)
    )


def _bypasses(test: ast.expr, function: FunctionInfo) -> bool:
    """``flag or user.is_staff``: the client's value stands in for the permission test."""
    if not (isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or)):
        return False
    flags = [value for value in test.values if trusted_read(value, function)]
    tests = [
        value
        for value in test.values
        if not isinstance(value, ast.UnaryOp) and _permission_test(value)
    ]
    return bool(flags) and bool(tests)


def denies(node: ast.AST) -> bool:
    return any(
        isinstance(child, ast.Name) and child.id in _DENIALS
        for child in every_node(node)
    )


def _checked_below(node: ast.If, function: FunctionInfo) -> bool:
    """A permission check the function makes after ``node``: ``has_perm()``, ``is_staff``, ``PermissionDenied``."""
    end = node.end_lineno or node.lineno
    return any(
        getattr(child, "lineno", 0) > end
        and (
            _permission_test(child)
            if isinstance(child, ast.If | ast.Assert)
            else isinstance(child, ast.Raise) and denies(child)
        )
        for child in own_nodes(function.node.body)
    )


def _skips(node: ast.If, function: FunctionInfo) -> bool:
    last = node.body[-1]
    return (
        isinstance(last, ast.Return)
        and last.value is not None
        and not denies(last)
        and _checked_below(node, function)
    )


def check_grant(
    node: ast.If | ast.While | ast.IfExp | ast.Assert, ctx: FileContext
) -> None:
    function = ctx.function
    if (
        function is None
        or isinstance(node, ast.IfExp)
        # A read, or the assignment copying one, names its source within the function.
        or not function.mentions(*_CLIENT_WORDS)
        or is_test_code(ctx)
    ):
        return
    _judge_grant(node, function, ctx)


def check_copied_read(node: ast.Assign, ctx: FileContext) -> None:
    """``agent = request.META.get(…)``: the tests of ``agent`` below, which the walk may skip
    (the pre-filter sees the request's words on the assignment's line only)."""
    function = ctx.function
    target = node.targets[0] if len(node.targets) == 1 else None
    if (
        function is None
        or not isinstance(target, ast.Name)
        or not function.mentions(*_CLIENT_WORDS)
        or next(raw_reads(node.value, function), None) is None
        or is_test_code(ctx)
    ):
        return
    for test in own_nodes(function.node.body):
        if (
            isinstance(test, ast.If | ast.While | ast.Assert)
            and test.lineno > node.lineno
            and any(
                isinstance(n, ast.Name) and n.id == target.id
                for n in every_node(test.test)
            )
        ):
            _judge_grant(test, function, ctx)


def _judge_grant(
    node: ast.If | ast.While | ast.Assert, function: FunctionInfo, ctx: FileContext
) -> None:
    source = trusted_read(node.test, function)
    if source is None:
        return
    how: str | None = None
    if _bypasses(node.test, function):
        how = BYPASSES
    elif isinstance(node, ast.If) and grants([*node.body, *node.orelse]):
        how = LOGS_IN
    elif isinstance(node, ast.If) and _skips(node, function):
        how = SKIPS
    already = any(f.id == W251.id and f.line == node.lineno for f in ctx.findings)
    if how is not None and not already:
        ctx.report(GRANT, node, function=function.node.name, source=source, how=how)


HANDLERS = Handlers(
    decisions=(check_grant,),
    assignments=(check_copied_read,),
    triggers=frozenset(_CLIENT_WORDS),
)
