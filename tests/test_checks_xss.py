"""check_xss: the 3xx scan findings (Python code and templates) as CheckMessages."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from django_chained.checks.xss import check_xss

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


def test_python_findings(scanned):
    with scanned("xss_positive.py"):
        messages = check_xss()
    assert {m.id for m in messages} == {
        "django_chained.W301",
        "django_chained.W302",
        "django_chained.W303",
        "django_chained.W304",
        "django_chained.W305",
        "django_chained.I306",
        "django_chained.I307",
    }
    expected = (FIXTURES / "xss_positive.py").read_text(encoding="utf-8")
    assert len(messages) == expected.count("# expect: W3") + expected.count(
        "# expect: I3"
    )


def test_escaped_and_constant_markup_reports_nothing(scanned):
    with scanned("xss_negative.py"):
        assert check_xss() == []


def test_template_findings_are_included(scanned, tmp_path):
    with scanned(template="<p>{{ bio|safe }}</p>\n"):
        messages = check_xss()
    assert messages
    assert all(
        m.obj.startswith(str(tmp_path / "templates" / "page.html")) for m in messages
    )
    assert all((m.id or "")[-3] == "3" for m in messages)


def test_other_concerns_are_not_reported_here(scanned):
    with scanned("sql_positive.py", "code_positive.py"):
        assert check_xss() == []


def test_registered_for_check_deploy(scanned):
    out = StringIO()
    with scanned("xss_positive.py"):
        call_command(
            "check", deploy=True, tags=["django_chained"], stdout=out, stderr=out
        )
    assert "django_chained.W303" in out.getvalue()
