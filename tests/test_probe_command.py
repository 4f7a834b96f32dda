"""``manage.py chained_probe``: options, report formats, exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.servers import StubSite, free_port
from tests.trickling_site import TricklingSite

PAGE = (200, [("X-Frame-Options", "DENY")], b"<html>hello</html>")


@pytest.fixture
def plain_site():
    with StubSite({"/": PAGE}) as site:
        yield site


def probe(*args):
    """The report at Django's ERROR level unless ``--fail-level`` is given, so the stub's warnings do not end the run."""
    out = StringIO()
    level = () if "--fail-level" in args else ("--fail-level", "ERROR")
    call_command("chained_probe", *args, *level, stdout=out)
    return out.getvalue()


def probe_args(site):
    return [f"http://127.0.0.1:{site.port}/", "--https-port", str(free_port())]


def test_json_report_lists_the_findings(plain_site):
    args = probe_args(plain_site)
    report = json.loads(probe(*args, "--format", "json"))
    assert report["source"] == "chained_probe"
    assert report["exit_code"] == 0
    assert [f["id"] for f in report["findings"]] == [
        "django_chained.W160",
        "django_chained.W163",
        "django_chained.W177",
        "django_chained.W178",
    ]
    assert report["notes"] == [
        f"probed 127.0.0.1: HTTPS port {args[2]}, HTTP port {plain_site.port}"
    ]


def test_text_report_groups_by_concern(plain_site):
    text = probe(*probe_args(plain_site))
    assert "HTTPS deployment (1xx): 4 warnings" in text
    assert "django_chained.W160 WARNING" in text
    assert "OK: no new finding at or above ERROR." in text


def test_sarif_report(plain_site, tmp_path):
    output = tmp_path / "probe.sarif"
    assert probe(*probe_args(plain_site), "--format", "sarif", "-o", str(output)) == ""
    sarif = json.loads(output.read_text())
    assert sarif["version"] == "2.1.0"


def test_warnings_fail_by_default(plain_site):
    with pytest.raises(
        CommandError, match=r"4 new findings at or above WARNING"
    ) as caught:
        call_command("chained_probe", *probe_args(plain_site), stdout=StringIO())
    assert caught.value.returncode == 1


def test_baseline_keeps_known_findings_from_failing(plain_site, tmp_path):
    baseline = tmp_path / "baseline.json"
    args = probe_args(plain_site)
    baseline.write_text(probe(*args, "--format", "json"))
    text = probe(*args, "--fail-level", "WARNING", "--baseline", str(baseline))
    assert "(in baseline)" in text


@override_settings(
    SILENCED_SYSTEM_CHECKS=["django_chained.W177", "django_chained.W178"]
)
def test_silenced_ids_are_left_out(plain_site):
    report = json.loads(probe(*probe_args(plain_site), "--format", "json"))
    assert [f["id"] for f in report["findings"]] == [
        "django_chained.W160",
        "django_chained.W163",
    ]


def test_accepted_risks_are_reported_as_accepted(plain_site):
    url = f"http://127.0.0.1:{plain_site.port}/"
    risks = {"django_chained.W160": {url: "intranet only, no TLS by policy"}}
    with override_settings(CHAINED_ACCEPTED_RISKS=risks):
        report = json.loads(probe(*probe_args(plain_site), "--format", "json"))
    assert [a["accepted"] for a in report["accepted"]] == [
        "intranet only, no TLS by policy"
    ]
    assert "django_chained.W160" not in {f["id"] for f in report["findings"]}


@pytest.mark.parametrize(
    "args",
    [
        ["ftp://example.com/"],
        ["https://example.com/", "--timeout", "0"],
        ["https://example.com/", "--cafile", "/no/such/ca.pem"],
        ["https://example.com/", "--baseline", "/no/such/baseline.json"],
    ],
)
def test_bad_input_exits_2(args):
    with pytest.raises(CommandError) as caught:
        probe(*args)
    assert caught.value.returncode == 2


def test_unreachable_site_exits_2():
    with pytest.raises(CommandError, match="neither HTTPS nor plain HTTP") as caught:
        probe(f"https://127.0.0.1:{free_port()}/", "--http-port", str(free_port()))
    assert caught.value.returncode == 2


def test_a_trickling_server_is_not_judged_and_fails_the_run():
    """Headers trickled one line at a time never complete a request: nothing was checked, so the run fails."""
    with (
        TricklingSite(interval=0.1, lines=60) as site,
        pytest.raises(CommandError, match="no HTTP response could be judged") as caught,
    ):
        probe(
            f"http://127.0.0.1:{site.port}/",
            *("--https-port", str(free_port()), "--timeout", "0.5"),
        )
    assert caught.value.returncode == 1
