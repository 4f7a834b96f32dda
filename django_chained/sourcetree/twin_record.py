"""How a static twin reports: a ``Record`` at a place in the scanned tree."""

from __future__ import annotations

from pathlib import Path

from django.core.checks import CheckMessage

from django_chained.report import Record
from django_chained.sourcetree.tree import SourceTree

#: The route shown for a view that no URLconf of the tree routes.
NOT_ROUTED = "not found in a URLconf"


def record_at(message: CheckMessage, tree: SourceTree, path: Path, line: int) -> Record:
    return Record(
        id=message.id or "?",
        level=message.level,
        message=str(message.msg),
        hint=message.hint,
        obj=str(message.obj) if message.obj is not None else None,
        file=tree.relative(path),
        line=line,
    )
