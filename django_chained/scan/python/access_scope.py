"""2xx: what already answers "may this client have that row" around a fetch, so W250 stays quiet.

Each answer is one the code shows, not one we guess: a permission decorator, mixin or check, a
denial, a queryset built from the request, a lookup that needs a secret, or rows flagged public.
Ownership itself (``request.user`` anywhere in the view) is the caller's first test.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from django_chained.scan.python.access_decorators import checks_access
from django_chained.scan.python.function_info import REQUEST_DATA, FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import base_names
from django_chained.scan.python.syntax import call_name, is_self

_PERMISSION_DECORATORS = frozenset(
    {"user_passes_test", "staff_member_required", "superuser_required"}
)
#: ``permission_required``, ``require_any_permission``, ``requires_perms``, ``group_required``,
#: ``staff_required``; not ``permission_classes`` or ``login_required``.
_PERMISSION_DECORATOR = re.compile(
    r"perm.*required|requires?_\w*perm|(?:^|_)(?:group|staff|superuser|admin)s?_required",
    re.IGNORECASE,
)
#: ``PermissionRequiredMixin``, ``UserPassesTestMixin``, ``StaffuserRequiredMixin``,
#: ``AdministratorMixin``, ``EventPermissionRequired`` …; not ``LoginRequiredMixin``.
_PERMISSION_MIXIN = re.compile(
    r"(?:Permission\w*|UserPassesTest|Staff\w*Required|Superuser\w*Required|Administrator\w*)Mixin$"
    r"|Permission\w*Required$"
)
#: Attributes of ``request`` that are the client's text or the request line, not an object the
#: server attached (``request.space``, ``request.event``, ``request.tenant``).
_NOT_ATTACHED = REQUEST_DATA | {
    "method",
    "scheme",
    "content_type",
    "encoding",
    "resolver_match",
    "upload_handlers",
}
#: ``has_perm``, ``check_object_permissions``, ``authorize``, ``user_can_edit``, ``_check_can_view``;
#: not ``get_permalink``.
#: ``compare_digest``, ``construct_event``, ``unsign``, ``verify_signature``: a webhook's or link's
#: signature checked, which only the holder of the key can produce.
_PERMISSION_CALL = re.compile(
    r"perm(?!alink|anent)|authori[sz]|(?:^|_)can_(?:view|see|read|access|change|edit|delete|manage)"
    r"|compare_digest|construct_event|(?:^|_)unsign|verify\w*signature",
    re.IGNORECASE,
)
#: DRF views, whose ``get_object()`` runs ``check_object_permissions()``.
_DRF_VIEW = re.compile(r"(?:ViewSet|APIView)$")
_DRF_OBJECT_ACTIONS = frozenset({"retrieve", "update", "partial_update", "destroy"})
#: Denials that answer an access question; ``Http404`` also answers "no such row", so it does not count.
_DENIALS = frozenset({"PermissionDenied", "HttpResponseForbidden", "redirect_to_login"})
#: A lookup that needs one of these is a capability: whoever holds the secret may have the row.
SECRET_FIELD = re.compile(
    r"^(?:\w+_)?(?:key|token|secret|nonce)(?:__exact)?$", re.IGNORECASE
)
NOT_SECRET_FIELDS = frozenset({"public_key", "natural_key", "sort_key", "cache_key"})
_PUBLIC_FLAG = re.compile(r"^(?:is_)?(?:public|published)$")


def _decorator_names(decorators: list[ast.expr]) -> Iterator[str]:
    """Each decorator's name, and for ``method_decorator(d, ...)`` the name of ``d`` as well."""
    for decorator in decorators:
        targets = [decorator]
        if isinstance(decorator, ast.Call):
            targets = [decorator.func]
            if call_name(decorator) == "method_decorator" and decorator.args:
                inner = decorator.args[0]
                targets.append(inner.func if isinstance(inner, ast.Call) else inner)
        for target in targets:
            if isinstance(target, ast.Name):
                yield target.id
            elif isinstance(target, ast.Attribute):
                yield target.attr


def _requires_permission(name: str) -> bool:
    return name in _PERMISSION_DECORATORS or bool(_PERMISSION_DECORATOR.search(name))


def permission_guarded(function: FunctionInfo) -> bool:
    """A permission decorator on the view (or one of this module that checks access) or its class
    (``method_decorator``), or a permission mixin among the class's bases."""
    names = list(_decorator_names(function.node.decorator_list))
    if any(map(_requires_permission, names)) or any(
        checks_access(name, function.file) for name in names
    ):
        return True
    cls = function.enclosing_class
    if cls is None:
        return False
    return any(map(_requires_permission, _decorator_names(cls.decorator_list))) or any(
        _PERMISSION_MIXIN.search(name) for name in base_names(cls)
    )


def _calls(node: ast.AST) -> Iterator[ast.Call]:
    return (child for child in every_node(node) if isinstance(child, ast.Call))


def _own_condition(test: ast.expr, function: FunctionInfo) -> bool:
    """A condition the view computes with a call, not one read from what the client sent."""
    for node in every_node(test):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in REQUEST_DATA
            and function.is_request(node.value)
        ):
            return False
    return any(True for _ in _calls(test))


