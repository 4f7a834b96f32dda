"""Where a template is used by another: ``{% extends %}`` and ``{% include … with x=… only %}``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template.base import Lexer, TokenType

from django_chained.scan.template_expressions import is_literal, with_bindings


@dataclass(frozen=True)
class Reference:
    """One ``{% extends %}`` or ``{% include %}`` of a template named by a literal."""

    target: str
    """The name of the template used."""
    extends: bool
    bindings: tuple[tuple[str, str], ...] = ()
    """``with name=expression`` pairs of an include."""
    only: bool = False
    """An include with ``only`` passes its bindings and nothing of the including context."""


def template_name(path: str) -> str:
    """The name views use for ``path``: what follows its last ``templates`` folder."""
    parts = re.split(r"[\\/]", path)
    if "templates" in parts:
        parts = parts[len(parts) - parts[::-1].index("templates") :]
    return "/".join(parts)


def references(source: str) -> list[Reference]:
    """Every extends and include of ``source`` that names its template with a literal."""
    found = []
    for token in Lexer(source).tokenize():
        if token.token_type is not TokenType.BLOCK:
            continue
        try:
            bits = token.split_contents()
        except (StopIteration, ValueError):  # an unbalanced quote in the tag
            bits = token.contents.split()
        if len(bits) < 2 or bits[0] not in ("extends", "include"):
            continue
        if not is_literal(bits[1]):
            continue  # a template chosen at run time: the scan cannot follow it
        only = bits[-1] == "only"
        rest = bits[2 : len(bits) - only]
        bindings = with_bindings(["with", *rest[1:]]) if rest[:1] == ["with"] else []
        found.append(
            Reference(bits[1][1:-1], bits[0] == "extends", tuple(bindings), only)
        )
    return found


def references_json(found: list[Reference]) -> list[Any]:
    """The references as plain lists, for the |safe pass's cache."""
    return [[r.target, r.extends, [list(b) for b in r.bindings], r.only] for r in found]


def references_from_json(value: object) -> list[Reference]:
    """The references a cached row holds; ``ValueError`` for a row of another shape."""
    if not isinstance(value, list):
        raise ValueError("not a list of template references")
    found = []
    for row in value:
        if not (
            isinstance(row, list)
            and len(row) == 4
            and type(row[0]) is str
            and type(row[1]) is bool
            and type(row[3]) is bool
            and isinstance(row[2], list)
            and all(
                isinstance(b, list) and len(b) == 2 and all(type(v) is str for v in b)
                for b in row[2]
            )
        ):
            raise ValueError(f"not a template reference: {row!r:.60}")
        target, extends, bindings, only = row
        found.append(Reference(target, extends, tuple(map(tuple, bindings)), only))
    return found
