"""3xx: markup marked safe, or sent as HTML, without escaping what went into it."""

from __future__ import annotations

import ast

from django.core.checks.messages import INFO

from django_chained.scan.python.constant_values import is_constant, non_constant_leaves
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo, FunctionNode
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.markdown_output import check_markdown_marked_safe
from django_chained.scan.python.markup_evidence import shows_visitor_text
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.strings import built_from_values, contains_markup
from django_chained.scan.python.syntax import call_name
from django_chained.scan.rule import Rule

#: Calls whose result is already escaped (or trusted) HTML.
HTML_SAFE_CALLS = frozenset(
    {
        "escape",
        "conditional_escape",
        "format_html",
        "format_html_join",
        "render_to_string",
        "json_script",
        "escapejs",
        "mark_safe",
        "flatatt",
        # The ``__html__`` protocol, and template/widget/component rendering, return escaped markup.
        "__html__",
        "render",
        "render_html",
        "password_validators_help_text_html",
        # Numbers, dates and sizes cannot carry markup.
        "int",
        "float",
        "bool",
        "len",
        "count",
        "isoformat",
        "naturaltime",
        "naturalday",
        "intcomma",
        "filesizeformat",
        "floatformat",
        "localize",
        "number_format",
        "date_format",
        # A model's own URL is reversed from its route, like reverse().
        "get_absolute_url",
        # Sanitisers and escaping renderers: bleach/nh3 clean(), pygments highlight(), query strings.
        "clean",
        "highlight",
        "urlencode",
        # Percent-encoding leaves no quote or angle bracket.
        "quote",
        "quote_plus",
    }
)

W301 = Rule(
    id="django_chained.W301",
    message="{name}() marks a non-constant value as safe HTML.",
    hint="Build the markup with format_html() (it escapes its arguments), or escape() the values first.",
)
I306 = Rule(
    id="django_chained.I306",
    message="{name}() marks markup from {source} as safe HTML; this scan cannot read that code: confirm it escapes the values it puts in.",
    hint="Check that it builds its markup with format_html()/escape() or sanitises it (nh3, bleach); then accept this line with an inline ignore and the reason.",
    level=INFO,
)
I307 = Rule(
    id="django_chained.I307",
    message="{what} puts {part} into HTML unescaped, and this scan cannot tell whether a visitor can write it: confirm it only holds text your code wrote.",
    hint="Escape it (format_html(), escape()) if a person can type it; otherwise accept this line with an inline ignore and the reason.",
    level=INFO,
)
W302 = Rule(
    id="django_chained.W302",
    message="format_html() receives a format string already built with {how}, so those values are not escaped.",
    hint="Pass a constant format string and the values as format_html()'s arguments.",
)
W303 = Rule(
    id="django_chained.W303",
    message="@mark_safe on {function}() marks everything it returns as safe HTML.",
    hint="Drop the decorator and return format_html() output from the function.",
)
W304 = Rule(
    id="django_chained.W304",
    message="@html_safe on {cls} marks its __str__() output as safe HTML, but __str__() returns a non-constant value.",
    hint="Return format_html() or escape()d output from __str__(), or drop @html_safe.",
)
W305 = Rule(
    id="django_chained.W305",
    message="{name}() sends HTML formatted from request data without escaping it.",
    hint="Render a template (autoescaped), or build the HTML with format_html().",
)

#: Characters of a value's source shown in an Info.
_SHOWN = 60
_MARKERS = frozenset({"mark_safe", "SafeString", "SafeText"})
_RESPONSES = frozenset({"HttpResponse"})


def _first_argument(call: ast.Call, keyword: str) -> ast.expr | None:
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    for item in call.keywords:
        if item.arg == keyword:
            return item.value
    return None


#: Calls that read data rather than produce markup: their result is the data itself.
_DATA_CALLS = frozenset({"getattr", "str", "repr", "dict", "list", "tuple", "set"})
_SIGNAL_SENDS = frozenset({"send", "send_robust"})


def _signal(node: ast.AST, ctx: FileContext) -> str | None:
    """The signal whose receivers produced ``node`` (``menu.send(…)``, or a name bound to it)."""
    for child in every_node(node):
        candidates: list[ast.expr] = [child] if isinstance(child, ast.Call) else []
        if isinstance(child, ast.Name):
            candidates = ctx.assignments_of(child.id)
        for candidate in candidates:
            for inner in every_node(candidate):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr in _SIGNAL_SENDS
                ):
                    return ast.unparse(inner.func.value)
    return None


