"""W256 and I214: view classes over the user model that create, change or delete any user.

A REST framework viewset over ``User`` whose ``permission_classes`` only ask for a login, or a
Django ``UpdateView``/``DeleteView`` of users behind ``LoginRequiredMixin`` alone, lets any
logged-in user change or delete every account (W256).  Behind a model permission
(``DjangoModelPermissions``, a project's own class) the holder is a "user manager", and what
such a manager may do to a superuser is a question the code must answer itself: each write
action that never compares the target's or the requested ``is_superuser``/``is_staff`` is an
Info (I214) asking to confirm that a manager cannot delete a superuser or grant staff.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from django.core.checks.messages import INFO

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import base_names, is_test_code
from django_chained.scan.python.syntax import MANAGERS, call_name, manager_in_chain
from django_chained.scan.python.user_admin import W256
from django_chained.scan.python.user_model import names_user_model
from django_chained.scan.rule import Rule

I214 = Rule(
    id="django_chained.I214",
    message="{view} lets holders of its permission classes {action} any user; whether a non-superuser can {risk} is not visible here.",
    hint="Confirm that only superusers may act on superusers and grant staff: compare request.user.is_superuser with the target's and the requested is_superuser/is_staff in {method}(), or restrict the view to administrators (IsAdminUser).",
    level=INFO,
)

#: REST framework's view classes and mixins, by the write actions they route.
_WRITES = {
    "ModelViewSet": ("create", "update", "destroy"),
    "CreateModelMixin": ("create",),
    "UpdateModelMixin": ("update",),
    "DestroyModelMixin": ("destroy",),
    "CreateAPIView": ("create",),
    "ListCreateAPIView": ("create",),
    "UpdateAPIView": ("update",),
    "RetrieveUpdateAPIView": ("update",),
    "DestroyAPIView": ("destroy",),
    "RetrieveDestroyAPIView": ("destroy",),
    "RetrieveUpdateDestroyAPIView": ("update", "destroy"),
}
#: The HTTP methods of each action, for ``http_method_names``.
_METHODS = {"create": {"post"}, "update": {"put", "patch"}, "destroy": {"delete"}}
#: The methods of the view where an action's own check would be written.
_OVERRIDES = {
    "create": ("create", "perform_create"),
    "update": ("update", "partial_update", "perform_update"),
    "destroy": ("destroy", "perform_destroy"),
}
#: What a rank comparison must read for each action: deleting needs the target's superuser
#: flag, creating and changing both flags a client could ask for.
_RANKS = {
    "create": frozenset({"is_superuser", "is_staff"}),
    "update": frozenset({"is_superuser", "is_staff"}),
    "destroy": frozenset({"is_superuser"}),
}
_RISKS = {
    "create": "create a superuser or staff member",
    "update": "change a superuser or grant is_superuser/is_staff",
    "destroy": "delete a superuser",
}
_VERBS = {"create": "create", "update": "change", "destroy": "delete"}
_ANY_USER = {
    "create": "creates users",
    "update": "changes any user",
    "destroy": "deletes any user",
}
#: Permission classes that only ask whether someone is logged in.
_LOGIN_ONLY = frozenset({"IsAuthenticated", "AllowAny", "IsAuthenticatedOrReadOnly"})
#: ``IsAdminUser``, ``IsSuperuser``, ``StaffOnly``: the class admits administrators only.
_ADMIN_ONLY = re.compile(r"Admin|Staff|Superuser", re.IGNORECASE)
#: Django's generic views that change or delete their object, and bases that add no check.
_DJANGO_WRITES = {"UpdateView": "update", "DeleteView": "destroy"}
_NO_CHECK_BASES = frozenset({"LoginRequiredMixin", "SuccessMessageMixin"})
_DJANGO_OVERRIDES = frozenset(
    {"get_queryset", "get_object", "dispatch", "test_func", "has_permission"}
)


def _class_values(cls: ast.ClassDef) -> dict[str, ast.expr]:
    values: dict[str, ast.expr] = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = stmt.value
    return values


def _over_users(values: dict[str, ast.expr], ctx: FileContext) -> bool:
    model = values.get("model")
    if model is not None and names_user_model(model, ctx):
        return True
    queryset = values.get("queryset")
    manager = manager_in_chain(queryset) if queryset is not None else None
    return (
        manager is not None
        and manager.attr in MANAGERS
        and names_user_model(manager.value, ctx)
    )


def _names(node: ast.AST) -> Iterator[str]:
    for child in every_node(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr


def _permission_names(node: ast.expr) -> Iterator[str]:
    """The class names of ``[IsAuthenticated, perms.Custom]``, ``(A & B,)``, ``(Custom(),)``."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            yield from _permission_names(element)
    elif isinstance(node, ast.BinOp):
        yield from _permission_names(node.left)
        yield from _permission_names(node.right)
    elif isinstance(node, ast.Call):
        yield from _permission_names(node.func)
    elif isinstance(node, ast.Attribute):
        yield node.attr
    elif isinstance(node, ast.Name):
        yield node.id
    else:
        yield "?"  # a value built another way: not judged login-only