def _denies(body: list[ast.stmt]) -> bool:
    for stmt in body:
        if isinstance(stmt, (ast.Raise, ast.Return)):
            for node in every_node(stmt):
                if isinstance(node, ast.Name) and node.id in _DENIALS:
                    return True
                if isinstance(node, ast.Attribute) and node.attr in _DENIALS:
                    return True
    return False


def denies_on_own_condition(node: ast.If, function: FunctionInfo) -> bool:
    """``if not verify_signature(…): raise PermissionDenied``: a denial on a condition the view computes."""
    return _denies(node.body) and _own_condition(node.test, function)


def _is_drf_view(function: FunctionInfo) -> bool:
    cls = function.enclosing_class
    return cls is not None and any(_DRF_VIEW.search(n) for n in base_names(cls))


def _runs_get_object(call: ast.Call) -> bool:
    """``self.get_object()``, or ``super().destroy(…)`` and the other DRF actions that call it."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "get_object":
        return is_self(func.value)
    return (
        func.attr in _DRF_OBJECT_ACTIONS
        and isinstance(func.value, ast.Call)
        and call_name(func.value) == "super"
    )


def decides_access(function: FunctionInfo) -> bool:
    """The view calls a permission or signature check, or denies access on a condition of its own.

    In a DRF view, ``self.get_object()`` counts: it runs the object permissions.

    ``if not verify_signature(...): raise PermissionDenied`` counts; a condition without a call
    (``if request.method != "POST"``, ``if items: return HttpResponseForbidden()``) or read from
    what the client sent (``request.GET``, cookies, headers) does not.
    """
    body = ast.Module(
        body=function.node.body, type_ignores=[]
    )  # the decorators are not the body
    drf = _is_drf_view(function)
    for node in every_node(body):
        if isinstance(node, ast.Call):
            name = call_name(node)
            if name is not None and _PERMISSION_CALL.search(name):
                return True
            if drf and _runs_get_object(node):
                return True
        elif isinstance(node, ast.If) and denies_on_own_condition(node, function):
            return True
    return False


def _receives_request(call: ast.Call, function: FunctionInfo) -> bool:
    arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
    return any(function.is_request(argument) for argument in arguments)


def _defines_get_queryset(function: FunctionInfo) -> bool:
    cls = function.enclosing_class
    return cls is not None and any(
        isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        and stmt.name == "get_queryset"
        for stmt in cls.body
    )


def scoped_source(source: ast.expr, function: FunctionInfo) -> bool:
    """The rows come from code handed the request, or from the class's own ``get_queryset()``.

    ``get_object_or_404(get_pages_queryset(request), pk=pk)``, ``Page.objects.for_user(request)``,
    ``self.get_queryset()`` overridden in the same class (the override the URLconf audit trusts);
    a local name counts when every value bound to it does.
    """
    if isinstance(source, ast.Name):
        values = function.assignments.get(source.id, [])
        return bool(values) and all(scoped_source(v, function) for v in values)
    for call in _calls(source):
        if _receives_request(call, function):
            return True
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "get_queryset"
            and is_self(func.value)
            and _defines_get_queryset(function)
        ):
            return True
    return False


def _lookup_keywords(call: ast.Call, source: ast.expr | None) -> Iterator[ast.keyword]:
    yield from call.keywords
    if source is not None:
        for inner in _calls(source):
            yield from inner.keywords


def needs_secret_or_is_public(
    call: ast.Call, source: ast.expr | None, function: FunctionInfo
) -> bool:
    """The lookup needs a secret the client sent (``key=``, ``token=``), or asks only for public rows (``is_public=True``)."""
    for keyword in _lookup_keywords(call, source):
        name = keyword.arg
        if name is None:
            continue
        if (
            SECRET_FIELD.match(name)
            and name.lower().removesuffix("__exact") not in NOT_SECRET_FIELDS
            and function.picks_key(keyword.value)
        ):
            return True
        value = keyword.value
        if (
            _PUBLIC_FLAG.match(name)
            and isinstance(value, ast.Constant)
            and value.value is True
        ):
            return True
    return False


def attached_to_request(node: ast.expr, function: FunctionInfo) -> bool:
    """``request.space``, ``self.request.event.teams.all()``: reached from an object the server attached to the request."""
    current = node
    while isinstance(current, (ast.Attribute, ast.Call)):
        if isinstance(current, ast.Call):
            current = current.func
            continue
        if function.is_request(current.value):
            return current.attr not in _NOT_ATTACHED
        current = current.value
    return False


def _through_view_object(source: ast.expr) -> bool:
    """``self.object.options``: rows of the object the view already fetched, where access was decided."""
    current = source
    while isinstance(current, (ast.Attribute, ast.Call)):
        if isinstance(current, ast.Call):
            current = current.func
            continue
        value = current.value
        if isinstance(value, ast.Attribute) and value.attr == "object":
            return is_self(value.value)
        current = value
    return False


def tenant_scoped(
    call: ast.Call, source: ast.expr | None, function: FunctionInfo
) -> bool:
    """The lookup is filtered by, or reaches its rows through, an object the server attached to the request.

    ``filter(space=request.space)``, ``get_object_or_404(self.request.event.submissions, …)``:
    a tenant middleware set it, the client only picks a row inside it.
    """
    if source is not None and (
        attached_to_request(source, function) or _through_view_object(source)
    ):
        return True
    return any(
        keyword.arg is not None and attached_to_request(keyword.value, function)
        for keyword in _lookup_keywords(call, source)
    )
