"""check_xss: the 3xx scan findings (Python code and templates) as CheckMessages."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from django_chained.checks.xss import check_xss

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


@pytest.fixture
def scanned(tmp_path):
    def use(*names, template=None):
        paths = []
        for name in names:
            copy = tmp_path / name
            copy.write_bytes((FIXTURES / name).read_bytes())
            paths.append(str(copy))
        if template is not None:
            folder = tmp_path / "templates"
            folder.mkdir(exist_ok=True)
            (folder / "page.html").write_text(template, encoding="utf-8")
            paths.append(str(folder / "page.html"))
        return override_settings(
            CHAINED_SCAN_EXCLUDE=[str(FIXTURES.parent.parent)],
            CHAINED_SCAN_PATHS=paths,
        )

    return use


def test_python_findings(scanned):
    with scanned("xss_positive.py"):
        messages = check_xss()
    assert {m.id for m in messages} == {
        "django_chained.W301",
        "django_chained.W302",
        "django_chained.W303",
        "django_chained.W304",
        "django_chained.W305",
    }
    expected = (FIXTURES / "xss_positive.py").read_text(encoding="utf-8")
    assert len(messages) == expected.count("# expect: W3")


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
