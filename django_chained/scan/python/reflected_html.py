"""W309: request data sent back as HTML by the shapes W305 does not see.

W305 reports ``HttpResponse()`` of markup formatted from request data in the view itself. A view
also reflects the visitor's text when it

- sends it as it came (``HttpResponse(request.GET["q"])``): the default content type is HTML;
- hands it to a helper of its module that formats it into markup (``HttpResponse(page(title))``
  with ``def page(title): return f"<h1>{title}</h1>"``);
- writes markup formatted from it into the response (``response.write("<p>" + q + "</p>")``).

A ``content_type`` that is not HTML (``text/plain``, ``application/json``) or an escaping call
(``escape()``, ``format_html()``) on the way makes it harmless.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import REQUEST_DATA, FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.strings import built_from_values, contains_markup
from django_chained.scan.python.xss import HTML_SAFE_CALLS, html_from_request
from django_chained.scan.rule import Rule

W309 = Rule(
    id="django_chained.W309",
    message="{name}() sends {what} as HTML, without escaping.",
    hint="Escape it (django.utils.html.escape(), format_html()), render a template, or send it with content_type='text/plain'.",
)
_RESPONSES = frozenset({"HttpResponse"})
#: Reads of one request value: ``request.GET["q"]``, ``request.POST.get("q", "")``.
_READ_METHODS = frozenset({"get", "getlist", "pop"})


def _content(call: ast.Call) -> ast.expr | None:
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "content"), None)


def _sends_html(call: ast.Call) -> bool:
    """No ``content_type`` (Django's default is ``text/html``), or an HTML one, or one not known."""
    for keyword in call.keywords:
        if keyword.arg == "content_type":
            value = keyword.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return "html" in value.value.lower()
    return True


def _reads_request(node: ast.expr, function: FunctionInfo) -> bool:
    """A request value as it came: a read of request data, or a URL kwarg."""
    while True:
        if isinstance(node, ast.Subscript):
            node = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _READ_METHODS
        ):
            node = node.func.value
        elif isinstance(node, ast.Attribute) and node.attr in REQUEST_DATA:
            return function.is_request(node.value)
        elif isinstance(node, ast.Name):
            return node.id in function.url_kwargs
        else:
            return False


def _raw_request_text(value: ast.expr, ctx: FileContext) -> bool:
    function = ctx.function
    if function is None:
        return False
    candidates = [value]
    if isinstance(value, ast.Name) and value.id not in function.url_kwargs:
        candidates = ctx.assignments_of(value.id)
    reads = [_reads_request(candidate, function) for candidate in candidates]
    # Every value the name may hold is the request's own or a literal: not escaped on some path.
    return any(reads) and all(
        read or isinstance(candidate, ast.Constant)
        for read, candidate in zip(reads, candidates, strict=True)
    )


def _helper_formatting(value: ast.expr, ctx: FileContext) -> str | None:
    """The module function ``value`` calls when it formats a request value into markup."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and ctx.function is not None
    ):
        return None
    helper = ctx.module_functions.get(value.func.id)
    if helper is None:
        return None
    args = helper.args
    parameters = [a.arg for a in (*args.posonlyargs, *args.args)]
    passed = {
        parameters[index]: argument
        for index, argument in enumerate(value.args)
        if index < len(parameters) and not isinstance(argument, ast.Starred)
    }
    passed.update({k.arg: k.value for k in value.keywords if k.arg is not None})
    tainted = frozenset(p for p, a in passed.items() if ctx.tainted(a))
    if not tainted:
        return None
    info = FunctionInfo(helper, ctx, in_class=False)
    names = info.derived_names(tainted)
    ctx.functions.append(info)  # judge the returns in the helper's own scope
    try:
        returned = [
            value
            for node in every_node(helper)
            if isinstance(node, ast.Return) and node.value is not None
            for value in _values(node.value, ctx)
        ]
        formats = any(
            contains_markup(value)
            and built_from_values(value, ctx, HTML_SAFE_CALLS) is not None
            and info.carries(value, names)
            for value in returned
        )
    finally:
        ctx.functions.pop()
    return helper.name if formats else None


def _values(node: ast.expr, ctx: FileContext) -> list[ast.expr]:
    """``node``, or what the function assigned to it when it is a name (``return html``)."""
    return ctx.assignments_of(node.id) if isinstance(node, ast.Name) else [node]


def check_response(call: ast.Call, ctx: FileContext) -> None:
    value = _content(call)
    if value is None or not _sends_html(call) or is_test_code(ctx):
        return
    if html_from_request(value, ctx):
        return  # W305
    name = ctx.called(call)
    if _raw_request_text(value, ctx):
        ctx.report(W309, call, name=name, what="the request's text unchanged")
        return
    helper = _helper_formatting(value, ctx)
    if helper is not None:
        ctx.report(
            W309,
            call,
            name=name,
            what=f"request data that {helper}() formats into markup",
        )


def _is_response(receiver: ast.expr, ctx: FileContext) -> bool:
    if not isinstance(receiver, ast.Name):
        return False
    return any(
        isinstance(value, ast.Call)
        and ctx.called(value) in _RESPONSES
        and _sends_html(value)
        for value in ctx.assignments_of(receiver.id)
    )


def check_write(call: ast.Call, ctx: FileContext) -> None:
    func = call.func
    if not (isinstance(func, ast.Attribute) and call.args) or is_test_code(ctx):
        return
    if not _is_response(func.value, ctx):
        return
    value = call.args[0]
    if html_from_request(value, ctx) or _raw_request_text(value, ctx):
        name = f"{ast.unparse(func.value)}.write"
        ctx.report(W309, call, name=name, what="text from the request")


HANDLERS = Handlers(
    calls={**dict.fromkeys(_RESPONSES, check_response), "write": check_write},
)
