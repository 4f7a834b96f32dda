"""Which check IDs a module or package defines, read from its source (each ID is written once as ``id="…"``)."""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

_DEFINITION = re.compile(r"""id=["'](django_chained\.[CEWID]\d{3})["']""")


@cache
def defined_ids(name: str) -> frozenset[str]:
    """The IDs defined in module or package ``name``; empty when it is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return frozenset()
    origin = Path(spec.origin)
    files = origin.parent.rglob("*.py") if origin.name == "__init__.py" else [origin]
    return frozenset(
        check_id
        for path in files
        for check_id in _DEFINITION.findall(path.read_text(encoding="utf-8"))
    )
