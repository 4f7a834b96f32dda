"""Type checks for parsed JSON documents that name the offending part by its path (``affected[0].ranges``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class Malformed(ValueError):
    """A part of a JSON document with the wrong type, named by its path in the document."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)


JSON_NAMES: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return JSON_NAMES.get(type(value), type(value).__name__)


def member(where: str, key: str | int) -> str:
    return f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}".lstrip(".")


def typed(value: object, kind: type[T], where: str) -> T:
    if not isinstance(value, kind):
        shown = "" if value is None else f" {value!r}"
        shown = shown if len(shown) <= 41 else f"{shown[:38]}..."
        raise Malformed(
            where, f"expected {JSON_NAMES[kind]}, got {json_type(value)}{shown}"
        )
    return value


def optional(
    container: Mapping[str, Any], key: str, kind: type[T], where: str
) -> T | None:
    """``container[key]`` checked to be ``kind``; ``None`` when absent or null."""
    value = container.get(key)
    return None if value is None else typed(value, kind, member(where, key))


def each(
    values: list[Any] | None, kind: type[T], where: str
) -> Iterator[tuple[str, T]]:
    """Every item of the JSON list ``values``, checked to be ``kind``, with its path."""
    for index, value in enumerate(values or ()):
        yield member(where, index), typed(value, kind, member(where, index))
