"""Answers worked out once for what a rule asks about (a file, a function) and kept with it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

_T = TypeVar("_T")


class Remembers:
    """Keeps ``remember``'s answers with the object, so they go when its file's scan ends."""

    def __init__(self) -> None:
        self._remembered: dict[Hashable, object] = {}

    def remember(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, worked out once per ``key`` for this object: a question rules ask again."""
        try:
            return cast(_T, self._remembered[key])
        except KeyError:
            value = self._remembered[key] = compute()
            return value
