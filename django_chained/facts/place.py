"""Where a finding points: a file and a line, found from a live object or from source."""

from __future__ import annotations

import inspect
import re
import sys
from dataclasses import dataclass
from typing import Any

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


@dataclass(frozen=True)
class Place:
    """A file (absolute, or relative to the working directory) and its line, when known."""

    file: str
    line: int | None = None


def loaded_object(label: str) -> Any:
    """The object a dotted path names, from modules already imported (never importing one)."""
    parts = label.split(".")
    for split in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:split]))
        if module is None:
            continue
        target: Any = module
        for name in parts[split:]:
            target = getattr(target, name, None)
            if target is None:
                return None
        return target
    return None


def _field_place(field: Any) -> Place | None:
    """A model field's file and the line of its ``name = …`` in the model's class body."""
    model_place = place_of(field.model)
    if model_place is None or model_place.line is None:
        return model_place
    lines, _ = inspect.getsourcelines(field.model)
    pattern = re.compile(rf"^\s+{re.escape(field.name)}\s*[:=]")
    for offset, text in enumerate(lines):
        if pattern.match(text):
            return Place(model_place.file, model_place.line + offset)
    return model_place


def place_of(obj: Any) -> Place | None:
    """Where a function, class, model field or loaded dotted path is defined, when Python can tell."""
    if isinstance(obj, str):
        obj = loaded_object(obj) if _DOTTED.match(obj) else None
    if hasattr(obj, "model") and hasattr(obj, "name") and hasattr(obj, "attname"):
        return _field_place(obj)
    obj = inspect.unwrap(obj) if callable(obj) else obj
    obj = getattr(obj, "view_class", obj)
    if not (inspect.isfunction(obj) or inspect.isclass(obj)):
        return None
    try:
        path = inspect.getsourcefile(obj)
        _, line = inspect.getsourcelines(obj)
    except (OSError, TypeError):
        return None
    return Place(path, line or None) if path else None
