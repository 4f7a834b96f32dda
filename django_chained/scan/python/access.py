"""2xx: objects fetched by what the client sent without asking who it is; trust in cookies and headers."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.core.checks.messages import INFO

from django_chained.scan.attributed_reads import attributed_read
from django_chained.scan.findings import Finding
from django_chained.scan.python.access_owner import relates_to_user
from django_chained.scan.python.access_row_checks import checked_after_fetch
from django_chained.scan.python.access_scope import (
    decides_access,
    needs_secret_or_is_public,
    permission_guarded,
    scoped_source,
    tenant_scoped,
)
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.fetch_use import only_read
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import (
    FETCH_SHORTCUTS,
    IDENTIFYING_LOOKUP,
    call_name,
    manager_in_chain,
)
from django_chained.scan.python.view_queryset import (
    from_view_queryset,
    narrowed_in_chain,
    narrowed_later,
    restricts_view_queryset,
)
from django_chained.scan.rule import Rule

W250 = Rule(
    id="django_chained.W250",
    message="View {function}() fetches an object by a URL kwarg or request parameter without relating the query to request.user.",
    hint="Filter by the owner (e.g. owner=request.user), check permissions, or use django_chained.decorators.owner_required.",
)
I252 = Rule(
    id="django_chained.I252",
    message="View {function}() fetches from self.queryset by a URL kwarg or request parameter; whether a base class restricts self.queryset to the user is not visible here.",
    hint="Confirm that a base class or mixin narrows self.queryset to request.user in dispatch()/initial() (e.g. self.queryset = self.queryset.restrict(request.user, 'view')); otherwise filter by the owner.",
    level=INFO,
)
W251 = Rule(
    id="django_chained.W251",
    message="An access decision in {function}() reads request.{source}, which the client controls.",
    hint="Decide from request.user and its permissions (or a signed value), never from a cookie, a header, the Host or a query parameter.",
)

_FETCHES = frozenset({"get", "filter"})
_AUTH_KEY = re.compile(
    r"admin|staff|superuser|role|perm|auth|user|login|logged|token|access|allow|trust|grant|group|priv"
    r"|forwarded|real_ip|client_ip|is_",
    re.IGNORECASE,
)
_NOT_AUTH_KEYS = frozenset({"HTTP_USER_AGENT", "USER_AGENT"})
#: Django's error views (``CSRF_FAILURE_VIEW``, ``handler403`` …): access was already refused, a
#: decision there only picks which error page to show.
_ERROR_VIEW = re.compile(
    r"^(?:csrf_failure|permission_denied|page_not_found|bad_request|server_error|handler[45]\d\d)$"
)
_DENIALS = frozenset(
    {"PermissionDenied", "HttpResponseForbidden", "Http404", "redirect_to_login"}
)


def _manager(func: ast.expr) -> ast.Attribute | None:
    """The ``X.objects`` (or ``X._default_manager``) a call chain starts from."""
    return manager_in_chain(func.value if isinstance(func, ast.Attribute) else func)


def _class_name(node: ast.expr, ctx: FileContext) -> str | None:
    """``Article`` for ``Article``, ``models.Article`` and ``Post`` imported ``as`` it; ``None`` for ``self.model``, ``qs``."""
    if isinstance(node, ast.Name):
        name = ctx.imported_as.get(node.id, node.id)
    elif isinstance(node, ast.Attribute) and isinstance(
        node.value, (ast.Name, ast.Attribute)
    ):
        name = node.attr
    else:
        return None
    # Model classes are CapWords; ``qs``, ``self.model`` are variables holding who knows what.
    return name if name[:1].isupper() else None


def fetched_model(source: ast.expr, ctx: FileContext) -> str | None:
    """The class name of the model a fetch reads, when the code names it: ``Article.objects...``,
    ``get_object_or_404(Article, ...)``, or a queryset held in a variable (``qs = Article.objects.all()``)."""
    if isinstance(source, ast.Name) and ctx.function is not None:
        held = ctx.function.assignments.get(source.id, [])
        models = {_named_model(value, ctx) for value in held}
        if len(models) == 1:
            return models.pop()
    return _named_model(source, ctx)


def _named_model(source: ast.expr, ctx: FileContext) -> str | None:
    manager = _manager(source) if not isinstance(source, ast.Name) else None
    if manager is not None:
        return _class_name(manager.value, ctx)
    return _class_name(source, ctx)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def check_fetch(call: ast.Call, ctx: FileContext) -> None:
    function = ctx.function
    if function is None or not function.is_view:
        return
    name = call_name(call)
    source: ast.expr | None
    if name in FETCH_SHORTCUTS:
        keywords = call.keywords
        source = call.args[0] if call.args else _keyword(call, "klass")
        model = fetched_model(source, ctx) if source is not None else None
    elif name in _FETCHES and _manager(call.func) is not None:
        keywords = call.keywords
        if name == "filter":
            keywords = [
                k for k in keywords if k.arg and IDENTIFYING_LOOKUP.match(k.arg)
            ]
        source = call.func
        model = fetched_model(call.func, ctx)
    else:
        return
    if not any(
        keyword.arg and function.picks_key(keyword.value) for keyword in keywords
    ):
        return
    if _already_answered(call, source, function, ctx):
        return
    if source is not None and from_view_queryset(source):
        if not restricts_view_queryset(ctx):
            ctx.report(I252, call, function=function.node.name)
        return
    ctx.report(W250, call, subject=model, function=function.node.name)
    if model is not None and only_read(call, function):
        ctx.findings[-1] = replace(ctx.findings[-1], only_read=True)


def _already_answered(
    call: ast.Call, source: ast.expr | None, function: FunctionInfo, ctx: FileContext
) -> bool:
    """Who may have the row is settled elsewhere, or the function is no request handler (see ``roles``)."""
    return (
        not is_request_handler(function)
        or is_test_code(ctx)
        or permission_guarded(function)
        or (source is not None and scoped_source(source, function))
        or tenant_scoped(call, source, function)
        or narrowed_later(call, function)
        or narrowed_in_chain(call, function)
        or needs_secret_or_is_public(call, source, function)
        or decides_access(function)
        or relates_to_user(call, source, function)
        or checked_after_fetch(call, function)
    )


def drop_unowned_fetches(
    findings: Iterable[Finding],
    is_owned: Callable[[str], bool | None],
    is_attributed: Callable[[str], bool],
) -> list[Finding]:
    """The findings without W250s about a model known not to belong to users, and with an I213
    for each W250 that only reads a row of a model users are only named on (``created_by``).

    ``is_owned(class_name)`` says whether the named model has an owner (``None``: no such model
    known); a W250 whose model is unnamed or unknown is kept. ``is_attributed(class_name)`` says
    whether its only paths to the user are attribution fields (``django_chained.attribution``).
    """
    judged = []
    for finding in findings:
        if finding.id == W250.id and finding.subject is not None:
            if is_owned(finding.subject) is False:
                continue
            if finding.only_read and is_attributed(finding.subject):
                finding = attributed_read(finding, finding.subject)
        judged.append(finding)
    return judged


def _is_client_values(node: ast.AST, function: FunctionInfo | None) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ("COOKIES", "META")
        and function is not None
        and function.is_request(node.value)
    )


def _read_key(node: ast.AST, function: FunctionInfo | None) -> ast.expr | None:
    """The key of a ``request.COOKIES[key]``/``.get(key)`` read."""
    if isinstance(node, ast.Subscript) and _is_client_values(node.value, function):
        return node.slice
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and _is_client_values(node.func.value, function)
        and node.args
    ):
        return node.args[0]
    return None


def _read_keys(test: ast.expr, function: FunctionInfo | None) -> list[str]:
    """What a test reads from ``request.COOKIES``/``META`` (``[key]``, ``.get(key)``, ``key in``), and
    the values it compares a read with directly (``== "admin"``); not text compared with something
    derived from a read (``urlparse(referer).path == "/login/"``)."""
    keys: list[ast.expr] = []
    for node in every_node(test):
        key = _read_key(node, function)
        if key is not None:
            keys.append(key)
        elif isinstance(node, ast.Compare):
            if isinstance(node.ops[0], (ast.In, ast.NotIn)) and _is_client_values(
                node.comparators[0], function
            ):
                keys.append(node.left)
            sides = [node.left, *node.comparators]
            if any(_read_key(side, function) is not None for side in sides):
                keys.extend(sides)
    return [
        key.value
        for key in keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    ]


def _client_values(test: ast.expr, ctx: FileContext) -> tuple[str, bool] | None:
    """The first ``request.COOKIES``/``META`` read in a test, and whether a key it reads looks auth-related."""
    function = ctx.function
    for node in every_node(test):
        if not _is_client_values(node, function):
            continue
        assert isinstance(node, ast.Attribute)
        auth_key = any(
            key not in _NOT_AUTH_KEYS and _AUTH_KEY.search(key)
            for key in _read_keys(test, function)
        )
        return node.attr, auth_key
    return None


def _compares_to_a_boolean(test: ast.expr) -> bool:
    """``request.META.get("is_export") is True``: header and cookie values are text, never a bool.

    Only the server's own code (a test client, an exporter) can put ``True`` there.
    """
    return (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq))
        and isinstance(test.comparators[0], ast.Constant)
        and isinstance(test.comparators[0].value, bool)
    )


def _denies(branches: list[ast.stmt]) -> bool:
    for stmt in branches:
        for node in every_node(stmt):
            if isinstance(node, ast.Name) and node.id in _DENIALS:
                return True
    return False


def check_decision(
    node: ast.If | ast.While | ast.IfExp | ast.Assert, ctx: FileContext
) -> None:
    function = ctx.function
    if function is None:
        return
    found = _client_values(node.test, ctx)
    if (
        found is None
        or is_test_code(ctx)
        or _ERROR_VIEW.match(function.node.name)
        or _compares_to_a_boolean(node.test)
    ):
        return
    source, auth_key = found
    branches: list[ast.stmt] = []
    if isinstance(node, (ast.If, ast.While)):
        branches = [*node.body, *node.orelse]
    if auth_key or isinstance(node, ast.Assert) or _denies(branches):
        ctx.report(W251, node, function=function.node.name, source=source)


HANDLERS = Handlers(
    calls=dict.fromkeys(_FETCHES | FETCH_SHORTCUTS, check_fetch),
    decisions=(check_decision,),
    # get()/filter() only count on a manager chain, so its names are the trigger words.
    triggers=frozenset({"objects", "_default_manager", "COOKIES", "META"}),
    not_triggers=frozenset({"get", "filter"}),
)
