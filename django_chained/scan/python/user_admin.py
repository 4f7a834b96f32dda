"""W256: a view deletes or changes a user the client picks, with no privilege check.

``User.objects.get(pk=pk).delete()`` behind ``login_required`` lets any logged-in user delete any
account; ``target.is_staff = True`` grants staff to whoever asks. The operation is quiet when the
code shows who may do it: a permission decorator or mixin, a permission call or denial (as for
W250), the row compared with ``request.user`` (a user editing their own account), or the fetch
run only past a test of who the user is (``if not request.user.is_staff: return …``).
"""

from __future__ import annotations

import ast

from django_chained.scan.python.access_owner import relates_to_user
from django_chained.scan.python.access_scope import (
    decides_access,
    needs_secret_or_is_public,
    permission_guarded,
)
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import MANAGERS, call_name, manager_in_chain
from django_chained.scan.python.user_model import names_user_model
from django_chained.scan.rule import Rule

W256 = Rule(
    id="django_chained.W256",
    message="{view} {action}, and nothing checks that the requesting user may: at most a login is required.",
    hint="Require an administrator (permission_required('auth.change_user'), staff_member_required, IsAdminUser), or compare the target with request.user when users may only change their own account.",
)

_FETCHES = frozenset({"get", "filter", "get_object_or_404", "first", "last"})
#: Relations whose change grants or revokes privileges.
_GRANTS = frozenset({"groups", "user_permissions"})
_GRANT_CALLS = frozenset({"add", "remove", "set", "clear"})
#: Flags whose change makes or unmakes an administrator, or locks an account.
_FLAGS = frozenset({"is_staff", "is_superuser", "is_active"})
_MAX_DEPTH = 4


def _user_fetch(
    node: ast.expr, function: FunctionInfo, ctx: FileContext, depth: int = 0
) -> ast.Call | None:
    """The fetch of a user by a key the client chose that ``node`` is, or is bound to."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Name):
        for value in function.assignments.get(node.id, []):
            found = _user_fetch(value, function, ctx, depth + 1)
            if found is not None:
                return found
        return None
    if not isinstance(node, ast.Call):
        return None
    name = call_name(node)
    if name in ("first", "last") and isinstance(node.func, ast.Attribute):
        return _user_fetch(node.func.value, function, ctx, depth + 1)
    if name not in _FETCHES:
        return None
    if name == "get_object_or_404":
        if not (node.args and names_user_model(node.args[0], ctx)):
            return None
    else:
        manager = manager_in_chain(node.func)
        if not (
            manager is not None
            and manager.attr in MANAGERS
            and names_user_model(manager.value, ctx)
        ):
            return None
    keys = [*node.args[1:], *(k.value for k in node.keywords)]
    if name != "get_object_or_404":
        keys = [k.value for k in node.keywords]
    return node if any(function.picks_key(key) for key in keys) else None


def _answered(fetch: ast.Call, function: FunctionInfo) -> bool:
    """Who may act on the picked user is settled by the code (see the module's docstring)."""
    source = fetch.args[0] if call_name(fetch) == "get_object_or_404" else fetch.func
    return (
        permission_guarded(function)
        or decides_access(function)
        or needs_secret_or_is_public(fetch, source, function)
        or relates_to_user(fetch, source, function)
    )


def _audited(ctx: FileContext) -> FunctionInfo | None:
    """The enclosing request handler; not a method of a mixin, whose views add their own checks
    (``class UserDeactivateView(PermissionRequiredMixin, ActivationMixin, View)``)."""
    function = ctx.function
    if (
        function is None
        or function.request_name is None
        or not is_request_handler(function)
        or is_test_code(ctx)
    ):
        return None
    cls = function.enclosing_class
    if cls is not None and cls.name.endswith("Mixin"):
        return None
    return function


def _check(node: ast.AST, target: ast.expr, action: str, ctx: FileContext) -> None:
    function = _audited(ctx)
    if function is None:
        return
    fetch = _user_fetch(target, function, ctx)
    if fetch is None or _answered(fetch, function):
        return
    ctx.report(W256, node, view=f"{function.node.name}()", action=action)


def check_delete_or_update(call: ast.Call, ctx: FileContext) -> None:
    """``target.delete()``, ``User.objects.filter(pk=pk).update(is_active=False)``."""
    if not isinstance(call.func, ast.Attribute):
        return
    action = "deletes" if call.func.attr == "delete" else "changes"
    _check(call, call.func.value, f"{action} a user the client picks", ctx)


def check_grant(call: ast.Call, ctx: FileContext) -> None:
    """``target.groups.add(admins)``, ``target.user_permissions.set(...)``."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Attribute)
        and func.value.attr in _GRANTS
    ):
        _check(
            call,
            func.value.value,
            f"changes the {func.value.attr} of a user the client picks",
            ctx,
        )


def _flags_set(name: str, function: FunctionInfo) -> list[str]:
    """The privilege flags the function assigns on ``name`` (``target.is_staff = True``)."""
    return sorted(
        {
            target.attr
            for node in every_node(function.node)
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == name
            and target.attr in _FLAGS
        }
    )


def check_save(call: ast.Call, ctx: FileContext) -> None:
    """``target.is_staff = True; target.save()``: named by the privilege the function sets, if any."""
    func = call.func
    function = ctx.function
    if (
        function is None
        or not isinstance(func, ast.Attribute)
        or not isinstance(func.value, ast.Name)
    ):
        return
    flags = _flags_set(func.value.id, function)
    action = f"sets {', '.join(flags)} of" if flags else "changes"
    _check(call, func.value, f"{action} a user the client picks", ctx)


HANDLERS = Handlers(
    calls={
        "delete": check_delete_or_update,
        "update": check_delete_or_update,
        "save": check_save,
        **dict.fromkeys(_GRANT_CALLS, check_grant),
    },
    triggers=frozenset({"User", "UserModel", "get_user_model"}) | _GRANTS,
    # Too common to walk a file for alone; a user model name or a grant brings them in.
    not_triggers=frozenset({"update"}) | _GRANT_CALLS,
)
