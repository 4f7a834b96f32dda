"""Where a cookie is read to decide who the user is or what they may do: the readers W150 pairs with setters.

A reader is a use of ``request.COOKIES[name]`` (``.get(name)``), directly or through local names
assigned from it, as the key of a user lookup (``User.objects.get(pk=…)``, ``get_user_model()``,
``get_object_or_404(Account, …)``, a ``user_id=`` keyword), as ``request.user``, in ``login()``, as
the session's user or privilege, or in a test whose branch grants or denies access, or that compares
it with a privilege word (``== "admin"``): the shapes W251 judges. Each reader becomes an
``IDENTITY_READ`` marker naming the cookie; the project pass (``scan.identity_cookies``) pairs the
markers with the cookies set without ``secure=True`` and drops them. A cookie read for a theme, a
language, a consent or a "seen" flag is none of these, so it is not marked.
"""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.client_flags import (
    compared_texts,
    denies,
    grants,
    names_privilege,
    own_nodes,
)
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import MANAGERS, call_name, literal_item
from django_chained.scan.rule import Rule

#: Not a rule: a marker the project pass consumes; its ``subject`` is the cookie's name (or constant).
IDENTITY_READ = Rule(
    id="scan-marker:identity-cookie-read",
    message="request.COOKIES[{cookie}] decides who the user is or what they may do.",
    hint="",
)

_USER_MODEL = re.compile(r"user|account|member|profile|customer|person", re.IGNORECASE)
_USER_KEYWORD = re.compile(
    r"^(?:user|owner|account|member)(?:_?id|__pk|__id|__username|__email)?$|^username$",
    re.IGNORECASE,
)
_LOOKUPS = frozenset({"get", "filter", "get_object_or_404", "aget", "get_or_404"})
_LOGINS = frozenset({"login", "auth_login", "django_login", "alogin"})
#: Rounds of following ``a = cookie; b = lookup(a)`` through a function's assignments.
_ROUNDS = 4


def cookie_key_name(node: ast.expr, ctx: FileContext) -> str | None:
    """A cookie key as written: its text, that of the module constant holding it, or the constant's name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        values = ctx.assignments_of(node.id)
        if len(values) == 1 and isinstance(values[0], ast.Constant):
            value = values[0].value
            return value if isinstance(value, str) else None
        return node.id if not values and node.id.isupper() else None
    if isinstance(node, ast.Attribute) and node.attr.isupper():
        return node.attr  # settings.UID_COOKIE, constants.UID_COOKIE
    return None


def _cookie_key(node: ast.AST, function: FunctionInfo) -> ast.expr | None:
    """The key of a ``request.COOKIES[key]`` or ``request.COOKIES.get(key)`` read."""
    if isinstance(node, ast.Subscript):
        target, key = node.value, node.slice
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
    ):
        target, key = node.func.value, node.args[0]
    else:
        return None
    if (
        isinstance(target, ast.Attribute)
        and target.attr == "COOKIES"
        and function.is_request(target.value)
    ):
        return key
    return None


class _Cookies:
    """The cookies each expression of one function carries, directly or through its local names."""

    def __init__(self, function: FunctionInfo, ctx: FileContext) -> None:
        self.function = function
        self.ctx = ctx
        self.names: dict[str, set[str]] = {}
        for _ in range(_ROUNDS):
            grew = False
            for name, values in function.assignments.items():
                carried = set().union(*(self.carried(value) for value in values))
                if not carried <= self.names.get(name, set()):
                    self.names.setdefault(name, set()).update(carried)
                    grew = True
            if not grew:
                break

    def carried(self, node: ast.AST) -> set[str]:
        found: set[str] = set()
        for child in every_node(node):
            key = _cookie_key(child, self.function)
            name = None if key is None else cookie_key_name(key, self.ctx)
            if name is not None:
                found.add(name)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                found |= self.names.get(child.id, set())
        return found


def _looks_up_a_user(call: ast.Call) -> bool:
    name = call_name(call)
    if name not in _LOOKUPS:
        return False
    if any(k.arg and _USER_KEYWORD.match(k.arg) for k in call.keywords):
        return True
    if name in ("get_object_or_404", "get_or_404"):
        model = call.args[0] if call.args else None
    else:
        func = call.func
        manager = func.value if isinstance(func, ast.Attribute) else None
        if not (isinstance(manager, ast.Attribute) and manager.attr in MANAGERS):
            return False
        model = manager.value
    if isinstance(model, ast.Call):
        return call_name(model) == "get_user_model"
    return isinstance(model, ast.Name | ast.Attribute) and bool(
        _USER_MODEL.search(model.id if isinstance(model, ast.Name) else model.attr)
    )


def _decides(node: ast.If) -> bool:
    branches = [*node.body, *node.orelse]
    return (
        grants(branches)
        or any(denies(stmt) for stmt in branches)
        or any(names_privilege(text) for text in compared_texts(node.test))
    )


def _identity_uses(
    function: FunctionInfo, cookies: _Cookies
) -> list[tuple[ast.AST, set[str]]]:
    """``(node, cookies)`` of each place the function decides identity or access on cookies."""
    uses: list[tuple[ast.AST, set[str]]] = []
    for node in own_nodes(function.node.body):
        if isinstance(node, ast.Call):
            if _looks_up_a_user(node) or call_name(node) in _LOGINS:
                arguments = [*node.args, *(k.value for k in node.keywords)]
                uses.append((node, set().union(*map(cookies.carried, arguments))))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                key = literal_item(target, "session")
                user = isinstance(target, ast.Attribute) and target.attr == "user"
                if user or (
                    key is not None and ("user" in key or names_privilege(key))
                ):
                    uses.append((node, cookies.carried(node.value)))
        elif isinstance(node, ast.If) and _decides(node):
            uses.append((node, cookies.carried(node.test)))
    return [(node, found) for node, found in uses if found]


def mark_identity_reads(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: FileContext
) -> None:
    if not ctx.mentions(node, "COOKIES"):
        return  # only a function reading COOKIES can decide on a cookie
    function = ctx.function_info(node)
    ctx.functions.append(function)
    try:
        if is_test_code(ctx):
            return
        uses = _identity_uses(function, _Cookies(function, ctx))
    finally:
        ctx.functions.pop()
    for use, names in uses:
        for name in sorted(names):
            ctx.report(IDENTITY_READ, use, subject=name, cookie=repr(name))


HANDLERS = Handlers(functions=(mark_identity_reads,), triggers=frozenset({"COOKIES"}))
