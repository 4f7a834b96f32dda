"""Which findings fail a run: fail level, accepted risks, baseline; the exit codes."""

from __future__ import annotations

from collections import Counter

from django.core.checks import Error, Info, Warning
from django.core.checks.messages import INFO, WARNING

from django_chained.report import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, build_report
from django_chained.report.record import Record

ERROR = Error("broken", obj="a.py:1", id="django_chained.E999")
WARN = Warning("risky", obj="app.views.hook", id="django_chained.W501")


def test_exit_codes_are_distinct():
    assert (EXIT_OK, EXIT_FINDINGS, EXIT_USAGE) == (0, 1, 2)


def test_nothing_found_is_ok():
    report = build_report([])
    assert (report.findings, report.failing, report.exit_code) == ([], [], EXIT_OK)


def test_a_failed_run_exits_1_without_findings():
    report = build_report([], failure="no HTTPS response could be judged")
    assert (report.failing, report.exit_code) == ([], EXIT_FINDINGS)


def test_a_failed_run_fails_even_when_its_findings_are_below_the_fail_level():
    report = build_report([WARN], failure="nothing judged")
    assert report.exit_code == EXIT_FINDINGS


def test_error_fails_at_default_level():
    report = build_report([ERROR, WARN])
    assert [r.id for r in report.failing] == ["django_chained.E999"]
    assert report.exit_code == EXIT_FINDINGS


def test_warning_passes_at_default_level_and_fails_at_warning():
    assert build_report([WARN]).exit_code == EXIT_OK
    assert build_report([WARN], fail_level=WARNING).exit_code == EXIT_FINDINGS


def test_info_fails_only_at_info():
    info = Info("fyi", id="django_chained.I998")
    assert build_report([info], fail_level=WARNING).exit_code == EXIT_OK
    assert build_report([info], fail_level=INFO).exit_code == EXIT_FINDINGS


def test_accepted_risk_does_not_fail():
    report = build_report(
        [WARN],
        fail_level=WARNING,
        accepted_risks={"django_chained.W501": {"app.views.hook": "signed"}},
    )
    assert report.findings == []
    assert [(r.id, r.accepted) for r in report.accepted] == [
        ("django_chained.W501", "signed")
    ]
    assert report.exit_code == EXIT_OK


def test_stale_accepted_risk_is_a_finding():
    report = build_report(
        [], fail_level=WARNING, accepted_risks={"django_chained.W501": {"gone": "x"}}
    )
    assert [r.id for r in report.findings] == ["django_chained.W010"]
    assert report.exit_code == EXIT_FINDINGS


def test_baseline_findings_do_not_fail_new_ones_do():
    known = Record.from_check_message(ERROR)
    report = build_report([ERROR, ERROR], baseline=Counter({known.fingerprint: 1}))
    assert report.baseline_used
    assert report.known == {0}
    assert len(report.failing) == 1


def test_records_pass_through_unchanged():
    record = Record("x.W1", 30, "m", obj="o")
    assert build_report([record]).findings == [record]


def test_counts_by_level_name():
    assert build_report([ERROR, WARN, WARN]).counts() == Counter(
        {"WARNING": 2, "ERROR": 1}
    )


def test_findings_sorted_by_concern_file_line_id_and_message_whatever_the_input_order():
    messages = [
        Warning("other", id="security.W018"),
        Warning("b", obj="z.py:3", id="django_chained.W101"),
        Warning("a", obj="z.py:3", id="django_chained.W101"),
        Warning("csrf", id="security.W003"),
        Warning("early", obj="a.py:9", id="django_chained.W102"),
        Warning("line", obj="a.py:2", id="django_chained.W401"),
        Warning("hsts", id="security.W004"),
    ]
    expected = [
        ("security.W004", "hsts"),
        ("django_chained.W102", "early"),
        ("django_chained.W101", "a"),
        ("django_chained.W101", "b"),
        ("django_chained.W401", "line"),
        ("security.W003", "csrf"),
        ("security.W018", "other"),
    ]
    for order in (messages, messages[::-1], messages[3:] + messages[:3]):
        report = build_report(order)
        assert [(r.id, r.message) for r in report.findings] == expected


def test_accepted_findings_sorted_too():
    risks = {"django_chained.W501": {"": "known"}}
    first = Warning("z", id="django_chained.W501")
    second = Warning("a", id="django_chained.W501")
    report = build_report([first, second], accepted_risks=risks)
    assert [r.message for r in report.accepted] == ["a", "z"]
