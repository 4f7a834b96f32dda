"""The planted mistakes in testproject's ``insecure`` app are found at their lines; ``notes`` stays clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from django_chained.scan.engine import scan_paths
from django_chained.scan.sources import build_sources

TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"
INSECURE = TESTPROJECT / "insecure"

# Every Python rule, by the planted code that must trigger it.
PLANTED = [
    ("views.py", "Invoice.objects.get(pk=pk)", "W250"),
    ("views.py", 'request.COOKIES.get("is_admin")', "W251"),
    ("views.py", "cursor.execute(f", "W401"),
    ("views.py", "Invoice.objects.raw(", "W402"),
    ("views.py", "Invoice.objects.extra(", "W403"),
    ("reports.py", "RawSQL(f", "W404"),
    ("views.py", "greeting = mark_safe(", "W301"),
    ("badges.py", "return format_html(f", "W302"),
    ("badges.py", "@mark_safe", "W303"),
    ("badges.py", "@html_safe", "W304"),
    ("views.py", 'return HttpResponse(f"<p>', "W305"),
    ("views.py", 'response.set_cookie("auth_token"', "W150"),
    ("views.py", 'with open(destination, "wb")', "W650"),
    ("views.py", "return FileResponse(open(", "W651"),
]


def line_of(name: str, snippet: str) -> int:
    lines = (INSECURE / name).read_text(encoding="utf-8").splitlines()
    (number,) = [i for i, line in enumerate(lines, start=1) if snippet in line]
    return number


@pytest.fixture(scope="module")
def insecure_findings():
    sources = build_sources([str(INSECURE)], [str(INSECURE / "templates")])
    result = scan_paths(sources.python, sources.templates)
    assert result.problems == ()
    return {(Path(f.path).name, f.line, f.id) for f in result.findings}


@pytest.mark.parametrize(("name", "snippet", "check_id"), PLANTED)
def test_planted_rule_reported_at_its_line(insecure_findings, name, snippet, check_id):
    assert (
        name,
        line_of(name, snippet),
        f"django_chained.{check_id}",
    ) in insecure_findings


def test_secure_code_has_no_findings():
    sources = build_sources(
        [
            str(TESTPROJECT / "notes"),
            str(TESTPROJECT / "testproject" / "settings_hardened.py"),
            str(TESTPROJECT / "testproject" / "urls_hardened.py"),
        ],
        [str(TESTPROJECT / "notes" / "templates"), str(TESTPROJECT / "templates")],
    )
    assert sources.python
    assert sources.templates
    result = scan_paths(sources.python, sources.templates)
    assert (result.findings, result.problems) == ((), ())