def _unseen_source(leaf: ast.AST, ctx: FileContext) -> str | None:
    """What produced ``leaf`` when it is code this scan cannot read, else ``None``.

    A call to another module's function or to a method returns markup built out of sight; a
    parameter, an attribute or a helper of this module is data or code the scan has judged.
    """
    signal = _signal(leaf, ctx)
    if signal is not None:
        return f"the receivers of {signal}"
    if not isinstance(leaf, ast.Call):
        return None
    name = call_name(leaf)
    if name is None or name in _DATA_CALLS:
        return None
    if isinstance(leaf.func, ast.Name) and leaf.func.id in ctx.module_functions:
        return None
    return f"{name}()"


def _shown(part: ast.AST) -> str:
    text = ast.unparse(part)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _judge(
    leaves: list[ast.AST],
    ctx: FileContext,
    node: ast.AST,
    warning: Rule,
    what: str,
    marker: str | None,
    **details: str | None,
) -> None:
    """``warning`` when a part shows a visitor's text, else an Info saying what to confirm."""
    if not leaves:
        return
    if any(shows_visitor_text(leaf, ctx) for leaf in leaves):
        ctx.report(warning, node, **details)
        return
    sources = [_unseen_source(leaf, ctx) for leaf in leaves]
    if None in sources:
        ctx.report(I307, node, what=what, part=_shown(leaves[sources.index(None)]))
    else:
        ctx.report(I306, node, name=marker, source=sources[0])


def check_mark_safe(call: ast.Call, ctx: FileContext) -> None:
    value = _first_argument(call, "s")
    if value is None:
        return
    if check_markdown_marked_safe(call, value, ctx):
        return
    leaves = non_constant_leaves(value, ctx, HTML_SAFE_CALLS)
    name = ctx.called(call)
    _judge(leaves, ctx, call, W301, f"{name}()", name, name=name)


def check_format_html(call: ast.Call, ctx: FileContext) -> None:
    value = _first_argument(call, "format_string")
    if value is None:
        return
    how = built_from_values(value, ctx, HTML_SAFE_CALLS)
    if how is not None:
        leaves = non_constant_leaves(value, ctx, HTML_SAFE_CALLS)
        _judge(
            leaves,
            ctx,
            call,
            W302,
            "format_html()'s format string",
            "format_html",
            how=how,
        )


def html_from_request(value: ast.expr, ctx: FileContext) -> bool:
    candidates = [value]
    if isinstance(value, ast.Name):
        candidates = ctx.assignments_of(value.id)
    return any(
        built_from_values(candidate, ctx, HTML_SAFE_CALLS) is not None
        and contains_markup(candidate)
        and ctx.tainted(candidate)
        for candidate in candidates
    )


def check_http_response(call: ast.Call, ctx: FileContext) -> None:
    value = _first_argument(call, "content")
    if value is not None and html_from_request(value, ctx):
        ctx.report(W305, call, name=ctx.called(call))


def check_function(node: FunctionNode, ctx: FileContext) -> None:
    for decorator in node.decorator_list:
        if isinstance(decorator, (ast.Name, ast.Attribute)):
            name = decorator.id if isinstance(decorator, ast.Name) else decorator.attr
            if ctx.canonical(name) == "mark_safe":
                _judge_returns(node, decorator, ctx)


def _judge_returns(node: FunctionNode, decorator: ast.expr, ctx: FileContext) -> None:
    """What the decorated function returns: fixed markup (nothing to say), a visitor's text, or unknown."""
    # Handlers run before the walker enters the function: resolve its names in its own scope.
    ctx.functions.append(FunctionInfo(node, ctx, in_class=False))
    try:
        leaves = [
            leaf
            for value in _returns(node)
            for leaf in non_constant_leaves(value, ctx, HTML_SAFE_CALLS)
        ]
        what = f"@mark_safe on {node.name}()"
        _judge(leaves, ctx, decorator, W303, what, "mark_safe", function=node.name)
    finally:
        ctx.functions.pop()


def _returns(function: FunctionNode) -> list[ast.expr]:
    return [
        node.value
        for node in every_node(function)
        if isinstance(node, ast.Return) and node.value is not None
    ]


def check_class(node: ast.ClassDef, ctx: FileContext) -> None:
    decorators = [
        d
        for d in node.decorator_list
        if isinstance(d, (ast.Name, ast.Attribute))
        and ctx.canonical(d.id if isinstance(d, ast.Name) else d.attr) == "html_safe"
    ]
    if not decorators:
        return
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            stmt.name == "__str__"
        ):
            if any(
                not is_constant(value, ctx, HTML_SAFE_CALLS) for value in _returns(stmt)
            ):
                ctx.report(W304, decorators[0], cls=node.name)
            return


HANDLERS = Handlers(
    calls={
        **dict.fromkeys(_MARKERS, check_mark_safe),
        "format_html": check_format_html,
        **dict.fromkeys(_RESPONSES, check_http_response),
    },
    functions=(check_function,),
    classes=(check_class,),
    # A class decorated with @html_safe calls nothing the call handlers know.
    triggers=frozenset({"html_safe"}),
)
