"""2xx: what makes a view that lists every row a privileged one, so W257 stays quiet.

A view for administrators lists everything on purpose: a permission decorator or mixin, a REST
framework permission class beyond a login, a test of ``is_staff``/``is_superuser``, a denial on a
test of the user or on a condition the view computes (as ``W250`` reads it), or a permission check
called before the listing.  A test of the user that only
decides whether one listing is shown (``MailRule.objects.filter(…) if user.has_perm(…) else []``)
gates that listing, unless the same view narrows another listing to the user: then the view shows
each user their own rows, and a model permission does not say whose rows these are.
"""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.access_owner import names_bound
from django_chained.scan.python.access_scope import (
    denies_on_own_condition,
    permission_guarded,
)
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name, manager_in_chain

#: Permission classes that only ask whether someone is logged in.
_LOGIN_ONLY = frozenset({"IsAuthenticated", "AllowAny", "IsAuthenticatedOrReadOnly"})
_PRIVILEGED_FLAGS = frozenset({"is_staff", "is_superuser", "is_admin"})
#: ``has_perm``, ``check_permissions``, ``user_can_view``; not ``get_permalink``.
_PERMISSION_CALL = re.compile(
    r"perm(?!alink|anent)|authori[sz]|(?:^|_)can_(?:view|see|read|access|list|manage)",
    re.IGNORECASE,
)
#: Helpers and manager methods that hand back the rows a user may see.
_USER_SCOPE_CALL = re.compile(
    r"for_user|visible|restrict|accessible|permitted|allowed|owned", re.IGNORECASE
)
#: Login-only tests of the user: they answer "is someone there", not "who".
_LOGIN_ATTRIBUTES = frozenset({"is_authenticated", "is_anonymous", "is_active"})


def user_aliases(function: FunctionInfo) -> frozenset[str]:
    """Names bound to ``request.user`` or an attribute path of it (``profile = request.user.profile``).

    Not names computed with it (``rules = X.objects.all() if user.has_perm(…) else []``): those hold
    whatever the expression gives, which is this rule's question.
    """
    return names_bound(function, _is_user_path)


def _is_user_path(node: ast.expr, function: FunctionInfo, names: set[str]) -> bool:
    if isinstance(node, ast.IfExp):  # ``request.user if … else None``
        return _is_user_path(node.body, function, names) or _is_user_path(
            node.orelse, function, names
        )
    while isinstance(node, ast.Attribute):
        if node.attr == "user" and function.is_request(node.value):
            return True
        node = node.value
    return isinstance(node, ast.Name) and node.id in names


def _permission_classes(cls: ast.ClassDef) -> set[str] | None:
    """The class names the class's own ``permission_classes`` lists (none: anyone may call), and
    ``get_permissions`` for a method of its own choosing them; ``None`` when it sets neither."""
    for stmt in cls.body:
        if (
            isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
            and stmt.name == "get_permissions"
        ):
            return {"get_permissions"}
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "permission_classes"
            for t in stmt.targets
        ):
            names = (
                n.id if isinstance(n, ast.Name) else n.attr
                for n in every_node(stmt.value)
                if isinstance(n, (ast.Name, ast.Attribute))
            )
            return {name for name in names if name[:1].isupper()}
    return None


def _mentions_user(
    node: ast.AST, function: FunctionInfo, users: frozenset[str]
) -> bool:
    return any(
        (
            isinstance(child, ast.Attribute)
            and child.attr == "user"
            and function.is_request(child.value)
        )
        or (isinstance(child, ast.Name) and child.id in users)
        for child in every_node(node)
    )


def _asks_who(test: ast.expr, function: FunctionInfo, users: frozenset[str]) -> bool:
    """A test of the user beyond whether someone is logged in."""
    if not _mentions_user(test, function, users):
        return False
    reads = [
        node.attr
        for node in every_node(test)
        if isinstance(node, ast.Attribute) and _is_user(node.value, function, users)
    ]
    return not reads or not set(reads) <= _LOGIN_ATTRIBUTES


def _is_user(node: ast.expr, function: FunctionInfo, users: frozenset[str]) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "user"
        and function.is_request(node.value)
    ) or (isinstance(node, ast.Name) and node.id in users)


def _exits(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise))


def _branches(node: ast.If | ast.IfExp) -> tuple[list[ast.AST], list[ast.AST]]:
    if isinstance(node, ast.If):
        return list(node.body), list(node.orelse)
    return [node.body], [node.orelse]


def _held_by(node: ast.If | ast.IfExp, chain: ast.Call) -> tuple[bool, list[ast.AST]]:
    """Whether a branch of the test holds the listing, and the other branch."""
    body, orelse = _branches(node)
    for branch, other in ((body, orelse), (orelse, body)):
        if any(child is chain for part in branch for child in every_node(part)):
            return True, other
    return False, []


def narrows_to_user(call: ast.Call, function: FunctionInfo) -> bool:
    """``Doc.objects.filter(owner=request.user)``, ``get_objects_for_user(request.user, …)``,
    ``Tag.objects.visible_to(user)``: a listing of the rows the user may see."""
    users = user_aliases(function)
    arguments = [*call.args, *(k.value for k in call.keywords)]
    if not any(_mentions_user(a, function, users) for a in arguments):
        return False
    name = call_name(call) or ""
    return bool(_USER_SCOPE_CALL.search(name)) or (
        name in ("filter", "exclude") and manager_in_chain(call.func) is not None
    )


def _class_gated(function: FunctionInfo) -> bool:
    cls = function.enclosing_class
    if cls is None:
        return False
    classes = _permission_classes(cls)
    return classes is not None and not classes <= _LOGIN_ONLY


def gated(chain: ast.Call, function: FunctionInfo, *, sibling_scoped: bool) -> bool:
    """Whether the view, or the branch holding the listing, is for privileged users only."""
    if permission_guarded(function) or _class_gated(function):
        return True
    users = user_aliases(function)
    in_holding_tests: set[int] = set()
    for node in every_node(function.node):
        if isinstance(node, ast.Attribute) and node.attr in _PRIVILEGED_FLAGS:
            return True
        if not isinstance(node, (ast.If, ast.IfExp)):
            continue
        asks = _asks_who(node.test, function, users)
        if isinstance(node, ast.If) and (
            (asks and _exits(node.body)) or denies_on_own_condition(node, function)
        ):
            return True
        held, other = _held_by(node, chain)
        if held and asks:
            # Who asks picks between these rows and their own (``all() if user.is_superuser
            # else mine``), or decides alone whether a kind of row is shown.
            if not sibling_scoped or any(
                isinstance(c, ast.Call) and narrows_to_user(c, function)
                for part in other
                for c in every_node(part)
            ):
                return True
            in_holding_tests.update(id(n) for n in every_node(node.test))
        elif asks:
            in_holding_tests.update(id(n) for n in every_node(node.test))
    return any(
        isinstance(node, ast.Call)
        and id(node) not in in_holding_tests
        and _PERMISSION_CALL.search(call_name(node) or "") is not None
        for node in every_node(function.node)
    )
