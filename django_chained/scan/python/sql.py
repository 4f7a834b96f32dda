"""4xx: SQL text built from values and handed to a raw-SQL API."""

from __future__ import annotations

import ast
from typing import cast

from django_chained.scan.python.constant_values import is_constant
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.strings import built_from_values
from django_chained.scan.rule import Rule

#: Calls whose result is safe to splice into SQL text (numbers, quoted identifiers and literals:
#: ``connection.ops.quote_name``, psycopg's ``sql.Identifier``/``sql.Literal``/``sql.Placeholder``).
SQL_SAFE_CALLS = frozenset(
    {
        "int",
        "float",
        "bool",
        "len",
        "quote_name",
        "Identifier",
        "Literal",
        "Placeholder",
    }
)

_HINT = "Keep the SQL constant and pass values as params (%s placeholders); never format them into the SQL."

W401 = Rule(
    id="django_chained.W401",
    message="cursor.{method}() runs SQL built with {how}.",
    hint=_HINT,
)
W402 = Rule(
    id="django_chained.W402",
    message="raw() runs SQL built with {how}.",
    hint="Use the ORM, or pass values through raw()'s params argument instead of formatting them into the SQL.",
)
W403 = Rule(
    id="django_chained.W403",
    message="extra({keyword}=...) receives SQL built with {how}.",
    hint="Replace extra() with annotate()/filter() expressions, or use its params/select_params arguments.",
)
W404 = Rule(
    id="django_chained.W404",
    message="RawSQL() wraps SQL built with {how}.",
    hint="Keep RawSQL's SQL constant and pass values through its params argument.",
)

_EXTRA_SQL_KEYWORDS = ("select", "where", "tables", "order_by")


def _sql_argument(call: ast.Call, *keywords: str) -> ast.expr | None:
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    for keyword in call.keywords:
        if keyword.arg in keywords:
            return keyword.value
    return None


def _passed_with_params(
    call: ast.Call, sql: ast.expr, ctx: FileContext
) -> frozenset[str]:
    """SQL fragments unpacked with their params (``sql, params = qs.query.sql_with_params()``)
    whose params this same call binds.

    A builder returning ``(text, params)`` keeps values out of the text by its very shape, as
    Django's compiler does: the fragment counts as constant SQL.
    """
    function = ctx.function
    if function is None:
        return frozenset()
    arguments = [
        a for a in (*call.args, *(k.value for k in call.keywords)) if a is not sql
    ]
    passed = {
        node.id
        for argument in arguments
        for node in every_node(argument)
        if isinstance(node, ast.Name)
    }
    return frozenset(
        text
        for text, params in function.remember(
            _unpacked_pairs, lambda: _unpacked_pairs(function.node)
        )
        if params in passed
    )


def _unpacked_pairs(function: ast.AST) -> tuple[tuple[str, str], ...]:
    """``(first, second)`` names of each ``first, second = call()`` in the function."""
    pairs = []
    for node in every_node(function):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        for target in node.targets:
            if (
                isinstance(target, ast.Tuple)
                and len(target.elts) == 2
                and all(isinstance(name, ast.Name) for name in target.elts)
            ):
                first, second = cast(list[ast.Name], target.elts)
                pairs.append((first.id, second.id))
    return tuple(pairs)


def _how(call: ast.Call, node: ast.expr | None, ctx: FileContext) -> str | None:
    if node is None or is_test_code(ctx):
        return None
    fragments = _passed_with_params(call, node, ctx)
    how = built_from_values(node, ctx, SQL_SAFE_CALLS, seen=fragments)
    if (
        how is None
        and ctx.tainted(node)
        and not is_constant(node, ctx, SQL_SAFE_CALLS, fragments)
    ):
        # Not built at all: the request's text itself is the SQL.
        return "request data (not passed as params)"
    return how


def check_execute(call: ast.Call, ctx: FileContext) -> None:
    if not isinstance(call.func, ast.Attribute):
        return
    how = _how(call, _sql_argument(call, "sql", "query"), ctx)
    if how is not None:
        ctx.report(W401, call, method=call.func.attr, how=how)


def check_raw(call: ast.Call, ctx: FileContext) -> None:
    if not isinstance(call.func, ast.Attribute):
        return
    how = _how(call, _sql_argument(call, "raw_query"), ctx)
    if how is not None:
        ctx.report(W402, call, how=how)


def check_extra(call: ast.Call, ctx: FileContext) -> None:
    for keyword in call.keywords:
        if keyword.arg not in _EXTRA_SQL_KEYWORDS:
            continue
        value = keyword.value
        if isinstance(value, (ast.List, ast.Tuple)):
            parts: list[ast.expr] = list(value.elts)
        elif isinstance(value, ast.Dict):
            parts = list(value.values)
        else:
            parts = [value]
        for part in parts:
            how = _how(call, part, ctx)
            if how is not None:
                ctx.report(W403, call, keyword=keyword.arg, how=how)
                return


def check_raw_sql(call: ast.Call, ctx: FileContext) -> None:
    how = _how(call, _sql_argument(call, "sql"), ctx)
    if how is not None:
        ctx.report(W404, call, how=how)


HANDLERS = Handlers(
    calls={
        "execute": check_execute,
        "executemany": check_execute,
        "raw": check_raw,
        "extra": check_extra,
        "RawSQL": check_raw_sql,
    }
)
