"""Reading parsed TOML and JSON of any shape: a value of the wrong type reads as empty, never raises."""

from __future__ import annotations

from typing import Any


def table(value: Any) -> dict[str, Any]:
    """A TOML table or JSON object; anything else (a file of another shape) reads as empty."""
    return value if isinstance(value, dict) else {}


def array(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def tables(value: Any) -> list[dict[str, Any]]:
    return [item for item in array(value) if isinstance(item, dict)]


def lower_keys(mapping: Any) -> dict[str, Any]:
    return (
        {str(k).lower(): v for k, v in mapping.items()}
        if isinstance(mapping, dict)
        else {}
    )
