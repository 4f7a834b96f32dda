"""A site that answers with nothing readable is reported as unjudged (W173) and fails the run, never passes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
import trustme
from django.core.management import CommandError, call_command

from django_chained.probe import messages as m
from django_chained.probe.project import ProjectFacts
from django_chained.probe.runner import PAGE_CHECKS, run_probe
from django_chained.probe.target import Target
from tests.raw_site import RawSite, sends, trickles
from tests.servers import StubSite, free_port, issue, server_context

UNREADABLE = {
    "garbage": (sends(b"\x00\xff\xfe garbage\r\n\r\n"), "not an HTTP/1.x response"),
    "HTTP/0.9": (sends(b"<html>no status line</html>"), "not an HTTP/1.x response"),
    "10,000 headers": (
        sends(b"HTTP/1.1 200 OK\r\n" + b"X-Many: yes\r\n" * 10_000 + b"\r\n"),
        "got more than 100 headers",
    ),
    "1 byte/s trickle": (trickles(b"HTTP/1.1 200 OK\r\n\r\n", 1.0), "timed out"),
    "hang-up": (sends(b""), "closed without a response"),
}


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return issue(tmp_path_factory.mktemp("unjudged"), ca=trustme.CA())


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_unreadable_https_answers_are_not_judged_and_fail_the_run(certificates, name):
    answer, reason = UNREADABLE[name]
    with RawSite(answer, tls=server_context(certificates)) as site:
        target = Target(
            "127.0.0.1",
            free_port(),
            site.port,
            cafile=str(certificates.cafile),
            timeout=0.5,
        )
        run = run_probe(target, ProjectFacts())
    unjudged = [x for x in run.messages if x.id == "django_chained.W173"]
    assert [x.msg.split(":")[0] for x in unjudged] == [
        f"Could not judge {PAGE_CHECKS['https']}",
        "Could not judge the DEBUG pages (W080, W081)",
        "Could not judge the admin URL (W082)",
    ]
    assert all(reason in x.msg for x in unjudged)
    assert run.failure == "no HTTPS response could be judged"
    assert not {"django_chained.W164", "django_chained.W177"} & {
        x.id for x in run.messages
    }


def test_one_readable_page_is_enough_to_judge(certificates):
    with StubSite(
        {"/": (200, [], b"<html>ok</html>")}, server_context(certificates)
    ) as site:
        target = Target(
            "127.0.0.1",
            free_port(),
            site.port,
            cafile=str(certificates.cafile),
            timeout=5,
        )
        run = run_probe(target, ProjectFacts(pages=("/", "/login/")))
    assert run.failure is None
    assert "django_chained.W173" not in {x.id for x in run.messages}
    assert "django_chained.W164" in {x.id for x in run.messages}


def test_plain_http_answering_garbage_is_told_apart_from_unreachable():
    with RawSite(sends(b"\x00garbage\r\n\r\n")) as plain:
        target = Target("127.0.0.1", plain.port, free_port(), timeout=1)
        run = run_probe(target, ProjectFacts())
    http_url = f"http://127.0.0.1:{plain.port}/"
    assert run.messages[1] == m.i162_http_unreachable(
        url=http_url,
        error="not an HTTP/1.x response (it starts '\\x00garbage')",
        answered=True,
    )
    assert run.messages[1].msg.startswith("Plain HTTP answered with nothing")
    assert run.failure == "no HTTP response could be judged"


def test_plain_http_refused_is_unreachable(certificates):
    with StubSite({"/": (200, [], b"ok")}, server_context(certificates)) as site:
        closed = free_port()
        target = Target(
            "127.0.0.1", closed, site.port, cafile=str(certificates.cafile), timeout=5
        )
        messages = run_probe(target, ProjectFacts()).messages
    i162 = next(x for x in messages if x.id == "django_chained.I162")
    assert i162.msg.startswith("Plain HTTP could not be reached (connection refused)")


def probe_json(*args: str) -> tuple[int, dict[str, object]]:
    out = StringIO()
    try:
        call_command("chained_probe", *args, "--format", "json", stdout=out)
    except CommandError as error:
        return error.returncode, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def test_the_command_exits_1_when_no_https_response_could_be_judged(certificates):
    with RawSite(sends(b"garbage\r\n\r\n"), tls=server_context(certificates)) as site:
        code, report = probe_json(
            f"https://127.0.0.1:{site.port}/",
            *("--http-port", str(free_port()), "--cafile", str(certificates.cafile)),
        )
    assert code == 1
    assert report["exit_code"] == 1
    assert report["failure"] == "no HTTPS response could be judged"


def test_the_text_report_says_why_it_failed(certificates):
    out = StringIO()
    with (
        RawSite(sends(b"garbage\r\n\r\n"), tls=server_context(certificates)) as site,
        pytest.raises(CommandError, match="no HTTPS response could be judged"),
    ):
        call_command(
            "chained_probe",
            f"https://127.0.0.1:{site.port}/",
            *("--http-port", str(free_port()), "--cafile", str(certificates.cafile)),
            stdout=out,
        )
    assert "FAILED: no HTTPS response could be judged." in out.getvalue()
