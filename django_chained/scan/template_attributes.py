"""W308: a template variable written into an unquoted HTML attribute value.

Autoescaping turns ``<``, ``>``, ``&``, ``"`` and ``'`` into entities but leaves spaces alone, and a
space ends an unquoted value: ``<input value={{ q }}>`` with ``q = "x onfocus=alert(1) autofocus"``
gives the element two attributes of the visitor's choosing. Only values that cannot carry a visitor's
whitespace are left out: numbers, dates, keys, flags, URL-encoded or slugified text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django_chained.scan.findings import Finding
from django_chained.scan.template_expressions import Expression
from django_chained.scan.view_index import ViewIndex

W308 = "django_chained.W308"

# Filters whose output holds no whitespace a visitor chose: numbers, dates and sizes, words the
# filter itself writes, and text with its spaces encoded (``urlencode``, ``iriencode``) or replaced
# (``slugify``). ``escape``/``escapejs`` are not among them: neither touches a space.
NO_VISITOR_WHITESPACE_FILTERS = frozenset(
    {
        "length", "wordcount", "filesizeformat", "floatformat", "date", "time", "timesince",
        "timeuntil", "urlencode", "iriencode", "slugify", "yesno", "pluralize", "divisibleby",
        "intcomma", "intword", "naturalday", "naturaltime", "ordinal", "apnumber",
    }
)  # fmt: skip
# Last segments that hold a number, a key or a flag: ``obj.pk``, ``row.author_id``, ``qs.count``,
# ``user.is_staff``; and the names Django derives from a form field's name.
NUMERIC_OR_FLAG = re.compile(
    r"pk|id|\w+_id|uuid|count|(?:is|has|can)_\w+|id_for_label|html_name|auto_id|prefix"
)
# Names of numeric aggregates, after Django's own default alias ``<field>__sum``: ``memory_sum``,
# ``comments__count``, ``price_avg``.
AGGREGATE_NAME = re.compile(r"\w+?_{1,2}(?:sum|count|avg|total)")


def writes_visitor_whitespace(expression: Expression) -> bool:
    """Whether the value may hold a space a visitor typed: not a number, key, flag or encoded text.

    ``expression`` is already known to be data (not a constant, a token or a rendered form).
    """
    if NO_VISITOR_WHITESPACE_FILTERS.intersection(expression.filters):
        return bool(expression.joined)
    variable = expression.variable or ""
    first, *rest = variable.split(".")
    if first == "forloop" or AGGREGATE_NAME.fullmatch(rest[-1] if rest else first):
        return False
    return not (rest and NUMERIC_OR_FLAG.fullmatch(rest[-1]))


def drop_plain_fields(findings: Iterable[Finding], index: ViewIndex) -> list[Finding]:
    """``findings`` without each ``W308`` whose value is a field the project only declares as a
    number, flag or date (``object.memory`` of a ``PositiveIntegerField``)."""
    return [
        finding
        for finding in findings
        if finding.id != W308
        or not index.holds_plain_value((finding.subject or "").rsplit(".", 1)[-1])
    ]


def w308(path: str, line: int, variable: str) -> Finding:
    return Finding(
        id="django_chained.W308",
        path=path,
        line=line,
        message=(
            f"{variable} is written into an unquoted HTML attribute value: autoescaping leaves spaces alone, "
            "so a space in it starts attributes of the visitor's choosing (onmouseover=…)."
        ),
        hint='Quote the attribute value: attr="{{ value }}".',
        subject=variable,
    )
