"""1xx: a cookie that carries identity set without ``secure=True``.

A cookie is an identity cookie by its name (session, token, user id...), or because the code reads
it to decide who the user is or what they may do (``identity_cookie_reads``), in this file or
another. The second kind cannot be decided one file at a time: a setter of a plainly named cookie is
reported as a ``PENDING`` W150, whose ``subject`` lists the names it is set under, and the project
pass ``scan.identity_cookies`` keeps it (naming the reader) or drops it.
"""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.identity_cookie_reads import cookie_key_name
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.rule import Rule

W150 = Rule(
    id="django_chained.W150",
    message="{method}({cookie}) sets an authentication-like cookie without secure=True, so it also travels over plain HTTP.",
    hint="Pass secure=True (and httponly=True, samesite='Lax'), or secure=request.is_secure() behind a trusted proxy.",
)

#: A W150 the project pass keeps only where the cookie is read for identity; ``{reader}`` names where.
PENDING = Rule(
    id=W150.id,
    message="{method}({cookie}) sets a cookie without secure=True that {reader} reads to decide who the user is or what they may do, so it identifies the user and also travels over plain HTTP.",
    hint="Pass secure=True (and httponly=True, samesite='Lax'); better, keep who the user is in Django's session (login(), request.session) instead of a cookie of the project's own.",
)
READER = "{reader}"

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
    if not _secure_missing(call):
        return
    name = _cookie_name(key, ctx)
    if name is not None:
        ctx.report(W150, call, method=call.func.attr, cookie=name)
        return
    names = {cookie_key_name(key, ctx)}
    if isinstance(key, ast.Name | ast.Attribute):
        constant = key.id if isinstance(key, ast.Name) else key.attr
        names.add(constant if constant.isupper() else None)
    known = sorted(n for n in names if n is not None and " " not in n)
    if known:
        cookie = ast.unparse(key)
        ctx.report(
            PENDING,
            call,
            subject=" ".join(known),
            method=call.func.attr,
            cookie=cookie,
            reader=READER,
        )


HANDLERS = Handlers(
    calls={"set_cookie": check_set_cookie, "set_signed_cookie": check_set_cookie}
)
