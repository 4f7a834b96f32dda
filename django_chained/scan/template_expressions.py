"""A template variable expression (``var|filter:arg|…``) and tag arguments, read without a template engine."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.template.base import filter_re

NUMBER = re.compile(r"[-+.]?\d[\d.e]*")


@dataclass(frozen=True)
class Expression:
    """A ``{{ }}`` expression reduced to what the rules need."""

    variable: str | None
    """The first variable the value comes from, or ``None`` when it is a constant."""
    filters: tuple[str, ...]
    joined: tuple[str, ...] = ()
    """Further variables concatenated in with ``|add:``."""


def parse_expression(text: str) -> Expression | None:
    """Split ``var|filter:arg|…``; ``None`` when Django could not parse it either."""
    variable: str | None = None
    filters: list[str] = []
    joined: list[str] = []
    upto = 0
    for number, match in enumerate(filter_re.finditer(text)):
        if match.start() != upto:
            break  # unparseable remainder: keep what was read before it
        upto = match.end()
        if number == 0:
            var = match["var"]
            if match["constant"] is None and var is None:
                return None
            if var is not None and not NUMBER.fullmatch(var):
                variable = var
            continue
        filters.append(match["filter_name"])
        var_arg = match["var_arg"]
        if var_arg is None or NUMBER.fullmatch(var_arg):
            continue
        if variable is None:
            # {{ ""|default:html|safe }}: the value may come from the argument.
            variable = var_arg
        elif match["filter_name"] == "add":
            joined.append(var_arg)
    return Expression(variable, tuple(filters), tuple(joined)) if upto else None


def is_literal(bit: str) -> bool:
    """A quoted string literal, as a tag argument."""
    return len(bit) >= 2 and bit[0] == bit[-1] and bit[0] in "\"'"


def with_bindings(bits: list[str]) -> list[tuple[str, str]]:
    """``(name, expression)`` for ``{% with a=x b=y %}`` and the legacy ``{% with x as a %}``."""
    if len(bits) == 4 and bits[2] == "as":
        return [(bits[3], bits[1])]
    return [
        (target, value)
        for target, _, value in (bit.partition("=") for bit in bits[1:])
        if value and target.isidentifier()
    ]
