"""2xx: the rows of a fetched row's relation served as they are, in a module that narrows rows per user.

``self.paginate_queryset(group.members)`` lists every member of a group the user may see. Where
the module's other views narrow the rows they serve with the user's permissions
(``ObjectChange.objects.restrict(request.user, "view")``), child rows carry permissions of their
own in that project, and seeing the parent need not mean seeing each child (nautobot
GHSA-qmjf-wc2h-6x3q). Whether it does is the project's rule, which the code cannot show: an Info
asks to confirm.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.access_delegated import I215, checking_functions
from django_chained.scan.python.access_peers import object_check, qualified_name
from django_chained.scan.python.access_scope import permission_guarded
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import call_name, is_fetch

#: Calls that hand rows to the response: a page of them, or a serializer over many.
_PAGINATE = "paginate_queryset"


def _served_rows(call: ast.Call) -> ast.expr | None:
    """The rows a call serves: ``paginate_queryset(rows)``, ``Serializer(rows, many=True)``."""
    if not call.args:
        return None
    name = call_name(call) or ""
    many = any(
        k.arg == "many" and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )
    if name == _PAGINATE or many:
        return call.args[0]
    return None


def _fetched_rows(function_body: ast.AST) -> dict[str, ast.Call]:
    """Local names bound to a fetched row: ``group = get_object_or_404(…)``, ``group = self.get_object()``."""
    rows: dict[str, ast.Call] = {}
    for node in every_node(function_body):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and is_fetch(node.value)
            and call_name(node.value) in ("get_object_or_404", "get_object", "get")
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    rows[target.id] = node.value
    return rows


def _relation(rows: ast.expr, fetched: dict[str, ast.Call]) -> str | None:
    """``group.members`` (or ``group.members.all()``) when ``group`` is a fetched row."""
    if isinstance(rows, ast.Call) and call_name(rows) == "all":
        func = rows.func
        rows = func.value if isinstance(func, ast.Attribute) else rows
    if (
        isinstance(rows, ast.Attribute)
        and isinstance(rows.value, ast.Name)
        and rows.value.id in fetched
    ):
        return f"{rows.value.id}.{rows.attr}"
    return None


def check_related_rows(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: FileContext
) -> None:
    if not ctx.mentions(node, "paginate_queryset", "many"):
        return  # serves no relation's rows: the only shapes judged below
    function = ctx.function_info(node)
    if (
        function.request_name is None
        or not is_request_handler(function)
        or is_test_code(ctx)
        or permission_guarded(function)
        or object_check(function) is not None
    ):
        return
    fetched = _fetched_rows(node)
    if not fetched:
        return
    for call in every_node(node):
        if not isinstance(call, ast.Call):
            continue
        served = _served_rows(call)
        relation = _relation(served, fetched) if served is not None else None
        if relation is None:
            continue
        own = qualified_name(function)
        peers = [(p, check) for _, p, check in checking_functions(ctx) if p != own]
        if not peers:
            return
        peer, check = peers[0]
        ctx.report(
            I215,
            call,
            function=node.name,
            what=f"serves the rows of {relation} as they are",
            check=check,
            peer=peer,
        )


HANDLERS = Handlers(
    functions=(check_related_rows,),
    triggers=frozenset({"paginate_queryset", "many"}),
)
