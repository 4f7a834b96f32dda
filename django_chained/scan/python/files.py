"""6xx: files written under, or served from, a path the client chose."""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import REQUEST_DATA
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

W650 = Rule(
    id="django_chained.W650",
    message="A file is written under a name or path taken from the request (e.g. request.FILES[...].name).",
    hint="Let the storage pick the name (django_chained.storage.RandomFileSystemStorage or RandomFilenameMixin), never the client's filename.",
)
W651 = Rule(
    id="django_chained.W651",
    message="{name}() serves a file from a path taken from the request, so any readable file can be fetched.",
    hint="Look the file up from a model the user may access, or safe_join() it under a fixed root.",
)

_WRITE_MODES = ("w", "a", "x", "+")
_OPENERS = frozenset({"open", "Path", "PurePath"})
_PATH_READERS = frozenset({"open", "read_bytes", "read_text"})


def open_mode(call: ast.Call, index: int = 1) -> str:
    """The mode of an ``open()`` call whose mode is its argument ``index`` (1 for ``open(path, mode)``,
    0 for ``path.open(mode)``): ``"r"`` when none is given, ``"?"`` when it is not a literal."""
    value: ast.expr | None = call.args[index] if len(call.args) > index else None
    for keyword in call.keywords:
        if keyword.arg == "mode":
            value = keyword.value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return "r" if value is None else "?"


def writes(mode: str) -> bool:
    """A literal mode that writes (``w``, ``a``, ``x`` or ``+``)."""
    return any(flag in mode for flag in _WRITE_MODES)


def opened_for_writing(call: ast.Call) -> bool:
    """``open(path, "w…")`` with a literal write mode: a file is written at ``call.args[0]``."""
    if not isinstance(call.func, ast.Name) or not call.args:
        return False
    return writes(open_mode(call))


def check_open(call: ast.Call, ctx: FileContext) -> None:
    if opened_for_writing(call) and _client_path(call.args[0], ctx):
        ctx.report(W650, call)


def _field_file(node: ast.expr, ctx: FileContext) -> bool:
    """``obj.file``, ``self.instance.avatar``: a model's file field, not a storage or request data.

    Its ``save(name, content)`` runs the storage's ``get_valid_name()`` on the name's last part,
    and its ``open()``/``path`` reach the name the storage chose when the file was saved.
    """
    if not isinstance(node, ast.Attribute) or "storage" in node.attr.lower():
        return False
    owner = node.value
    function = ctx.function
    if (
        node.attr in REQUEST_DATA
        and function is not None
        and function.is_request(owner)
    ):
        return False
    return isinstance(owner, ast.Name | ast.Attribute) and not (
        function is not None and function.is_request(node)
    )


def check_storage_save(call: ast.Call, ctx: FileContext) -> None:
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if receiver is not None and _field_file(receiver, ctx):
        return
    if len(call.args) >= 2 and _client_path(call.args[0], ctx):
        ctx.report(W650, call)


def check_path_write(call: ast.Call, ctx: FileContext) -> None:
    if isinstance(call.func, ast.Attribute) and _client_path(call.func.value, ctx):
        ctx.report(W650, call)


def _client_path(node: ast.expr, ctx: FileContext) -> bool:
    """A path the client chose, in served code: tests and migrations are never served (see ``roles``)."""
    return ctx.client_chosen(node) and not is_test_code(ctx)


def _opened_path(path: ast.expr, ctx: FileContext) -> bool:
    """A path the client chose, unless it is a file field's ``path`` (``doc.file.path``)."""
    stored = (
        isinstance(path, ast.Attribute)
        and path.attr == "path"
        and _field_file(path.value, ctx)
    )
    return not stored and ctx.client_chosen(path)


def _opens_client_path(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    for child in every_node(node):
        if (
            isinstance(child, ast.Name)
            and depth < 2
            and any(
                _opens_client_path(value, ctx, depth + 1)
                for value in ctx.assignments_of(child.id)
            )
        ):
            return True
        if not isinstance(child, ast.Call):
            continue
        name = call_name(child)
        if name in _OPENERS and isinstance(child.func, ast.Name):
            if child.args and _opened_path(child.args[0], ctx):
                return True
        elif (
            name in _PATH_READERS
            and isinstance(child.func, ast.Attribute)
            and not _field_file(child.func.value, ctx)
            and ctx.client_chosen(child.func.value)
        ):
            return True
    return False


def check_file_response(call: ast.Call, ctx: FileContext) -> None:
    if call.args and not is_test_code(ctx) and _opens_client_path(call.args[0], ctx):
        ctx.report(W651, call, name=ctx.called(call))


HANDLERS = Handlers(
    calls={
        "open": check_open,
        "save": check_storage_save,
        "write_bytes": check_path_write,
        "write_text": check_path_write,
        "FileResponse": check_file_response,
        "HttpResponse": check_file_response,
        "StreamingHttpResponse": check_file_response,
    }
)
