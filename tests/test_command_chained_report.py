"""``manage.py chained_report``: the checks as a text/JSON/SARIF report with CI exit codes."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.checks import CheckMessage, Error, Info, Warning
from django.core.checks.registry import registry
from django.core.management import CommandError, call_command
from django.test import override_settings

TAG = "chained_report_test"
FOUND: list[CheckMessage] = []


def planted_check(app_configs=None, **kwargs):
    return list(FOUND)


@pytest.fixture(autouse=True)
def planted():
    """A check tagged TAG (deploy-only) returning whatever FOUND holds."""
    registry.register(planted_check, TAG, deploy=True)
    FOUND[:] = []
    yield FOUND
    registry.deployment_checks.discard(planted_check)
    registry.registered_checks.discard(planted_check)


def report(*args, fail_level="ERROR", **options):
    """The report at Django's ERROR level unless told otherwise, so planted warnings do not end the run."""
    out = StringIO()
    call_command(
        "chained_report",
        *args,
        stdout=out,
        stderr=StringIO(),
        fail_level=fail_level,
        **options,
    )
    return out.getvalue()


def test_clean_run_passes(planted):
    text = report(deploy=True, tags=[TAG], fail_level="WARNING")
    assert text.endswith("\nOK: no new finding at or above WARNING.\n")


def test_run_without_deploy_says_deployment_checks_did_not_run():
    text = report(tags=["django_chained"])
    assert "Note: Deployment checks were not run" in text


def test_deploy_run_has_no_such_note(planted):
    assert "Deployment checks were not run" not in report(deploy=True, tags=[TAG])


def test_deploy_checks_need_deploy(planted):
    """Like ``check``: without --deploy a deploy-only tag does not exist."""
    planted.append(Error("broken", id="django_chained.E999"))
    with pytest.raises(CommandError) as raised:
        report(tags=[TAG])
    assert raised.value.returncode == 2


def test_error_fails_with_status_1(planted):
    planted.append(Error("broken", obj="app/views.py:3", id="django_chained.E999"))
    with pytest.raises(CommandError, match="1 new finding") as raised:
        report(deploy=True, tags=[TAG])
    assert raised.value.returncode == 1


def test_warning_fails_by_default_saying_how_to_accept_or_baseline_it(planted):
    planted.append(Warning("risky", id="django_chained.W998"))
    planted.append(Warning("risky", obj="a.py:1", id="django_chained.W998"))
    assert "W998" in report(deploy=True, tags=[TAG])
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("chained_report", "--deploy", f"--tag={TAG}", stdout=out)
    assert raised.value.returncode == 1
    assert str(raised.value).startswith(
        "2 new findings at or above WARNING (django_chained.W998 x2). Fix, or accept each"
    )
    last = out.getvalue().splitlines()[-1]
    assert last == "FAILED: " + str(raised.value)
    assert "CHAINED_ACCEPTED_RISKS" in last and "--baseline baseline.json" in last


@pytest.mark.parametrize(
    ("given", "fails"),
    [("warning", False), ("Warning", False), ("info", True), ("Info", True)],
)
def test_fail_level_in_any_case(planted, given, fails):
    planted.append(Info("noted", id="django_chained.I998"))
    out = StringIO()
    argv = ["--deploy", f"--tag={TAG}", f"--fail-level={given}"]
    if fails:
        with pytest.raises(CommandError, match="1 new finding at or above INFO"):
            call_command("chained_report", *argv, stdout=out)
    else:
        call_command("chained_report", *argv, stdout=out)
        assert out.getvalue().endswith("OK: no new finding at or above WARNING.\n")


def test_unknown_fail_level_is_a_usage_error():
    with pytest.raises(CommandError, match="invalid choice: 'LOUD'"):
        call_command("chained_report", "--fail-level=loud", stdout=StringIO())


def test_unknown_tag_is_a_usage_error():
    with pytest.raises(
        CommandError, match="no system check with the 'nope' tag"
    ) as raised:
        report(tags=["nope"])
    assert raised.value.returncode == 2


def test_unknown_app_label_is_a_usage_error():
    with pytest.raises(CommandError) as raised:
        report("no_such_app")
    assert raised.value.returncode == 2


def test_app_label_selects_app_configs(planted):
    assert "OK:" in report("tests", deploy=True, tags=[TAG])


def test_json_to_file(planted, tmp_path):
    planted.append(Warning("risky", obj="app/views.py:7", id="django_chained.W401"))
    out = tmp_path / "report.json"
    assert report(deploy=True, tags=[TAG], format="json", output=out) == ""
    data = json.loads(out.read_text())
    assert [
        (f["id"], f["file"], f["line"], f["concern"]) for f in data["findings"]
    ] == [("django_chained.W401", "app/views.py", 7, 4)]


def test_sarif_to_stdout(planted):
    planted.append(Warning("risky", obj="app/views.py:7", id="django_chained.W401"))
    data = json.loads(report(deploy=True, tags=[TAG], format="sarif"))
    assert data["runs"][0]["results"][0]["ruleId"] == "django_chained.W401"


