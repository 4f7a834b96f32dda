"""Run ``chained_report --deploy`` and ``django-chained scan`` on a project in fresh interpreters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"
CONSOLE_SCRIPT = Path(sys.executable).with_name("django-chained")


def _finish(completed: subprocess.CompletedProcess[str], out: Path) -> Any:
    # 1: the demo has warnings, and the reports fail on them by default; 2 or a traceback is a failure.
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(out.read_text())


def report(project: Path, out: Path, *options: str, fmt: str = "json") -> Any:
    """``manage.py chained_report --deploy`` of a copy of the test project (its own database and cache)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "testproject.settings",
        "TESTPROJECT_DB": str(out.with_suffix(".sqlite3")),
        "CHAINED_CACHE_DIR": str(out.with_suffix(".cache")),
        "PYTHONWARNINGS": "ignore",
    }
    argv = [
        sys.executable,
        "manage.py",
        "chained_report",
        "--deploy",
        "--format",
        fmt,
        "-o",
        str(out),
        *options,
    ]
    completed = subprocess.run(
        argv,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return _finish(completed, out)


def scan(project: Path, out: Path, *options: str, fmt: str = "json") -> Any:
    """``django-chained scan`` of a tree, without Django settings in the environment."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    argv = [
        str(CONSOLE_SCRIPT),
        "scan",
        str(project),
        "--no-cache",
        "--format",
        fmt,
        "-o",
        str(out),
        *options,
    ]
    completed = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return _finish(completed, out)
