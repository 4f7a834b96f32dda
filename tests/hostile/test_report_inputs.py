"""Hostile report inputs: baselines, the scan cache and OSV files of odd shapes give a message, never a traceback.

A bad ``--baseline`` ends ``django-chained scan`` with exit 2 and a message naming the file; a scan cache of
the wrong shape is silently rebuilt; an odd OSV file is ``django_chained.E708`` naming the file.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from django_chained.cli import main
from django_chained.report import EXIT_USAGE
from django_chained.report.baseline import BaselineError, load_baseline
from django_chained.scan import scan_paths
from django_chained.versions import osv
from tests.hostile.scan_harness import write_tree

RISKY = "from django.utils.safestring import mark_safe\n\n\ndef v(request):\n    return mark_safe(request.GET['q'])\n"
ENTRY = {"id": "django_chained.W301", "level": "WARNING", "message": "m", "obj": "a.py:3", "file": "a.py", "line": 3}  # fmt: skip
DEEP = "[" * 100_000 + "]" * 100_000


def report(*entries: Any) -> str:
    return json.dumps({"findings": list(entries)})


BAD_BASELINES = {
    "fingerprint-list": report({**ENTRY, "fingerprint": ["a"]}),
    "fingerprint-int": report({**ENTRY, "fingerprint": 5}),
    "fingerprint-dict": report({**ENTRY, "fingerprint": {"a": 1}}),
    "deep": DEEP,
    "deep-findings": json.dumps({"findings": None}).replace("null", DEEP),
    "entry-int": report(5),
    "entry-list": report([ENTRY]),
    "obj-list": report({**ENTRY, "obj": ["a.py:3"], "file": None}),
    "file-int": report({**ENTRY, "file": 5}),
    "message-dict": report({**ENTRY, "message": {"a": 1}}),
    "line-str": report({**ENTRY, "line": "3"}),
    "findings-str": json.dumps({"findings": "abc"}),
    "top-level-str": json.dumps("findings"),
}


@pytest.mark.parametrize("content", BAD_BASELINES.values(), ids=BAD_BASELINES.keys())
def test_bad_baseline_is_a_baseline_error(tmp_path, content):
    path = tmp_path / "base.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError, match=r"base\.json"):
        load_baseline(path)


@pytest.mark.parametrize("name", ["fingerprint-list", "deep", "obj-list"])
def test_bad_baseline_exits_2_with_a_message(tmp_path, name):
    tree = write_tree(tmp_path / "tree", {"app/views.py": RISKY})
    baseline = tmp_path / "base.json"
    baseline.write_text(BAD_BASELINES[name], encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["scan", str(tree), "--no-cache", "--baseline", str(baseline)])
    assert code == EXIT_USAGE
    assert stderr.getvalue().startswith(f"django-chained: {baseline}")
    assert "Traceback" not in stderr.getvalue()


def test_good_baseline_with_odd_but_valid_entries_still_loads(tmp_path):
    path = tmp_path / "base.json"
    path.write_text(
        report({**ENTRY, "fingerprint": None}, {**ENTRY, "fingerprint": "f1"}),
        encoding="utf-8",
    )
    counts = load_baseline(path)
    assert counts["f1"] == 1
    assert sum(counts.values()) == 2


def _cache_file(cache: Path) -> Path:
    (found,) = cache.iterdir()
    return found


WRONG_ENTRIES: dict[str, Any] = {
    "int": 5,
    "string": "abc",
    "empty-list": [],
    "short": [1],
    "dict": {"a": 1},
    "stamp-of-lists": [[], [], [], None],
    "rows-int": ["STAMP", 5, None],
    "row-wrong-types": ["STAMP", [[5, "x", [], {}, "WARNING", 3, "y", 7]], None],
    "problem-wrong-types": [
        "STAMP",
        [],
        [None, None, None, None, None, None, None, None],
    ],
    "problem-int": ["STAMP", [], 5],
}


def _with_stamp(entry: Any, stamp: list[Any]) -> Any:
    if isinstance(entry, list) and entry[:1] == ["STAMP"]:
        return [*stamp, *entry[1:]]
    return entry


@pytest.mark.parametrize("entry", WRONG_ENTRIES.values(), ids=WRONG_ENTRIES.keys())
def test_cache_entry_of_the_wrong_shape_is_rescanned(tmp_path, entry):
    path = write_tree(tmp_path, {"x.py": RISKY}) / "x.py"
    cache = tmp_path / "cache"
    first = scan_paths([str(path)], cache_dir=cache)
    cache_file = _cache_file(cache)
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    ((key, good),) = data["files"].items()
    data["files"][key] = _with_stamp(entry, good[:2])
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    again = scan_paths([str(path)], cache_dir=cache)
    assert (again.parsed, again.findings) == (1, first.findings)
    # Rebuilt: the next run takes the file from the cache again.
    assert scan_paths([str(path)], cache_dir=cache).parsed == 0


@pytest.mark.parametrize(
    "content",
    [
        DEEP,
        json.dumps({"engine": None, "files": None}).replace("null", DEEP),
        "[1]",
        '"x"',
        "5",
    ],
    ids=["deep", "deep-inside", "list", "string", "number"],
)
def test_cache_file_of_the_wrong_shape_is_rebuilt(tmp_path, content):
    path = write_tree(tmp_path, {"x.py": RISKY}) / "x.py"
    cache = tmp_path / "cache"
    first = scan_paths([str(path)], cache_dir=cache)
    _cache_file(cache).write_text(content, encoding="utf-8")
    again = scan_paths([str(path)], cache_dir=cache)
    assert (again.parsed, again.findings) == (1, first.findings)
    assert scan_paths([str(path)], cache_dir=cache).parsed == 0


PYPI_DJANGO = {"ecosystem": "PyPI", "name": "django"}


def advisory(**fields: Any) -> str:
    return json.dumps({"id": "X-1", **fields})


def django_range(*events: Any) -> str:
    return advisory(
        affected=[
            {
                "package": PYPI_DJANGO,
                "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
            }
        ]
    )


#: Each odd OSV file, and what the one problem reported for it says after the file's name.
ODD_ADVISORIES = {
    "deep": (DEEP, "JSON nested too deeply to read"),
    "list-of-ints": ("[1, 2]", "[0]: not an OSV advisory"),
    "id-int": (json.dumps({"id": 5}), "not an OSV advisory"),
    "affected-int": (advisory(affected=5), "affected: expected a list, got a number 5"),
    "package-str": (advisory(affected=[{"package": "django"}]), "affected[0].package: expected an object"),
    "ranges-str": (advisory(affected=[{"package": PYPI_DJANGO, "ranges": "x"}]), "affected[0].ranges: expected a list"),
    "events-of-lists": (django_range([]), "events[0]: expected an object, got a list"),
    "introduced-int": (django_range({"introduced": 5}), "events[0].introduced: expected a string, got a number 5"),
    "fixed-huge": (django_range({"introduced": "0"}, {"fixed": "9" * 5000}), "is not a version; range skipped"),
    "versions-ints": (advisory(affected=[{"package": PYPI_DJANGO, "versions": [5]}]), "versions[0]: expected a string"),
    "aliases-dict": (advisory(aliases={"a": 1}), "aliases: expected a list, got an object"),
    "summary-list": (advisory(summary=["a"]), "summary: expected a string, got a list"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("content", "says"), ODD_ADVISORIES.values(), ids=ODD_ADVISORIES.keys()
)
def test_odd_osv_file_is_one_problem_naming_the_file_and_the_part(
    tmp_path, content, says
):
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    _, problems = osv.load([str(path)])
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}: ")
    assert says in problems[0]


def versions_problems(paths: list[str]) -> list[str]:
    """The ``django_chained.E708`` messages of ``chained_versions --format json``."""
    out = io.StringIO()
    with override_settings(CHAINED_ADVISORY_PATHS=paths):
        call_command("chained_versions", "--django-version", "5.2", "--today", "2025-06-01", "--format", "json", stdout=out)  # fmt: skip
    messages = json.loads(out.getvalue())["messages"]
    return [m["msg"] for m in messages if m["id"] == "django_chained.E708"]


def test_odd_osv_file_is_e708_in_chained_versions(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text(DEEP, encoding="utf-8")
    (problem,) = versions_problems([str(path)])
    assert f"{path}: JSON nested too deeply to read" in problem


def test_osv_folder_with_special_entries_is_e708_per_entry(tmp_path):
    folder = tmp_path / "osv"
    (folder / "folder.json").mkdir(parents=True)
    (folder / "good.json").write_text(json.dumps({"id": "X-1"}), encoding="utf-8")
    (problem,) = versions_problems([str(folder)])
    assert "folder.json" in problem
    assert "not a regular file" in problem