def test_baseline_lets_known_findings_pass(planted, tmp_path):
    planted.append(Error("broken", obj="app/views.py:3", id="django_chained.E999"))
    baseline = tmp_path / "baseline.json"
    with pytest.raises(CommandError):
        report(deploy=True, tags=[TAG], format="json", output=baseline)
    planted[0] = Error(
        "broken", obj="app/views.py:5", id="django_chained.E999"
    )  # moved two lines down
    assert "OK:" in report(deploy=True, tags=[TAG], baseline=baseline)
    planted.append(Error("new breakage", id="django_chained.E999"))
    with pytest.raises(CommandError, match="1 new finding"):
        report(deploy=True, tags=[TAG], baseline=baseline)


def test_unreadable_baseline_is_a_usage_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read baseline") as raised:
        report(deploy=True, tags=[TAG], baseline=tmp_path / "absent.json")
    assert raised.value.returncode == 2


@override_settings(
    CHAINED_ACCEPTED_RISKS={
        "django_chained.E999": {"app.views.webhook": "HMAC-signed webhook"}
    }
)
def test_accepted_risk_reported_with_reason_and_not_failing(planted):
    planted.append(
        Error("csrf_exempt", obj="app.views.webhook", id="django_chained.E999")
    )
    text = report(deploy=True, tags=[TAG])
    assert (
        "Accepted risks: 1\n  django_chained.E999 app.views.webhook: HMAC-signed webhook"
        in text
    )
    assert "OK:" in text


@override_settings(
    CHAINED_ACCEPTED_RISKS={"django_chained.E999": {"": "HSTS set by the proxy"}}
)
def test_settings_level_finding_accepted_with_the_empty_key(planted):
    planted.append(Error("no HSTS", id="django_chained.E999"))
    text = report(deploy=True, tags=[TAG])
    assert "Accepted risks: 1\n  django_chained.E999: HSTS set by the proxy" in text
    assert "W010" not in text


@override_settings(
    CHAINED_ACCEPTED_RISKS={"django_chained.W998": {"app.views.gone": "old"}}
)
def test_stale_accepted_risk_not_judged_on_partial_runs(planted):
    assert "W010" not in report(deploy=True, tags=[TAG])


@override_settings(
    CHAINED_ACCEPTED_RISKS={"django_chained.W998": {"app.views.gone": "old"}}
)
def test_stale_accepted_risk_reported_on_full_deploy_runs():
    text = report(deploy=True)
    assert "django_chained.W010 WARNING app.views.gone" in text


@override_settings(
    CHAINED_ACCEPTED_RISKS={
        "django_chained.W175": {"https://example.com/": "proxy strips it"}
    }
)
def test_stale_entry_of_a_probe_only_id_not_reported():
    """Only chained_probe reports W175: a report of the checks cannot tell the entry is stale."""
    assert "W010" not in report(deploy=True)


@override_settings(
    CHAINED_ACCEPTED_RISKS={"django_chained.W998": {"app.views.gone": "old"}},
    SILENCED_SYSTEM_CHECKS=["django_chained.W998"],
)
def test_stale_entry_of_a_silenced_id_not_reported():
    assert "W010" not in report(deploy=True)


@override_settings(SILENCED_SYSTEM_CHECKS=["django_chained.W998"])
def test_silenced_ids_left_out(planted):
    planted.append(Warning("risky", id="django_chained.W998"))
    assert "W998" not in report(deploy=True, tags=[TAG])


def test_includes_djangos_security_checks():
    assert re.search(r"^  security\.W\d{3} WARNING", report(deploy=True), re.MULTILINE)


def test_no_colour_when_asked(planted):
    planted.append(Warning("risky", id="django_chained.W998"))
    assert "\x1b[" not in report(deploy=True, tags=[TAG], no_color=True)
    assert "\x1b[" in report(deploy=True, tags=[TAG], force_color=True)


def test_progress_only_on_a_terminal(planted, capsys):
    class Terminal(StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    import sys

    saved, sys.stderr = sys.stderr, terminal
    try:
        report(deploy=True, tags=[TAG])
    finally:
        sys.stderr = saved
    assert "planted_check" in terminal.getvalue()
    assert "1 checks in" in terminal.getvalue()
    report(deploy=True, tags=[TAG])
    assert capsys.readouterr().err == ""


def test_settings_level_findings_placed_at_their_setting_in_sarif(planted):
    planted.append(Warning("INSTALLED_APPS lacks something.", id="django_chained.W998"))
    planted.append(Warning("Nothing named here.", id="django_chained.W997"))
    planted.append(
        Warning("Has an object.", obj="tests.views.x", id="django_chained.W996")
    )
    data = json.loads(report(deploy=True, tags=[TAG], format="sarif"))
    places = {
        r["ruleId"]: r["locations"][0].get("physicalLocation")
        for r in data["runs"][0]["results"]
    }
    assert places["django_chained.W998"]["artifactLocation"]["uri"].endswith(
        "tests/settings.py"
    )
    assert places["django_chained.W998"]["region"] == {"startLine": 7}
    assert places["django_chained.W997"]["region"] == {"startLine": 1}
    assert places["django_chained.W996"] is None  # a logical location, untouched


def test_placing_a_settings_level_finding_keeps_its_fingerprint(planted):
    from django_chained.report import Record

    message = Warning("INSTALLED_APPS lacks something.", id="django_chained.W998")
    planted.append(message)
    (finding,) = json.loads(report(deploy=True, tags=[TAG], format="json"))["findings"]
    assert finding["line"] == 7 and finding["obj"] is None
    assert finding["fingerprint"] == Record.from_check_message(message).fingerprint
