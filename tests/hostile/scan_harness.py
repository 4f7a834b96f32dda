"""Running ``django-chained scan`` in-process on a small tree, as the hostile-input suites do."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django_chained.cli import main

#: Enough for a module to be read as a settings module.
SETTINGS_HEAD = "SECRET_KEY = 'k' * 60\nINSTALLED_APPS = ['app']\n"


@dataclass
class ScanRun:
    code: int
    stderr: str
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> set[str]:
        return {str(f["id"]) for f in self.report.get("findings", [])}

    @property
    def notes(self) -> str:
        return "\n".join(self.report.get("notes", []))

    def found(self, check_id: str, file: str | None = None) -> bool:
        return any(
            f["id"] == check_id and (file is None or f["file"] == file)
            for f in self.report.get("findings", [])
        )


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def scan(root: Path, extra: Sequence[str] = ()) -> ScanRun:
    """``django-chained scan root --format json``; asserts it ended with a report, not a traceback."""
    out = root.parent / f"{root.name}-report.json"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(
            ["scan", str(root), "--no-cache", "--format", "json", "--fail-level", "WARNING", "-o", str(out), *extra]
        )  # fmt: skip
    printed = stdout.getvalue() + stderr.getvalue()
    assert "Traceback" not in printed
    assert code in (0, 1), printed
    return ScanRun(code, stderr.getvalue(), json.loads(out.read_text(encoding="utf-8")))
