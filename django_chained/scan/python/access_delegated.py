"""2xx: a view hands the client's key to its base class, in a module whose other views check rows per user.

``return super().get(request, pk=pk)`` leaves the fetch to a base class this file does not show.
Where the module's other views narrow or check rows with the user's permissions
(``policy.instances_user_has_any_permission_for(user, "choose")``,
``user_has_permission_for_instance(…)``), the project's permissions are per object, and whether the
base class checks this row cannot be read here: an Info asks to confirm it, as ``I252`` does for
``self.queryset``.
"""

from __future__ import annotations

import ast

from django.core.checks.messages import INFO

from django_chained.scan.python.access_peers import (
    fetches_by_key,
    object_checks,
    qualified_name,
)
from django_chained.scan.python.access_scope import permission_guarded
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import (
    base_names,
    is_request_handler,
    is_test_code,
)
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

I215 = Rule(
    id="django_chained.I215",
    message="{function}() {what}; the other views of this module check rows against the user's permissions ({check}() in {peer}()).",
    hint="Confirm that the user may have each of these rows (the base class checks the row, or whoever may see the parent may see its children); if not, check or narrow them as {peer}() does.",
    level=INFO,
)


def _base_call(call: ast.Call) -> bool:
    """``super().get(…)``: the call goes to a base class's method."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and call_name(func.value) == "super"
    )


def _passes_key(call: ast.Call, function: FunctionInfo) -> bool:
    arguments = [*call.args, *(k.value for k in call.keywords)]
    return any(
        isinstance(argument, ast.Name)
        and argument.id in function.url_kwargs
        and function.picks_key(argument)
        and argument.id not in ("args", "kwargs")
        for argument in arguments
    )


def checking_functions(ctx: FileContext) -> tuple[tuple[str, str, str], ...]:
    """Functions of the file that check or narrow rows by the user's permissions: (class name, name, check).

    One answer per file, however many calls ask.
    """
    return ctx.remember(checking_functions, lambda: _checking_functions(ctx))


def _checking_functions(ctx: FileContext) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (
            cls.name
            if (cls := ctx.class_of.get(id(function.node))) is not None
            else "",
            qualified_name(function),
            check,
        )
        for function, check in object_checks(ctx)
    )


def _family(cls: ast.ClassDef, tree: ast.Module) -> set[str]:
    """The class, the bases it names, and the classes of the file that name it as a base.

    A subclass's ``get_parent()`` that restricts rows is the check its base's ``get()`` runs.
    """
    family = {cls.name, *base_names(cls)}
    family.update(
        node.name
        for node in every_node(tree)
        if isinstance(node, ast.ClassDef) and cls.name in base_names(node)
    )
    return family


def check_delegated_fetch(call: ast.Call, ctx: FileContext) -> None:
    function = ctx.function
    if (
        function is None
        or function.request_name is None
        or function.enclosing_class is None
        or not _base_call(call)
        or not _passes_key(call, function)
        or not is_request_handler(function)
        or is_test_code(ctx)
        or permission_guarded(function)
    ):
        return
    family = _family(function.enclosing_class, ctx.tree)
    checks = checking_functions(ctx)
    if not checks or any(owner in family for owner, _, _ in checks):
        return  # nothing to compare with, or the class's family checks rows itself
    if any(
        isinstance(node, ast.Call) and fetches_by_key(node, function) is not None
        for node in every_node(function.node)
    ):
        return  # the view fetches the row itself, in sight of W250 and W259
    _, peer, check = checks[0]
    ctx.report(
        I215,
        call,
        function=function.node.name,
        what="passes a key the client chose to its base class, which fetches the row out of sight",
        check=check,
        peer=peer,
    )


#: The handler methods a view hands on to its base class.
_HANDLER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "dispatch"})

HANDLERS = Handlers(
    calls=dict.fromkeys(_HANDLER_METHODS, check_delegated_fetch),
    triggers=frozenset({"super"}),
    # ``delete`` is a trigger of its own elsewhere; the others only count on a ``super()`` line.
    not_triggers=frozenset({"get", "post", "put", "patch", "dispatch"}),
)
