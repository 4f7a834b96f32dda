"""2xx: objects fetched by what the client sent without asking who it is; trust in cookies and headers."""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.context import FileContext, call_name
from django_chained.scan.rule import Rule

W250 = Rule(
    id="django_chained.W250",
    message="View {function}() fetches an object by a URL kwarg or request parameter without relating the query to request.user.",
    hint="Filter by the owner (e.g. owner=request.user), check permissions, or use django_chained.decorators.owner_required.",
)
W251 = Rule(
    id="django_chained.W251",
    message="An access decision in {function}() reads request.{source}, which the client controls.",
    hint="Decide from request.user and its permissions (or a signed value), never from a cookie or header.",
)

_FETCHES = frozenset({"get", "filter"})
_SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
_MANAGERS = frozenset({"objects", "_default_manager"})
_IDENTIFYING = re.compile(r"^(pk|id|uuid|slug|\w+_(id|pk|uuid))(__(in|exact))?$")
_PERMISSION_DECORATORS = frozenset(
    {
        "permission_required",
        "user_passes_test",
        "staff_member_required",
        "superuser_required",
    }
)
_AUTH_KEY = re.compile(
    r"admin|staff|superuser|role|perm|auth|user|login|logged|token|access|allow|trust|grant|group|priv"
    r"|forwarded|real_ip|client_ip|is_",
    re.IGNORECASE,
)
_NOT_AUTH_KEYS = frozenset({"HTTP_USER_AGENT", "USER_AGENT"})
_DENIALS = frozenset(
    {"PermissionDenied", "HttpResponseForbidden", "Http404", "redirect_to_login"}
)


def _on_manager(func: ast.expr) -> bool:
    node = func.value if isinstance(func, ast.Attribute) else func
    while True:
        if isinstance(node, ast.Attribute):
            if node.attr in _MANAGERS:
                return True
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return False


def check_fetch(call: ast.Call, ctx: FileContext) -> None:
    function = ctx.function
    if function is None or not function.is_view:
        return
    if function.mentions_request_user or (
        function.decorator_names & _PERMISSION_DECORATORS
    ):
        return
    name = call_name(call)
    if name in _SHORTCUTS:
        keywords = call.keywords
    elif name in _FETCHES and _on_manager(call.func):
        keywords = call.keywords
        if name == "filter":
            keywords = [k for k in keywords if k.arg and _IDENTIFYING.match(k.arg)]
    else:
        return
    if any(keyword.arg and ctx.tainted(keyword.value) for keyword in keywords):
        ctx.report(W250, call, function=function.node.name)


def _client_values(test: ast.expr, ctx: FileContext) -> tuple[str, bool] | None:
    """The first ``request.COOKIES``/``META`` read in a test, and whether its key looks auth-related."""
    function = ctx.function
    for node in ast.walk(test):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in ("COOKIES", "META")
            and (function.is_request(node.value) if function else False)
        ):
            continue
        keys = [
            child.value
            for child in ast.walk(test)
            if isinstance(child, ast.Constant) and isinstance(child.value, str)
        ]
        auth_key = any(
            key not in _NOT_AUTH_KEYS and _AUTH_KEY.search(key) for key in keys
        )
        return node.attr, auth_key
    return None


def _denies(branches: list[ast.stmt]) -> bool:
    for stmt in branches:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id in _DENIALS:
                return True
    return False


def check_decision(
    node: ast.If | ast.While | ast.IfExp | ast.Assert, ctx: FileContext
) -> None:
    function = ctx.function
    if function is None:
        return
    found = _client_values(node.test, ctx)
    if found is None:
        return
    source, auth_key = found
    branches: list[ast.stmt] = []
    if isinstance(node, (ast.If, ast.While)):
        branches = [*node.body, *node.orelse]
    if auth_key or isinstance(node, ast.Assert) or _denies(branches):
        ctx.report(W251, node, function=function.node.name, source=source)


CALLS = {**dict.fromkeys(_FETCHES | _SHORTCUTS, check_fetch)}
