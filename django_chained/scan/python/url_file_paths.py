"""W654: a URL's path is mapped onto the file system and opened without confining it.

Exporters, mirrors and helpers that read "the file behind this URL" turn a URL into a path: the part
after ``MEDIA_URL``/``STATIC_URL`` (``url[len(settings.MEDIA_URL):]``,
``url.removeprefix(settings.STATIC_URL)``), a parsed URL's ``.path`` (``urlparse(url).path``), or a
URL path made relative by stripping its leading slash (``path.lstrip("/")``), joined under a root
(``ROOT / part``, ``os.path.join(ROOT, part)``, ``Path(ROOT, part)``, ``root.joinpath(part)``).
A URL keeps ``..`` segments, so the file read or written can lie anywhere the process can reach.
Stripping the slash only stops an absolute path; a check of the joined path (``safe_join()``,
``is_relative_to()``, ``startswith()``, ``root in path.parents``) is what confines it.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.file_helpers import confines_path
from django_chained.scan.python.files import open_mode, writes
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

W654 = Rule(
    id="django_chained.W654",
    message="A file is {action} at a path that maps a URL ({part}) under a root without confining it, so a URL holding ../ reaches files outside the root.",
    hint="Resolve the joined path and refuse it unless it is_relative_to() the root, or build it with django.utils._os.safe_join(root, part).",
)

_URL_PARSERS = frozenset({"urlparse", "urlsplit"})
_PREFIX_STRIPS = frozenset({"removeprefix", "replace"})
_DECODERS = frozenset({"unquote", "unquote_plus", "str", "normpath"})
_PATH_CALLS = frozenset({"Path", "PurePath", "PosixPath"})
#: Calls that pass a path through unchanged for this rule's purpose.
_WRAPPERS = frozenset({"Path", "PurePath", "PosixPath", "str", "fspath", "resolve"})
_READERS = frozenset({"read_bytes", "read_text"})
_WRITERS = frozenset({"write_bytes", "write_text"})
_MAX_DEPTH = 4


def _names_a_url_setting(node: ast.expr) -> bool:
    """``MEDIA_URL``, ``settings.STATIC_URL``: the URL prefix the rest of a URL is a path under."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return isinstance(name, str) and name.endswith("_URL")


def _after_url_prefix(node: ast.expr) -> bool:
    """``url[len(settings.MEDIA_URL):]`` or ``url.removeprefix(MEDIA_URL)``."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        lower = node.slice.lower
        return (
            isinstance(lower, ast.Call)
            and call_name(lower) == "len"
            and len(lower.args) == 1
            and _names_a_url_setting(lower.args[0])
        )
    return (
        isinstance(node, ast.Call)
        and call_name(node) in _PREFIX_STRIPS
        and bool(node.args)
        and _names_a_url_setting(node.args[0])
    )


def _slash_stripped(node: ast.expr) -> bool:
    """``path.lstrip("/")``: an absolute URL path made relative so that it joins under a root."""
    return (
        isinstance(node, ast.Call)
        and call_name(node) == "lstrip"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "/"
    )


def _parsed_url_path(node: ast.expr) -> bool:
    """``urlparse(url).path``."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Call)
        and call_name(node.value) in _URL_PARSERS
    )


def _url_part(node: ast.expr, ctx: FileContext, depth: int = 0) -> ast.expr | None:
    """The expression mapping a URL onto a path that ``node`` is, or is bound from, else ``None``."""
    if depth > _MAX_DEPTH:
        return None
    if _after_url_prefix(node) or _slash_stripped(node) or _parsed_url_path(node):
        return node
    if isinstance(node, ast.Call) and call_name(node) in _DECODERS and node.args:
        return _url_part(node.args[0], ctx, depth + 1)
    if isinstance(node, ast.Name):
        for value in ctx.assignments_of(node.id):
            found = _url_part(value, ctx, depth + 1)
            if found is not None:
                return found
    return None


def _joined_parts(node: ast.expr) -> list[ast.expr]:
    """What ``node`` joins under a root: ``root / part``, ``os.path.join(root, part)``, ``Path(root, part)``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return [node.right]
    if not isinstance(node, ast.Call):
        return []
    name = call_name(node)
    func = node.func
    if name == "joinpath":
        return list(node.args)
    if name in _PATH_CALLS or (
        name == "join"
        and isinstance(func, ast.Attribute)
        and ast.unparse(func.value).endswith("path")
    ):
        return list(node.args[1:])
    return []


def _mapped_url(
    node: ast.expr, ctx: FileContext, names: set[str], depth: int = 0
) -> ast.expr | None:
    """The URL part of the path ``node`` opens, following names and wrappers; ``names`` collects the names passed."""
    if depth > _MAX_DEPTH:
        return None
    for part in _joined_parts(node):
        found = _url_part(part, ctx)
        if found is not None:
            return found
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _mapped_url(node.left, ctx, names, depth + 1)
    if isinstance(node, ast.Call) and call_name(node) in _WRAPPERS:
        inner = node.args[0] if node.args else None
        if inner is None and isinstance(node.func, ast.Attribute):
            inner = node.func.value
        return None if inner is None else _mapped_url(inner, ctx, names, depth + 1)
    if isinstance(node, ast.Name) and node.id not in names:
        names.add(node.id)
        for value in ctx.assignments_of(node.id):
            found = _mapped_url(value, ctx, names, depth + 1)
            if found is not None:
                return found
    return None


def _opened(call: ast.Call) -> tuple[ast.expr, str] | None:
    """The path ``call`` opens and whether it reads or writes it."""
    func = call.func
    if isinstance(func, ast.Name) and func.id == "open" and call.args:
        return call.args[0], "written" if writes(open_mode(call, 1)) else "read"
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr == "open":
        return func.value, "written" if writes(open_mode(call, 0)) else "read"
    if func.attr in _READERS:
        return func.value, "read"
    if func.attr in _WRITERS:
        return func.value, "written"
    return None


def check_opened_url_path(call: ast.Call, ctx: FileContext) -> None:
    function = ctx.function
    opened = _opened(call)
    if function is None or opened is None or is_test_code(ctx):
        return
    path, action = opened
    names: set[str] = set()
    part = _mapped_url(path, ctx, names)
    if part is None:
        return
    if not confines_path(function.node, names):
        ctx.report(W654, call, action=action, part=ast.unparse(part))


HANDLERS = Handlers(
    calls=dict.fromkeys(
        ("open", *sorted(_READERS), *sorted(_WRITERS)), check_opened_url_path
    )
)