def _allowed_methods(values: dict[str, ast.expr]) -> set[str] | None:
    listed = values.get("http_method_names")
    if isinstance(listed, (ast.List, ast.Tuple)):
        return {
            e.value.lower()
            for e in listed.elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        }
    return None


def _methods(cls: ast.ClassDef) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        s.name: s
        for s in cls.body
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def _reads(method: ast.AST, flags: frozenset[str]) -> bool:
    """The method reads each flag, as an attribute or a key (``request.data.get("is_staff")``)."""
    strings = {
        c.value
        for c in every_node(method)
        if isinstance(c, ast.Constant) and isinstance(c.value, str)
    }
    return flags <= set(_names(method)) | strings


def _guards(method: ast.AST) -> bool:
    """A method that asks who the user is, or for a permission, before acting."""
    return any(
        name in ("is_staff", "is_superuser", "PermissionDenied")
        or "perm" in name.lower()
        for name in _names(method)
    ) or any(
        isinstance(c, ast.Call) and "perm" in (call_name(c) or "").lower()
        for c in every_node(method)
    )


def _actions(cls: ast.ClassDef, values: dict[str, ast.expr]) -> list[str]:
    found: list[str] = []
    for base in base_names(cls):
        for action in _WRITES.get(base, ()):
            if action not in found:
                found.append(action)
    allowed = _allowed_methods(values)
    if allowed is not None:
        found = [a for a in found if _METHODS[a] & allowed]
    return found


def check_user_viewset(cls: ast.ClassDef, ctx: FileContext) -> None:
    values = _class_values(cls)
    if is_test_code(ctx) or not _over_users(values, ctx):
        return
    actions = _actions(cls, values)
    permissions = values.get("permission_classes")
    if not actions or permissions is None:
        return  # no write, or the settings' default permission classes decide
    classes = set(_permission_names(permissions))
    if any(_ADMIN_ONLY.search(name) for name in classes):
        return
    methods = _methods(cls)
    login_only = classes <= _LOGIN_ONLY
    for action in actions:
        overrides = [methods[m] for m in _OVERRIDES[action] if m in methods]
        if login_only:
            if not any(_guards(m) for m in overrides):
                at: ast.AST = overrides[0] if overrides else cls
                ctx.report(W256, at, view=cls.name, action=_ANY_USER[action])
            continue
        if not any(_reads(m, _RANKS[action]) for m in overrides):
            at = overrides[0] if overrides else cls
            ctx.report(
                I214,
                at,
                view=cls.name,
                action=_VERBS[action],
                risk=_RISKS[action],
                method=_OVERRIDES[action][0],
            )


def check_user_generic_view(cls: ast.ClassDef, ctx: FileContext) -> None:
    bases = base_names(cls)
    writes = [_DJANGO_WRITES[b] for b in bases if b in _DJANGO_WRITES]
    if (
        not writes
        or "LoginRequiredMixin" not in bases
        or not set(bases) <= _NO_CHECK_BASES | set(_DJANGO_WRITES)
        or is_test_code(ctx)
        or _DJANGO_OVERRIDES & set(_methods(cls))
        or cls.decorator_list
    ):
        return
    if _over_users(_class_values(cls), ctx):
        ctx.report(W256, cls, view=cls.name, action=_ANY_USER[writes[0]])


HANDLERS = Handlers(
    classes=(check_user_viewset, check_user_generic_view),
    triggers=frozenset({"User", "UserModel", "get_user_model"}),
)
