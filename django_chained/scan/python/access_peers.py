"""2xx: a fetch by the client's key without the per-object permission check its sibling views make.

Where a module's views check each row they fetch (``page.permissions_for_user(user).can_edit()``,
``policy.user_has_permission_for_instance(user, "change", image)``, ``user.has_perm(perm, obj)``,
``Model.objects.restrict(request.user, "view")``), permissions in that project are per object: a
view of the same module that fetches a row by a key the client chose and never asks about that
row hands out any row, whatever a model-level test (``user.has_perm("app.change_repo")``) or a
login requirement says. ``W250`` asks "is the row related to the user"; this rule asks "does it
get the check its peers show the project needs", so it also speaks where a model-level test, a
gate on the user or a model without an owner keeps ``W250`` quiet.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from django_chained.scan.python.access_owner import (
    relates_to_user,
    row_tested_with_user,
)
from django_chained.scan.python.access_row_checks import checked_after_fetch
from django_chained.scan.python.access_scope import (
    needs_secret_or_is_public,
    permission_guarded,
    scoped_source,
    tenant_scoped,
)
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import (
    FETCH_SHORTCUTS,
    IDENTIFYING_LOOKUP,
    MANAGERS,
    call_name,
    is_self,
    manager_in_chain,
)
from django_chained.scan.python.view_queryset import (
    from_view_queryset,
    narrowed_in_chain,
    narrowed_later,
)
from django_chained.scan.rule import Rule

W259 = Rule(
    id="django_chained.W259",
    message="{function}() fetches a row by a key the client chose without the per-object permission check the other views of this module make ({check}() in {peer}()).",
    hint="Check this row as {peer}() does (e.g. {check}() with request.user and the row), or fetch it from a queryset restricted to the user's permissions; a model-level permission or a login requirement does not say which rows the user may have.",
)

_MANAGER_FETCHES = frozenset({"get", "filter"})
#: ``self.pk``, ``self.page_id``: a key a base class's ``setup()`` copied from the URL.
_SELF_KEY = re.compile(r"^(?:pk|id|\w+_(?:id|pk))$")
#: Calls that ask about one row for one user: ``user_has_permission_for_instance``,
#: ``permissions_for_user`` (then ``.can_edit()``), ``check_object_permissions``,
#: ``get_objects_for_user``, ``instances_user_has_any_permission_for``, ``restrict(user, action)``.
_OBJECT_CHECK = re.compile(
    r"for_instance$|^permissions_for_user$|^check_object_permissions$|objects_for_user$"
    r"|^instances_\w*permission_for$|^restrict$"
)
#: ``has_perm``/``has_perms`` given a row as well (``has_perm(perm, obj)``) ask about that row.
_PERMISSION_TESTS = frozenset({"has_perm", "has_perms"})


@dataclass(frozen=True)
class _Peer:
    function: str
    check: str


def _fetch_source(call: ast.Call) -> tuple[ast.expr | None, list[ast.keyword]] | None:
    """The rows a fetch reads and its lookup keywords, or ``None`` when the call is no fetch."""
    name = call_name(call)
    if name in FETCH_SHORTCUTS:
        source = call.args[0] if call.args else None
        return source, [k for k in call.keywords if k.arg != "klass"]
    if name in _MANAGER_FETCHES and isinstance(call.func, ast.Attribute):
        if manager_in_chain(call.func.value) is None:
            return None
        keywords = call.keywords
        if name == "filter":
            keywords = [
                k for k in keywords if k.arg and IDENTIFYING_LOOKUP.match(k.arg)
            ]
        return call.func, keywords
    return None


def _is_key(value: ast.expr, function: FunctionInfo) -> bool:
    """A URL kwarg, request data, or ``self.pk`` and the like in a method (set from the URL by a base class)."""
    if function.picks_key(value):
        return True
    return (
        function.enclosing_class is not None
        and isinstance(value, ast.Attribute)
        and is_self(value.value)
        and bool(_SELF_KEY.match(value.attr))
    )


def fetches_by_key(
    call: ast.Call, function: FunctionInfo
) -> tuple[ast.expr | None] | None:
    """``(source,)`` when the call picks a row by the client's key (``source``: the rows it reads, if named)."""
    found = _fetch_source(call)
    if found is None:
        return None
    source, keywords = found
    if not any(_is_key(keyword.value, function) for keyword in keywords):
        return None
    return (source,)


