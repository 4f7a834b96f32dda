"""A baseline holds in a clone at another path, from any entry point: ``chained_report`` and the scan agree.

The test project is copied to two folders of different depth; each copy is checked with
``manage.py chained_report --deploy`` and ``django-chained scan`` in fresh interpreters.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"
CONSOLE_SCRIPT = Path(sys.executable).with_name("django-chained")
#: Found only inside Django: installed distributions matched against the bundled OSV files, and
#: DEBUG, which the demo settings read from the environment (the scan cannot know it).
ENVIRONMENT_ONLY = {"django_chained.W707", "security.W018"}


def clone(root: Path) -> Path:
    target = root / "testproject"
    shutil.copytree(
        TESTPROJECT, target, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3")
    )
    return target


def report(
    project: Path, out: Path, *baseline: str
) -> dict[str, list[dict[str, object]]]:
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
        "json",
        "-o",
        str(out),
        *baseline,
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
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def scan(
    project: Path, out: Path, *baseline: str
) -> dict[str, list[dict[str, object]]]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    argv = [
        str(CONSOLE_SCRIPT),
        "scan",
        str(project),
        "--no-cache",
        "--format",
        "json",
        "-o",
        str(out),
        *baseline,
    ]
    completed = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(out.read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    first = clone(tmp_path_factory.mktemp("first"))
    second = clone(tmp_path_factory.mktemp("elsewhere") / "much" / "deeper")
    out = tmp_path_factory.mktemp("out")
    return {
        "first": first,
        "second": second,
        "out": out,
        "report": report(first, out / "report.json"),
        "scan": scan(first, out / "scan.json"),
    }


def new(data):
    return [
        (f["id"], f["file"], f["message"])
        for f in data["findings"]
        if f["baseline"] == "new"
    ]


def fingerprints(data, *, skip=frozenset()):
    return {f["fingerprint"] for f in data["findings"] if f["id"] not in skip}


def test_a_report_baseline_holds_in_a_clone_at_another_path(runs):
    again = report(
        runs["second"],
        runs["out"] / "report2.json",
        "--baseline",
        str(runs["out"] / "report.json"),
    )
    assert len(again["findings"]) == len(runs["report"]["findings"]) > 30
    assert new(again) == []


def test_a_scan_baseline_holds_in_a_clone_at_another_path(runs):
    again = scan(
        runs["second"],
        runs["out"] / "scan2.json",
        "--baseline",
        str(runs["out"] / "scan.json"),
    )
    assert len(again["findings"]) == len(runs["scan"]["findings"]) > 30
    assert new(again) == []


def test_a_report_baseline_covers_the_scan_of_another_clone(runs):
    crossed = scan(
        runs["second"],
        runs["out"] / "crossed.json",
        "--baseline",
        str(runs["out"] / "report.json"),
    )
    assert new(crossed) == []


def test_the_scan_and_the_report_give_the_same_fingerprints(runs):
    assert fingerprints(runs["scan"]) == fingerprints(
        runs["report"], skip=ENVIRONMENT_ONLY
    )
