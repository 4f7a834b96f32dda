"""What the judged settings module tells the standalone scan to leave out, as it tells ``check``.

``SILENCED_SYSTEM_CHECKS`` drops IDs; ``CHAINED_SCAN_EXCLUDE`` drops findings in the files it names
(a path excludes itself and everything under it, relative paths from the project root; an entry
with ``*``, ``?`` or ``[`` is a glob matched against the full path).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django_chained.conf import Settings
from django_chained.report import Record
from django_chained.scan.sources import is_excluded


def silenced_ids(settings: Any) -> frozenset[str]:
    value = getattr(settings, "SILENCED_SYSTEM_CHECKS", ()) if settings else ()
    return frozenset(v for v in _sequence(value) if isinstance(v, str))


def scan_exclusions(settings: Any, root: Path) -> tuple[str, ...]:
    # Validated as check validates it: a bad value is E001/E002 and reads as the default.
    value = Settings(settings).CHAINED_SCAN_EXCLUDE if settings else ()
    patterns = []
    for text in value:
        glob = any(char in text for char in "*?[")
        patterns.append(text if glob or os.path.isabs(text) else str(root / text))
    return tuple(patterns)


def _sequence(value: object) -> Iterable[object]:
    return value if isinstance(value, (list, tuple, set, frozenset)) else ()


def left_out(
    record: Record, silenced: frozenset[str], exclude: tuple[str, ...], root: Path
) -> bool:
    """Whether the settings silence this record's ID or exclude its file."""
    if record.id in silenced:
        return True
    return bool(
        exclude and record.file and is_excluded(str(root / record.file), exclude)
    )
