"""The report options shared by ``chained_report``, ``chained_probe`` and ``django-chained scan``."""

from __future__ import annotations

import argparse
import json
from io import StringIO

import pytest
from django.core.checks import Error, Warning
from django.core.management import CommandError, call_command
from django.core.management.color import color_style

from django_chained.cli import build_parser
from django_chained.report import BaselineError, build_report
from django_chained.report.options import (
    OutputError,
    ReportOptions,
    absolute_uri,
    add_report_arguments,
)


def _parse(*argv):
    parser = argparse.ArgumentParser()
    add_report_arguments(parser)
    return vars(parser.parse_args(argv))


def test_defaults():
    options = ReportOptions.load(_parse())
    assert options == ReportOptions("text", None, "WARNING", None, None)
    assert options.fail_level == 30


@pytest.mark.parametrize("given", ["error", "Error", "ERROR", "eRRoR"])
def test_fail_level_in_any_case(given):
    assert ReportOptions.load(_parse("--fail-level", given)).fail_level_name == "ERROR"


def test_unknown_fail_level_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        _parse("--fail-level", "loud")
    assert exited.value.code == 2
    assert "invalid choice: 'LOUD'" in capsys.readouterr().err


def test_every_command_declares_the_same_options():
    shared = {
        "--format",
        "--output",
        "--fail-level",
        "--baseline",
        "--help-uri-base",
        "--root",
    }
    scan = vars(
        build_parser().parse_args(["scan", ".", "--help-uri-base", "https://x.org/"])
    )
    assert scan["help_uri_base"] == "https://x.org/"
    assert ReportOptions.load(scan) == ReportOptions(
        "text", None, "WARNING", None, "https://x.org/"
    )
    for name in ("chained_report", "chained_probe"):
        from django.core.management import load_command_class

        parser = load_command_class("django_chained", name).create_parser(
            "manage.py", name
        )
        assert shared <= set(parser._option_string_actions), name


def test_help_uri_base_must_be_absolute(capsys):
    assert absolute_uri("https://example.com/docs/") == "https://example.com/docs/"
    with pytest.raises(argparse.ArgumentTypeError, match="not an absolute URI"):
        absolute_uri("README.rst")
    with pytest.raises(SystemExit) as exited:
        _parse("--help-uri-base", "docs/README.html")
    assert exited.value.code == 2
    assert "not an absolute URI" in capsys.readouterr().err


def test_unreadable_baseline(tmp_path):
    missing = tmp_path / "none.json"
    with pytest.raises(BaselineError):
        ReportOptions.load(_parse("--baseline", str(missing)))
    with pytest.raises(CommandError) as raised:
        ReportOptions.for_command(_parse("--baseline", str(missing)))
    assert raised.value.returncode == 2


def test_finish_writes_and_returns_the_exit_status(tmp_path):
    out = StringIO()
    options = ReportOptions.load(_parse("--format", "json"))
    assert options.finish(build_report([Warning("w", id="x.W1")]), out) == 0
    assert json.loads(out.getvalue())["findings"][0]["id"] == "x.W1"
    target = tmp_path / "r.txt"
    options = ReportOptions.load(_parse("--output", str(target)))
    assert (
        options.finish(
            build_report([Error("e", id="x.E1")]), out, color_style(force_color=True)
        )
        == 1
    )
    assert "\x1b[" not in target.read_text()  # files are never coloured


def test_finish_command_raises_with_status_1():
    options = ReportOptions.load(_parse("--fail-level", "WARNING"))
    with pytest.raises(CommandError, match="1 new finding") as raised:
        options.finish_command(
            build_report([Warning("w", id="x.W1")], fail_level=options.fail_level),
            StringIO(),
        )
    assert raised.value.returncode == 1
    options.finish_command(build_report([]), StringIO())


def test_sarif_help_uri_base_reaches_the_rules(tmp_path):
    out = StringIO()
    options = ReportOptions.load(
        _parse("--format", "sarif", "--help-uri-base", "https://example.com/readme")
    )
    options.finish(build_report([Warning("w", id="django_chained.W401")]), out)
    rule = json.loads(out.getvalue())["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["helpUri"] == (
        "https://example.com/readme/checks.html#django-chained-w401"
    )


def test_chained_report_relative_help_uri_base_is_a_usage_error():
    with pytest.raises(CommandError, match="not an absolute URI"):
        call_command(
            "chained_report", "--help-uri-base", "README.rst", stdout=StringIO()
        )


def test_unwritable_output_is_a_usage_error_not_a_finding(tmp_path):
    """Exit status 1 means findings: a report that cannot be written must not look like one."""
    options = ReportOptions.load(
        _parse("--output", str(tmp_path / "absent" / "r.json"))
    )
    with pytest.raises(OutputError, match="cannot write --output"):
        options.finish(build_report([]), StringIO())
    with pytest.raises(CommandError) as raised:
        options.finish_command(build_report([]), StringIO())
    assert raised.value.returncode == 2
