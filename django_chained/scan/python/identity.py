"""W254: the acting user taken from what the client sent instead of ``request.user``.

A new row's sender, author or owner, the user whose password is set, or the user a request runs
as, read from ``request.POST``/``GET``/``data``/cookies/headers lets anyone act as anyone:
``Message.objects.create(sender_id=request.POST["sender"])``. Views guarded by a permission or a
staff check (an administrator acting for a user) are not reported.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.access_scope import decides_access, permission_guarded
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import REQUEST_DATA, FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import MANAGERS, call_name, manager_in_chain
from django_chained.scan.python.user_model import names_user_model
from django_chained.scan.rule import Rule

W254 = Rule(
    id="django_chained.W254",
    message="{function}() takes the acting user ({what}) from request.{source}, which the client controls.",
    hint="Use request.user (e.g. sender=request.user); if staff may act for others, check that permission first.",
)

#: Fields that record who did something: the acting user, never a choice the client makes.
_ACTORS = ("owner", "author", "creator", "sender", "created_by", "submitted_by")
ACTOR_FIELDS = frozenset(
    name for actor in (*_ACTORS, "uploaded_by", "posted_by", "from_user", "user")
    for name in (actor, f"{actor}_id")
)  # fmt: skip
_CREATES = frozenset({"create", "get_or_create", "update_or_create", "save"})
#: What the client writes; not ``META`` (``REMOTE_USER`` is the web server's) nor the path.
_CLIENT_DATA = REQUEST_DATA - {"META", "path", "path_info", "FILES", "content_params"}
#: Calls that hand a value on unchanged: ``request.POST.get("u")``, ``int(...)``.
_PASS_THROUGH = frozenset({"get", "getlist", "strip", "int", "str", "UUID"})
_USER_FETCHES = frozenset({"get", "get_object_or_404", "first", "last"})
#: Proof of who the client is: a password, a token, a signature checked before acting.
_PROOFS = frozenset(
    {"authenticate", "check_password", "check_token", "verify_token", "unsign", "loads"}
)
_STAFF_FLAGS = frozenset({"is_staff", "is_superuser"})
_MAX_DEPTH = 6


def _client_source(
    node: ast.expr, function: FunctionInfo, ctx: FileContext, depth: int = 0
) -> str | None:
    """The request attribute (``POST``, ``COOKIES``) a user or user id is read from, through names,
    ``.get()``, conversions and a fetch of the user model; ``None`` if it is not the client's."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Name):
        for value in function.assignments.get(node.id, []):
            found = _client_source(value, function, ctx, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(node, ast.Attribute):
        if node.attr in _CLIENT_DATA and function.is_request(node.value):
            return node.attr
        return _client_source(node.value, function, ctx, depth + 1)
    if isinstance(node, ast.Subscript):
        return _client_source(node.value, function, ctx, depth + 1)
    if not isinstance(node, ast.Call):
        return None
    if _fetches_a_user(node, ctx):
        for value in [*node.args, *(k.value for k in node.keywords)]:
            found = _client_source(value, function, ctx, depth + 1)
            if found is not None:
                return found
        return None
    name = call_name(node)
    if name in _PASS_THROUGH:
        inner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if inner is None or (name in ("int", "str", "UUID") and node.args):
            inner = node.args[0] if node.args else None
        return _client_source(inner, function, ctx, depth + 1) if inner else None
    return None


def _fetches_a_user(call: ast.Call, ctx: FileContext) -> bool:
    """``User.objects.get(...)``, ``get_user_model()._default_manager.get(...)``, ``get_object_or_404(User, ...)``."""
    name = call_name(call)
    if name not in _USER_FETCHES:
        return False
    if name == "get_object_or_404":
        return bool(call.args) and names_user_model(call.args[0], ctx)
    manager = manager_in_chain(call.func)
    return (
        manager is not None
        and manager.attr in MANAGERS
        and names_user_model(manager.value, ctx)
    )


def _audited(ctx: FileContext) -> FunctionInfo | None:
    """The enclosing request handler, unless an administrator's guard or a proof of identity answers it."""
    function = ctx.function
    if (
        function is None
        or function.request_name is None
        or not is_request_handler(function)
        or is_test_code(ctx)
        or permission_guarded(function)
        or decides_access(function)
    ):
        return None
    for node in every_node(function.node):
        if isinstance(node, ast.Attribute) and node.attr in _STAFF_FLAGS:
            return None
    return function


def _report(
    ctx: FileContext, node: ast.AST, function: FunctionInfo, what: str, source: str
) -> None:
    ctx.report(W254, node, function=function.node.name, what=what, source=source)


def check_create(call: ast.Call, ctx: FileContext) -> None:
    """``Message.objects.create(sender_id=request.POST["sender"])``, ``serializer.save(owner=...)``."""
    function = _audited(ctx)
    if function is None:
        return
    for keyword in call.keywords:
        if keyword.arg in ACTOR_FIELDS:
            source = _client_source(keyword.value, function, ctx)
            if source is not None:
                _report(ctx, call, function, f"{keyword.arg}=", source)
                return


def _proves_identity(function: FunctionInfo) -> bool:
    return any(
        isinstance(node, ast.Call) and call_name(node) in _PROOFS
        for node in every_node(function.node)
    )


def check_set_password(call: ast.Call, ctx: FileContext) -> None:
    """``User.objects.get(pk=request.POST["user_id"]).set_password(...)``."""
    function = _audited(ctx)
    if function is None or not isinstance(call.func, ast.Attribute):
        return
    source = _client_source(call.func.value, function, ctx)
    if source is not None and not _proves_identity(function):
        _report(ctx, call, function, "the user whose password is set", source)


def check_login(call: ast.Call, ctx: FileContext) -> None:
    """``login(request, User.objects.get(username=request.COOKIES["user"]))``."""
    function = _audited(ctx)
    if function is None or len(call.args) < 2:
        return
    source = _client_source(call.args[1], function, ctx)
    if source is not None and not _proves_identity(function):
        _report(ctx, call, function, "the user logged in", source)


def check_assignment(node: ast.Assign, ctx: FileContext) -> None:
    """``obj.owner_id = request.POST.get("owner")``, ``request.user = User.objects.get(...)``."""
    targets = [t for t in node.targets if isinstance(t, ast.Attribute)]
    if not targets:
        return
    function = _audited(ctx)
    if function is None:
        return
    for target in targets:
        current_user = target.attr == "user" and function.is_request(target.value)
        if not current_user and target.attr not in ACTOR_FIELDS:
            continue
        source = _client_source(node.value, function, ctx)
        if source is None or (current_user and _proves_identity(function)):
            continue
        what = "request.user" if current_user else f".{target.attr}"
        _report(ctx, node, function, what, source)
        return


HANDLERS = Handlers(
    calls={
        **dict.fromkeys(_CREATES, check_create),
        "set_password": check_set_password,
        "login": check_login,
    },
    assignments=(check_assignment,),
    # The field names are the trigger words: the line that sets one is the line to walk.
    triggers=ACTOR_FIELDS,
    # save() stays a trigger word: the storage rule (W650) needs it.
    not_triggers=_CREATES - {"save"},
)
