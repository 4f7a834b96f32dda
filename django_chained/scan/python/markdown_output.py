"""W311 (and I310 at a pattern): ``mark_safe()`` over a Markdown library's output that no HTML sanitiser has cleaned.

Python-Markdown, markdown2 (without ``safe_mode``) and commonmark keep what a link's target says,
``[click](javascript:alert(1))`` included, and pass raw HTML through unless an extension removes
it; escaping the text first does not touch the link. Unlike a helper of the project (``I306``), the
scan knows these libraries do not sanitise, so marking their output safe is a finding of its own.

I310: a regular expression run over the text before rendering (``re.sub(pattern, …, text)``) is
the usual stand-in for a sanitiser and the usual place of the bug; it is pointed out at the
pattern, as an Info, since the scan cannot tell whether it can be got past.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.link_schemes import I310
from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

W311 = Rule(
    id="django_chained.W311",
    message="{marker}() marks Markdown rendered by {renderer}() as safe HTML without sanitising it: Markdown keeps javascript: links and, unless an extension removes it, raw HTML.",
    hint="Sanitise the rendered HTML (nh3.clean() or bleach.clean() with allowed tags, attributes and URL schemes) before marking it safe.",
)
#: Libraries that render Markdown to HTML without sanitising it, and their rendering functions.
_LIBRARIES = frozenset({"markdown", "markdown2", "commonmark"})
_RENDERERS = frozenset({"markdown", "commonmark"})
_RENDERER_CLASSES = frozenset({"Markdown"})
#: Keyword arguments that make markdown2 escape HTML and drop unsafe link schemes.
_SAFE_MODES = frozenset({"safe_mode"})
_REGEX_REWRITES = frozenset({"sub", "subn"})
_REGEX_MODULES = frozenset({"re", "regex"})
_MAX_HOPS = 6


class _Imports(NamedTuple):
    """Local names bound to the Markdown libraries and to what the module imported from them."""

    modules: frozenset[str]
    functions: frozenset[str]
    classes: frozenset[str]


_NO_IMPORTS = _Imports(frozenset(), frozenset(), frozenset())


def _names_a_library(text: str) -> bool:
    """Whether an import of a Markdown library may stand in ``text`` (``markdown2`` holds ``markdown``)."""
    return "markdown" in text or "commonmark" in text


def _imports(ctx: FileContext) -> _Imports:
    """What the file imports of the Markdown libraries, read once per file."""
    return ctx.remember(_imports, lambda: _read_imports(ctx.tree))


def _read_imports(tree: ast.Module) -> _Imports:
    modules: set[str] = set()
    imported: dict[str, str] = {}
    for stmt in every_node(tree):
        if isinstance(stmt, ast.Import):
            modules.update(
                alias.asname or alias.name
                for alias in stmt.names
                if alias.name in _LIBRARIES
            )
        elif isinstance(stmt, ast.ImportFrom) and stmt.module in _LIBRARIES:
            imported.update((a.asname or a.name, a.name) for a in stmt.names)
    return _Imports(
        frozenset(modules),
        frozenset(local for local, name in imported.items() if name in _RENDERERS),
        frozenset(
            local for local, name in imported.items() if name in _RENDERER_CLASSES
        ),
    )


def _library_call(
    func: ast.expr, local: frozenset[str], names: frozenset[str], imports: _Imports
) -> bool:
    """``func`` is one of ``names`` of a Markdown library: imported as ``local``, or ``md.name``."""
    if isinstance(func, ast.Name):
        return func.id in local
    return (
        isinstance(func, ast.Attribute)
        and func.attr in names
        and isinstance(func.value, ast.Name)
        and func.value.id in imports.modules
    )


def _renderer_instance(node: ast.expr, ctx: FileContext, imports: _Imports) -> bool:
    """``Markdown(…)`` or ``markdown.Markdown(…)``, or a name bound to one."""
    candidates = ctx.assignments_of(node.id) if isinstance(node, ast.Name) else [node]
    return any(
        isinstance(candidate, ast.Call)
        and _library_call(candidate.func, imports.classes, _RENDERER_CLASSES, imports)
        for candidate in candidates
    )


def markdown_render(node: ast.AST, ctx: FileContext) -> ast.Call | None:
    """The unsanitised Markdown rendering call ``node`` is, or ``None``."""
    if not isinstance(node, ast.Call) or any(
        keyword.arg in _SAFE_MODES for keyword in node.keywords
    ):
        return None
    imports = _imports(ctx) if _names_a_library(ctx.text) else _NO_IMPORTS
    func = node.func
    if _library_call(func, imports.functions, _RENDERERS, imports):
        return node
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "convert"
        and _renderer_instance(func.value, ctx, imports)
    ):
        return node
    return None


def _rendered_text(render: ast.Call) -> ast.expr | None:
    if render.args and not isinstance(render.args[0], ast.Starred):
        return render.args[0]
    return next((k.value for k in render.keywords if k.arg == "text"), None)


def _pattern(rewrite: ast.Call, ctx: FileContext) -> ast.expr | None:
    """The regular expression of ``re.sub(pattern, …)`` or ``compiled.sub(…)``, where it is written."""
    func = rewrite.func
    if not isinstance(func, ast.Attribute) or func.attr not in _REGEX_REWRITES:
        return None
    if isinstance(func.value, ast.Name) and func.value.id in _REGEX_MODULES:
        pattern: ast.expr | None = rewrite.args[0] if rewrite.args else None
    else:
        pattern = func.value
    if isinstance(pattern, ast.Name):
        bound = ctx.assignments_of(pattern.id)
        return bound[0] if bound else pattern
    return pattern


def regex_filter(render: ast.Call, ctx: FileContext) -> ast.expr | None:
    """The pattern of a regular expression rewrite of the text ``render`` renders, if there is one."""
    text = _rendered_text(render)
    candidates = ctx.assignments_of(text.id) if isinstance(text, ast.Name) else []
    for candidate in [*([text] if text is not None else []), *candidates]:
        if isinstance(candidate, ast.Call) and call_name(candidate) in _REGEX_REWRITES:
            pattern = _pattern(candidate, ctx)
            if pattern is not None:
                return pattern
    return None


def _rendered_into(node: ast.AST, ctx: FileContext, depth: int = 0) -> ast.Call | None:
    """The Markdown rendering whose output ``node`` holds as it came, or formatted into more markup.

    A name is followed to its assignments; one that hands the rendered HTML to another call
    (``html = clean_html(html)``) leaves the judgement to ``I306``, which asks about that code.
    """
    render = markdown_render(node, ctx)
    if render is not None or depth > _MAX_HOPS:
        return render
    children: list[ast.AST] = []
    if isinstance(node, ast.Name):
        values = ctx.assignments_of(node.id)
        if any(_reworks(value, node.id, ctx) for value in values):
            return None
        children = list(values)
    elif isinstance(node, ast.JoinedStr | ast.BinOp | ast.FormattedValue):
        children = list(child_nodes(node))
    return next(
        (
            found
            for child in children
            if (found := _rendered_into(child, ctx, depth + 1)) is not None
        ),
        None,
    )


def _reworks(value: ast.expr, name: str, ctx: FileContext) -> bool:
    """``value`` passes ``name`` through a call other than a Markdown rendering."""
    return (
        isinstance(value, ast.Call)
        and markdown_render(value, ctx) is None
        and any(isinstance(n, ast.Name) and n.id == name for n in every_node(value))
    )


def check_markdown_marked_safe(
    call: ast.Call, value: ast.expr, ctx: FileContext
) -> bool:
    """Report ``W311`` when ``call`` marks unsanitised Markdown (``value``) safe; whether it did.

    A regular expression rewriting the text before rendering is reported too (``I310``), at the
    pattern: it is where such a filter goes wrong, and where a reader of the code looks for it.
    """
    render = _rendered_into(value, ctx)
    if render is None:
        return False
    marker = ctx.called(call)
    renderer = call_name(render)
    ctx.report(W311, call, marker=marker, renderer=renderer)
    pattern = regex_filter(render, ctx)
    if pattern is not None:
        ctx.report(
            I310,
            pattern,
            what=f"This regular expression filters the Markdown source that {renderer}() renders and {marker}() on line {call.lineno} marks safe",
            check="no sanitiser looks at the links' URL schemes after it",
            confirm="no javascript: link or markup gets past it",
        )
    return True
