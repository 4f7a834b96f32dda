"""Check messages listed with the numbers in them compared as numbers: ``views.py:81`` before ``views.py:312``."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.management.color import Style

_NUMBER = re.compile(r"(\d+)")


def numeric_key(text: str) -> tuple[tuple[str | int, ...], str]:
    """``text`` split into its text and its digit runs as integers, then the text itself to break ties."""
    parts = _NUMBER.split(text)  # text at even indexes, digit runs at odd ones
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), text


class NumericallyOrdered(str):
    """A string that ``sorted()`` places by ``numeric_key``."""

    __slots__ = ()

    def __lt__(self, other: str) -> bool:
        return numeric_key(self) < numeric_key(other)


def _ordered(paint: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: NumericallyOrdered(paint(text))


def numerically_ordered_style(style: Style) -> Style:
    """A copy of ``style`` whose ``ERROR`` and ``WARNING`` text sorts numerically.

    Django's ``BaseCommand.check()`` paints each message with one of the two and sorts the painted
    strings as text, which puts ``views.py:312`` before ``views.py:81``.
    """
    ordered = Style()
    vars(ordered).update(vars(style))
    for role in ("ERROR", "WARNING"):
        setattr(ordered, role, _ordered(getattr(style, role)))
    return ordered
