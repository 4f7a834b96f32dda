"""Inside Django: place settings-level findings at the line of the settings module assigning them.

``chained_report`` gets Django's and our settings-level findings without a file; the standalone scan
places the same findings by reading the settings source. This reads the running settings module's file
the same way (``from .base import *`` chains included), so both reports point at the same line.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from django.conf import settings

from django_chained.conf import conf
from django_chained.report import Record
from django_chained.sourcetree.settings_reader import read_settings
from django_chained.sourcetree.settings_rules import place_at_setting
from django_chained.sourcetree.tree import parse_bytes


def settings_module_file() -> Path | None:
    """The source file of the imported settings module (``DJANGO_SETTINGS_MODULE``), when there is one."""
    name = getattr(settings, "SETTINGS_MODULE", None) or ""
    file = getattr(sys.modules.get(name), "__file__", None)
    return Path(file) if file else None


def import_root(path: Path, module_name: str) -> Path:
    """The ``sys.path`` entry ``module_name`` was imported from: absolute star-imports resolve under it."""
    depth = module_name.count(".") + (path.name == "__init__.py")
    return path.parents[depth] if depth < len(path.parents) else path.parent


def place_settings_findings(
    records: Sequence[Record], root: Path | None
) -> list[Record]:
    """Object-less records placed at their setting's line, else at line 1 of the settings file.

    Findings with an object (a view, a model field, ``path:line``) are left as they are.
    """
    path = settings_module_file()
    loose = [r for r in records if r.file is None and r.obj is None]
    if path is None or not loose or not path.is_file():
        return list(records)
    limit = conf.CHAINED_SCAN_MAX_BYTES
    static = read_settings(
        path,
        import_root(path, str(settings.SETTINGS_MODULE)),
        lambda module: parse_bytes(module, limit),
    )
    base = root if root is not None else path.parent
    placed = []
    for record in records:
        if record.file is None and record.obj is None:
            record = place_at_setting(record, static, base)
            record = replace(record, line=record.line or 1)
        placed.append(record)
    return placed
