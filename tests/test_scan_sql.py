"""The SQL rules W401-W404: which calls make a value safe in SQL, and what each finding says."""

from __future__ import annotations

import pytest

from django_chained.scan.python.walker import scan_python


def findings(body: str) -> list[tuple[str, str, str]]:
    source = f"def view(request, name):\n    {body}\n"
    return [(f.id, f.message, f.hint) for f in scan_python("app/views.py", source)]


@pytest.mark.parametrize(
    "call",
    [
        "int",
        "float",
        "bool",
        "len",
        "quote_name",
        "Identifier",
        "Literal",
        "Placeholder",
    ],
)
def test_value_through_a_call_that_cannot_carry_sql_is_safe(call):
    assert findings(f"cursor.execute('SELECT %s' % {call}(name))") == []


def test_value_through_str_is_not_safe():
    assert findings("cursor.execute('SELECT %s' % str(name))") == [
        (
            "django_chained.W401",
            "cursor.execute() runs SQL built with %-formatting.",
            "Keep the SQL constant and pass values as params (%s placeholders); "
            "never format them into the SQL.",
        )
    ]


def test_raw_says_how_the_sql_was_built_and_what_to_do():
    assert findings("return Doc.objects.raw('SELECT ' + name)") == [
        (
            "django_chained.W402",
            "raw() runs SQL built with + concatenation.",
            "Use the ORM, or pass values through raw()'s params argument "
            "instead of formatting them into the SQL.",
        )
    ]


@pytest.mark.parametrize("keyword", ["select", "where", "tables", "order_by"])
def test_extra_names_the_keyword_that_receives_sql(keyword):
    assert findings(f"return Doc.objects.extra({keyword}=['a = ' + name])") == [
        (
            "django_chained.W403",
            f"extra({keyword}=...) receives SQL built with + concatenation.",
            "Replace extra() with annotate()/filter() expressions, "
            "or use its params/select_params arguments.",
        )
    ]


def test_raw_sql_expression_says_how_the_sql_was_built_and_what_to_do():
    assert findings("return Doc.objects.annotate(x=RawSQL('SELECT ' + name, ()))") == [
        (
            "django_chained.W404",
            "RawSQL() wraps SQL built with + concatenation.",
            "Keep RawSQL's SQL constant and pass values through its params argument.",
        )
    ]
