"""The whole run has one stated deadline (``--deadline``, default six ``--timeout``s) and keeps it."""

from __future__ import annotations

import json
import socket
import threading
import time
from io import StringIO
from unittest import mock

import pytest
import trustme
from django.core.management import CommandError, call_command

from django_chained.probe import connect, tls
from django_chained.probe.errors import DeadlineReached, ProbeError
from django_chained.probe.project import ProjectFacts
from django_chained.probe.runner import run_probe
from django_chained.probe.target import DEADLINE_TIMEOUTS, Target, parse_target
from tests.raw_site import RawSite, sends, trickles
from tests.servers import free_port, issue, server_context

#: Generous: thread start-up, the settings and the report on a loaded machine.
MARGIN = 8.0
SLOW_ANSWER = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: yes\r\n" * 50 + b"\r\n"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return issue(tmp_path_factory.mktemp("deadline"), ca=trustme.CA())


def test_the_default_deadline_is_six_timeouts():
    assert parse_target("https://example.com/", timeout=10).total_seconds == 60
    assert DEADLINE_TIMEOUTS == 6
    assert parse_target("https://example.com/", total=5).total_seconds == 5


def test_a_request_never_outlives_the_run():
    target = Target("127.0.0.1", 80, 443, timeout=10, total=1).started()
    assert target.run_deadline is not None
    assert target.request_deadline() <= target.run_deadline
    ended = Target("127.0.0.1", 80, 443, timeout=10, run_deadline=time.monotonic())
    with pytest.raises(
        DeadlineReached, match="the probe's total deadline of 60 s was reached"
    ):
        ended.request_deadline()


def test_a_1_byte_per_second_site_ends_within_the_stated_deadline(certificates):
    """Every answer trickles 1 byte/s: each request only times out, so without a run deadline
    the probe would take (5 pages + 3 leak requests) x --timeout; the run stops at --deadline."""
    deadline, timeout = 3.0, 2.0
    pages = "/", "/a/", "/b/", "/c/", "/d/"
    with RawSite(trickles(SLOW_ANSWER, 1.0), tls=server_context(certificates)) as site:
        out = StringIO()
        started = time.monotonic()
        with (
            pytest.raises(CommandError) as caught,
            mock.patch("django_chained.probe.project._pages", return_value=pages),
        ):
            call_command(
                "chained_probe",
                f"https://127.0.0.1:{site.port}/",
                *("--http-port", str(free_port())),
                *("--cafile", str(certificates.cafile)),
                *("--timeout", str(timeout), "--deadline", str(deadline)),
                *("--format", "json"),
                stdout=out,
            )
        elapsed = time.monotonic() - started
    assert elapsed < deadline + MARGIN
    assert caught.value.returncode == 1
    report = json.loads(out.getvalue())
    reasons = [f["message"] for f in report["findings"] if f["id"].endswith("W173")]
    assert any("total deadline of 3 s was reached" in reason for reason in reasons)


def test_a_trickled_tls_handshake_times_out_as_a_whole():
    """Each byte comes well within the timeout; only one deadline for the whole handshake stops it."""
    record_header = b"\x16\x03\x03\x40\x00"  # a handshake record announcing 16 KiB
    answer = trickles(record_header + b"\x00" * 100, 0.1)
    with RawSite(answer, read_request=False) as site:
        target = Target("127.0.0.1", 80, site.port, timeout=0.5)
        with pytest.raises(ProbeError, match="timed out") as caught:
            tls.handshake(target, tls.unverified_context())
    assert caught.value.timed_out


def test_a_hanging_name_lookup_is_bounded(monkeypatch):
    release = threading.Event()

    def never_answers(*args: object, **kwargs: object) -> list[tuple[object, ...]]:
        release.wait(30)
        return []

    monkeypatch.setattr(socket, "getaddrinfo", never_answers)
    try:
        with pytest.raises(TimeoutError, match="resolving the host name"):
            connect.resolve("example.com", 443, time.monotonic() + 0.2)
    finally:
        release.set()


def test_a_timed_out_old_version_handshake_is_not_judged_refused(monkeypatch):
    def slow(target: Target, context: object) -> None:
        raise ProbeError("timed out") from TimeoutError()

    monkeypatch.setattr(tls, "handshake", slow)
    monkeypatch.setattr(tls, "local_support", lambda version: None)
    found = tls.protocol_messages(Target("127.0.0.1", 80, 443), "https://x/")
    assert [x.id for x in found] == ["django_chained.W173"] * len(tls.OLD_VERSIONS)
    assert "whether the server accepts TLS 1.0 (W184)" in found[0].msg


def test_a_refused_old_version_is_still_a_pass(monkeypatch):
    def refused(target: Target, context: object) -> None:
        raise ProbeError("TLS error: UNSUPPORTED_PROTOCOL")

    monkeypatch.setattr(tls, "handshake", refused)
    monkeypatch.setattr(tls, "local_support", lambda version: None)
    assert tls.protocol_messages(Target("127.0.0.1", 80, 443), "https://x/") == []


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_a_deadline_that_is_no_positive_number_exits_2(value):
    with pytest.raises(CommandError, match="--deadline must be") as caught:
        call_command("chained_probe", "https://127.0.0.1/", "--deadline", value)
    assert caught.value.returncode == 2


def test_a_prompt_site_is_not_cut_short(certificates):
    page = sends(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    with RawSite(page, tls=server_context(certificates)) as site:
        target = Target(
            "127.0.0.1",
            free_port(),
            site.port,
            cafile=str(certificates.cafile),
            timeout=5,
        )
        run = run_probe(target, ProjectFacts())
    assert run.failure is None
    assert "django_chained.W173" not in {x.id for x in run.messages}
