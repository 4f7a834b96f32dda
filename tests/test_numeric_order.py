"""Findings in one file are listed by line as a number (81 before 312) by every entry point and format."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.color import color_style, no_style
from django.test import override_settings

from django_chained.cli import main
from django_chained.management.numeric_order import (
    NumericallyOrdered,
    numeric_key,
    numerically_ordered_style,
)

TESTS = Path(__file__).resolve().parent
RISKY = "def lookup{n}(cursor, q):\n    cursor.execute(f\"SELECT * FROM t WHERE name = '{{q}}'\")\n"
FORMATS = ("text", "json", "sarif")


def source_with_findings_at(*lines: int) -> str:
    """A module whose ``cursor.execute()`` W401 findings are at exactly ``lines``."""
    text = ""
    for n, line in enumerate(lines):
        text += "\n" * (line - 2 - text.count("\n")) + RISKY.format(n=n)
    return text


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        source_with_findings_at(81, 312), encoding="utf-8"
    )
    return tmp_path


def lines_in_order(output: str, *lines: int) -> bool:
    """Whether ``views.py:N`` of each of ``lines`` first appears in this order."""
    found = [output.index(f"views.py:{line}") for line in lines]
    return found == sorted(found)


def located_lines(fmt: str, output: str) -> list[int]:
    """The line of each finding in views.py, in the report's order (JSON or SARIF)."""
    data = json.loads(output)
    if fmt == "json":
        return [f["line"] for f in data["findings"] if f["file"] == "app/views.py"]
    places = [
        result["locations"][0]["physicalLocation"]
        for result in data["runs"][0]["results"]
        if "physicalLocation" in result.get("locations", [{}])[0]
    ]
    return [
        place["region"]["startLine"]
        for place in places
        if place["artifactLocation"]["uri"].endswith("app/views.py")
    ]


def test_fixture_puts_the_findings_at_the_lines_asked(project):
    lines = (project / "app" / "views.py").read_text().splitlines()
    assert [i for i, text in enumerate(lines, 1) if "execute" in text] == [81, 312]


def test_check_lists_line_81_before_line_312(project):
    err = StringIO()
    with override_settings(
        CHAINED_SCAN_EXCLUDE=[str(TESTS)], CHAINED_SCAN_PATHS=[str(project)]
    ):
        call_command(
            "check", deploy=True, tags=["django_chained"], stdout=StringIO(), stderr=err
        )
    assert "views.py:312: (django_chained.W401)" in err.getvalue()
    assert lines_in_order(err.getvalue(), 81, 312)


@pytest.mark.parametrize("fmt", FORMATS)
def test_chained_report_lists_line_81_before_line_312(project, fmt):
    out = StringIO()
    with override_settings(
        CHAINED_SCAN_EXCLUDE=[str(TESTS)],
        CHAINED_SCAN_PATHS=[str(project)],
        BASE_DIR=project,
    ):
        call_command(
            "chained_report",
            deploy=True,
            tags=["django_chained"],
            format=fmt,
            fail_level="CRITICAL",
            stdout=out,
        )
    if fmt == "text":
        assert lines_in_order(out.getvalue(), 81, 312)
    else:
        assert located_lines(fmt, out.getvalue()) == [81, 312]


@pytest.mark.parametrize("fmt", FORMATS)
def test_scan_lists_line_81_before_line_312(project, fmt, capsys):
    main(["scan", str(project), "--no-cache", "--format", fmt])
    out = capsys.readouterr().out
    if fmt == "text":
        assert lines_in_order(out, 81, 312)
    else:
        assert located_lines(fmt, out) == [81, 312]


def test_numbers_compare_as_numbers_and_text_as_text():
    painted = [
        "b.py:9: x",
        "a.py:312: x",
        "a.py:81: y",
        "a.py:81: x",
        "?: (W2) z",
        "?: (W10) z",
    ]
    assert sorted(NumericallyOrdered(text) for text in painted) == [
        "?: (W2) z", "?: (W10) z", "a.py:81: x", "a.py:81: y", "a.py:312: x", "b.py:9: x",
    ]  # fmt: skip
    assert numeric_key("a007") != numeric_key("a7"), (
        "equal numbers written apart stay apart"
    )


@pytest.mark.parametrize("style", [no_style(), color_style(force_color=True)])
def test_ordered_style_paints_as_the_original_does(style):
    ordered = numerically_ordered_style(style)
    for role in ("ERROR", "WARNING", "SUCCESS", "MIGRATE_HEADING"):
        assert getattr(ordered, role)("x.py:1") == getattr(style, role)("x.py:1")
    assert sorted([ordered.WARNING("a.py:312"), ordered.WARNING("a.py:81")]) == [
        style.WARNING("a.py:81"),
        style.WARNING("a.py:312"),
    ]
