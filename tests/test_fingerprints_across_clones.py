"""A baseline holds in a clone at another path, from any entry point: ``chained_report`` and the scan agree.

The test project is copied to two folders of different depth; each copy is checked with
``manage.py chained_report --deploy`` and ``django-chained scan`` in fresh interpreters.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.report_runs import TESTPROJECT, report, scan

#: Found only inside Django: installed distributions matched against the bundled OSV files, and
#: DEBUG, which the demo settings read from the environment (the scan cannot know it).
ENVIRONMENT_ONLY = {"django_chained.W707", "security.W018"}


def clone(root: Path) -> Path:
    target = root / "testproject"
    shutil.copytree(
        TESTPROJECT, target, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3")
    )
    return target


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
