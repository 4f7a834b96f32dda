"""check_sql_injection: the 4xx scan findings as CheckMessages, registered under check --deploy."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.checks import WARNING
from django.core.management import call_command
from django.test import override_settings

from django_chained.checks.sql import check_sql_injection
from django_chained.report.record import Record
from django_chained.scan.findings import REPORTING_ACCEPTED

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


def test_each_positive_fixture_line_reported(scanned, tmp_path):
    with scanned("sql_positive.py"):
        messages = check_sql_injection()
    expected = (FIXTURES / "sql_positive.py").read_text(encoding="utf-8")
    assert len(messages) == expected.count("# expect: W4")
    assert {m.level for m in messages} == {WARNING}
    assert {m.id for m in messages} == {
        "django_chained.W401",
        "django_chained.W402",
        "django_chained.W403",
        "django_chained.W404",
    }
    assert f"{tmp_path / 'sql_positive.py'}:11" in {m.obj for m in messages}


def test_constant_and_bound_sql_report_nothing(scanned):
    with scanned("sql_negative.py"):
        assert check_sql_injection() == []


def test_other_concerns_are_not_reported_here(scanned):
    with scanned("xss_positive.py", "code_positive.py"):
        assert check_sql_injection() == []


def test_accepted_finding_reaches_reports_not_check(scanned, tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "def f(cursor, table):\n"
        "    cursor.execute('SELECT * FROM %s' % table)  # chained: ignore[W401] table is from an enum\n",
        encoding="utf-8",
    )
    with override_settings(
        CHAINED_SCAN_EXCLUDE=[str(FIXTURES.parent.parent)],
        CHAINED_SCAN_PATHS=[str(source)],
    ):
        assert check_sql_injection() == []
        token = REPORTING_ACCEPTED.set(True)
        try:
            (message,) = check_sql_injection()
        finally:
            REPORTING_ACCEPTED.reset(token)
    assert (message.id, message.level) == ("django_chained.W401", WARNING)
    record = Record.from_check_message(message)
    assert (record.accepted, record.accepted_inline) == ("table is from an enum", True)


def test_registered_for_check_deploy(scanned):
    out = StringIO()
    with scanned("sql_positive.py"):
        call_command("check", tags=["django_chained"], stdout=out, stderr=out)
        assert "django_chained.W401" not in out.getvalue()
        call_command(
            "check", deploy=True, tags=["django_chained"], stdout=out, stderr=out
        )
    assert "django_chained.W401" in out.getvalue()
