"""1xx: a session- or auth-like cookie set without ``secure=True``."""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.rule import Rule

W150 = Rule(
    id="django_chained.W150",
    message="{method}({cookie}) sets an authentication-like cookie without secure=True, so it also travels over plain HTTP.",
    hint="Pass secure=True (and httponly=True, samesite='Lax'), or secure=request.is_secure() behind a trusted proxy.",
)

_AUTH_LIKE = re.compile(
    r"sess|auth|token|jwt|login|remember|csrf|xsrf|api[-_]?key|access|refresh"
    r"|credential|passw|secret|user[-_]?id|identity|(?:^|[-_.])sid(?:$|[-_.])",
    re.IGNORECASE,
)
_DJANGO_COOKIE_SETTINGS = frozenset({"SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME"})


def _cookie_name(node: ast.expr, ctx: FileContext) -> str | None:
    """The cookie's name when it is auth-like and known from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return repr(node.value) if _AUTH_LIKE.search(node.value) else None
    if isinstance(node, ast.Attribute) and node.attr in _DJANGO_COOKIE_SETTINGS:
        return f"settings.{node.attr}"
    if isinstance(node, ast.Name):
        values = ctx.assignments_of(node.id)
        if len(values) == 1 and _cookie_name(values[0], ctx) is not None:
            return node.id
    return None


def _secure_missing(call: ast.Call) -> bool:
    for keyword in call.keywords:
        if keyword.arg is None:
            return False  # **options: cannot tell
        if keyword.arg == "secure":
            value = keyword.value
            return isinstance(value, ast.Constant) and not value.value
    # set_cookie(key, value, max_age, expires, path, domain, secure, ...)
    return len(call.args) < 7


def _key(call: ast.Call) -> ast.expr | None:
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "key"), None)


def check_set_cookie(call: ast.Call, ctx: FileContext) -> None:
    key = _key(call)
    if not isinstance(call.func, ast.Attribute) or key is None or is_test_code(ctx):
        return
    name = _cookie_name(key, ctx)
    if name is not None and _secure_missing(call):
        ctx.report(W150, call, method=call.func.attr, cookie=name)


HANDLERS = Handlers(
    calls={"set_cookie": check_set_cookie, "set_signed_cookie": check_set_cookie}
)
