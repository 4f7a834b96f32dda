"""Colour of the text reports: ``--no-color``/``--force-color``, then ``NO_COLOR``, ``FORCE_COLOR``, ``TERM=dumb``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.checks import Warning
from django.core.checks.registry import registry
from django.core.management import call_command, load_command_class

from django_chained.cli import main
from django_chained.report.colour import wants_colour
from django_chained.report.version import tool_version


@pytest.mark.parametrize(
    ("flags", "environ", "terminal", "expected"),
    [
        ({}, {}, True, True),
        ({}, {}, False, False),
        ({}, {"NO_COLOR": "1"}, True, False),
        (
            {},
            {"NO_COLOR": ""},
            True,
            True,
        ),  # no-color.org: only a non-empty value counts
        ({}, {"TERM": "dumb"}, True, False),
        ({}, {"FORCE_COLOR": "1"}, False, True),
        ({}, {"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
        ({}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ({"force_color": True}, {"NO_COLOR": "1"}, False, True),
        ({"no_color": True}, {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_flags_then_environment_then_terminal(flags, environ, terminal, expected):
    given = {"no_color": False, "force_color": False, **flags}
    assert wants_colour(**given, to_terminal=terminal, environ=environ) is expected


class Terminal(StringIO):
    def isatty(self):
        return True


@pytest.fixture
def risky_view(tmp_path):
    (tmp_path / "views.py").write_text(
        "def v(request, cursor):\n    cursor.execute(f\"SELECT {request.GET['q']}\")\n"
    )
    return tmp_path


def scan_output(path, monkeypatch, *argv):
    out = Terminal()
    monkeypatch.setattr("sys.stdout", out)
    main(["scan", str(path), "--no-cache", *argv])
    return out.getvalue()


def test_scan_on_a_terminal_honours_the_environment(risky_view, monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert "\x1b[" in scan_output(risky_view, monkeypatch)
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b[" not in scan_output(risky_view, monkeypatch)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in scan_output(risky_view, monkeypatch)
    assert "\x1b[" in scan_output(risky_view, monkeypatch, "--force-color")


def test_scan_piped_coloured_only_with_force_color(risky_view, monkeypatch, capsys):
    monkeypatch.delenv("NO_COLOR", raising=False)
    main(["scan", str(risky_view), "--no-cache"])
    assert "\x1b[" not in capsys.readouterr().out
    monkeypatch.setenv("FORCE_COLOR", "1")
    main(["scan", str(risky_view), "--no-cache"])
    assert "\x1b[" in capsys.readouterr().out


def planted_warning(app_configs=None, **kwargs):
    return [Warning("risky", id="django_chained.W998")]


@pytest.fixture
def planted():
    registry.register(planted_warning, "colour_test", deploy=True)
    yield
    registry.deployment_checks.discard(planted_warning)


def report_output(*argv):
    out = StringIO()
    call_command(
        "chained_report",
        "--deploy",
        "--tag=colour_test",
        "--fail-level=ERROR",
        *argv,
        stdout=out,
    )
    return out.getvalue()


def test_chained_report_honours_the_environment(planted, monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert "\x1b[" not in report_output()
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in report_output()
    assert "\x1b[" not in report_output("--no-color")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in report_output()
    assert "\x1b[" in report_output("--force-color")


@pytest.mark.parametrize(
    "name", ["chained_report", "chained_probe", "chained_versions"]
)
def test_every_management_command_prints_our_version(name, capsys):
    parser = load_command_class("django_chained", name).create_parser("manage.py", name)
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"{tool_version()}\n"


@pytest.mark.parametrize("argv", [["--version"], ["scan", "--version"]])
def test_the_scan_prints_our_version(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"django-chained {tool_version()}\n"
