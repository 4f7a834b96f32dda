"""Validators for ``CHAINED_*`` settings: each says what is wrong with a value, or ``None``."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple, Protocol


class SettingsLike(Protocol):
    """Where settings are read from: ``django.conf.settings``, a ``UserSettingsHolder``, or the
    ``StaticSettings`` the standalone scan reads from source. Unset names raise ``AttributeError``."""

    def __getattr__(self, name: str, /) -> Any: ...


class Problem(NamedTuple):
    """What is wrong with a setting's value: its type, or the value itself."""

    kind: Literal["type", "value"]
    detail: str


Validator = Callable[[object], "Problem | None"]


@dataclass(frozen=True)
class SettingSpec:
    """A ``CHAINED_*`` setting: its name, default and validator."""

    name: str
    default: object
    validate: Validator


def _type(detail: str) -> Problem:
    return Problem("type", detail)


def is_bool(value: object) -> Problem | None:
    # Django's own checks treat "1"/"yes" as a mistake too; only a real bool is accepted.
    return None if isinstance(value, bool) else _type("must be True or False")


def non_negative_int(value: object) -> Problem | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return _type("must be an int")
    return None if value >= 0 else Problem("value", "must not be negative")


def positive_int(value: object) -> Problem | None:
    problem = non_negative_int(value)
    if problem is None and value == 0:
        return Problem("value", "must be greater than zero")
    return problem


def str_sequence(value: object) -> Problem | None:
    # A bare string is a sequence of characters: the classic ("path") tuple mistake.
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        return _type("must be a list or tuple of strings")
    if not all(isinstance(item, str) for item in value):
        return _type("must contain only strings")
    return None


def _is_path(value: object) -> bool:
    """A ``str`` or a ``pathlib.Path``-like object naming a text path (``BASE_DIR / "x"``)."""
    return isinstance(value, str) or (
        isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)
    )


def _nameable(paths: tuple[object, ...] | list[object]) -> Problem | None:
    # No file can be named with a NUL byte: every os call on such a path raises ValueError.
    if any("\0" in os.fspath(path) for path in paths):  # type: ignore[call-overload]
        return Problem("value", "must not contain a NUL byte")
    return None


def path_sequence(value: object) -> Problem | None:
    if isinstance(value, (str, os.PathLike)) or not isinstance(value, (list, tuple)):
        return _type("must be a list or tuple of paths (str or pathlib.Path)")
    if not all(_is_path(item) for item in value):
        return _type("must contain only paths (str or pathlib.Path)")
    return _nameable(value)


def optional_path(value: object) -> Problem | None:
    if value is None:
        return None
    if _is_path(value):
        return _nameable([value])
    return _type("must be a path (str or pathlib.Path) or None")


def reason_map(value: object) -> Problem | None:
    """A ``{name: reason}`` mapping whose reasons are non-empty strings."""
    if not isinstance(value, Mapping):
        return _type("must be a dict mapping names to reasons")
    for key, reason in value.items():
        if not isinstance(key, str) or not isinstance(reason, str):
            return _type("keys and reasons must be strings")
        if not reason.strip():
            return Problem("value", f"the entry {key!r} needs a reason")
    return None


def nested_reason_map(value: object) -> Problem | None:
    """A ``{check_id: {object: reason}}`` mapping."""
    if not isinstance(value, Mapping):
        return _type("must be a dict mapping check IDs to {object: reason} dicts")
    for key, inner in value.items():
        if not isinstance(key, str):
            return _type("keys must be check IDs (strings)")
        problem = reason_map(inner)
        if problem is not None:
            return Problem(problem.kind, f"{key!r}: {problem.detail}")
    return None