def object_check(function: FunctionInfo) -> str | None:
    """The name of the first per-object permission check the function makes, if any."""
    for node in every_node(function.node):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node)
        if name is None:
            continue
        if _OBJECT_CHECK.search(name) and (name != "restrict" or node.args):
            return name
        if name in _PERMISSION_TESTS and (
            len(node.args) >= 2 or any(k.arg == "obj" for k in node.keywords)
        ):
            return name
    return None


def _model_level_test(function: FunctionInfo) -> bool:
    """``user.has_perm("app.change_repo")``: a permission on the model, which says nothing about the row."""
    return any(
        isinstance(node, ast.Call)
        and call_name(node) in _PERMISSION_TESTS
        and len(node.args) == 1
        and not node.keywords
        for node in every_node(function.node)
    )


def _functions(ctx: FileContext) -> list[FunctionInfo]:
    return [
        ctx.function_info(node)
        for node in every_node(ctx.tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]


def qualified_name(function: FunctionInfo) -> str:
    cls = function.enclosing_class
    name = function.node.name
    return f"{cls.name}.{name}" if cls is not None else name


def object_checks(ctx: FileContext) -> tuple[tuple[FunctionInfo, str], ...]:
    """Every function of the file that makes a per-object permission check, with the check's name.

    One walk per file, for W259 and I215 alike.
    """
    return ctx.remember(object_checks, lambda: _object_checks(ctx))


def _object_checks(ctx: FileContext) -> tuple[tuple[FunctionInfo, str], ...]:
    return tuple(
        (function, check)
        for function in _functions(ctx)
        if (check := object_check(function)) is not None
    )


def object_checking_peers(ctx: FileContext) -> tuple[tuple[int, _Peer], ...]:
    """Functions of the file that fetch a row by the client's key and check a permission on it, by node id.

    One answer per file, however many fetches ask.
    """
    return ctx.remember(object_checking_peers, lambda: _object_checking_peers(ctx))


def _object_checking_peers(ctx: FileContext) -> tuple[tuple[int, _Peer], ...]:
    peers = []
    for function, check in object_checks(ctx):
        if not function.is_view:
            continue
        if any(
            isinstance(node, ast.Call) and fetches_by_key(node, function) is not None
            for node in every_node(function.node)
        ):
            peers.append((id(function.node), _Peer(qualified_name(function), check)))
    return tuple(peers)


def _answered(call: ast.Call, source: ast.expr | None, function: FunctionInfo) -> bool:
    """The row is chosen inside what the user may have, or tested against the user (not only a
    model permission); a permission decorator or mixin is trusted as ``W250`` trusts it."""
    if source is not None and (
        scoped_source(source, function) or from_view_queryset(source)
    ):
        return True
    if (
        permission_guarded(function)
        or tenant_scoped(call, source, function)
        or needs_secret_or_is_public(call, source, function)
        or narrowed_later(call, function)
        or narrowed_in_chain(call, function)
        or checked_after_fetch(call, function)
    ):
        return True
    if row_tested_with_user(call, function, handed=False):
        # ``if doc.owner != user and not user.has_perm(…)``: the row is asked about. Handing the
        # row and the user to a function (``sync(repo, user)``) may only record who acted.
        return True
    return relates_to_user(call, source, function) and not _model_level_test(function)


def _already_reported(call: ast.Call, ctx: FileContext) -> bool:
    """``W250``/``I252`` already report this fetch (their module runs first)."""
    return any(
        finding.line == call.lineno and finding.id[-4:] in ("W250", "I252")
        for finding in ctx.findings
    )


def check_peer_fetch(call: ast.Call, ctx: FileContext) -> None:
    function = ctx.function
    if function is None or not function.is_view:
        return
    fetched = fetches_by_key(call, function)
    if fetched is None:
        return
    (source,) = fetched
    if not is_request_handler(function) or is_test_code(ctx):
        return
    if object_check(function) is not None or _answered(call, source, function):
        return
    if _already_reported(call, ctx):
        return
    peers = [
        peer
        for node_id, peer in object_checking_peers(ctx)
        if node_id != id(function.node)
    ]
    if not peers:
        return
    ctx.report(
        W259,
        call,
        function=function.node.name,
        check=peers[0].check,
        peer=peers[0].function,
    )


HANDLERS = Handlers(
    calls=dict.fromkeys(FETCH_SHORTCUTS | _MANAGER_FETCHES, check_peer_fetch),
    triggers=MANAGERS,
    not_triggers=frozenset({"get", "filter"}),
)
