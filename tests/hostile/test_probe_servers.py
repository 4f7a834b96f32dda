"""``chained_probe`` against hostile servers on 127.0.0.1: it ends within its deadline, never with a traceback.

Each answer (``probe_answers``) is served both over TLS (a valid certificate, then the answer) and over
plain HTTP, so every request the probe makes gets it. Answers the probe cannot read fail the run
(exit 1, W173); odd but readable ones are judged like any page. ``CHAINED_HOSTILE_LONG=1`` adds runs with
the default ``--timeout``/``--deadline`` (a minute each) and 1 GiB floods.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
import trustme
from django.core.management import CommandError, call_command

from django_chained.probe.target import DEADLINE_TIMEOUTS
from tests.hostile.probe_answers import (
    BROKEN_TLS,
    LONG,
    READABLE,
    SILENCE,
    TRICKLE,
    UNREADABLE,
    Hostile,
    page,
)
from tests.raw_site import RawSite, sends
from tests.servers import free_port, issue, server_context

#: Short runs: every request at most TIMEOUT, the whole run at most DEADLINE.
TIMEOUT, DEADLINE = 0.5, 2.0
SHORT = ("--timeout", str(TIMEOUT), "--deadline", str(DEADLINE))
#: The stated default: DEADLINE_TIMEOUTS times the default --timeout of 10 s.
DEFAULT_DEADLINE = DEADLINE_TIMEOUTS * 10.0
#: Generous: settings, thread start-up and the report on a loaded two-core machine.
MARGIN = 10.0


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return issue(tmp_path_factory.mktemp("hostile"), ca=trustme.CA())


@dataclass
class Outcome:
    code: int | None
    report: dict[str, Any] | None
    elapsed: float
    crash: BaseException | None
    stderr: str


def run_probe_within(limit: float, *args: str) -> Outcome:
    """The command in a thread: a run that hangs past ``limit`` fails the test instead of the suite."""
    out, err = StringIO(), StringIO()
    result: list[int | BaseException] = []

    def command() -> None:
        try:
            # Django's ERROR level: exit 1 then means the run failed, not that a warning was found.
            call_command(
                "chained_probe",
                *args,
                *("--format", "json", "--fail-level", "ERROR"),
                stdout=out,
                stderr=err,
            )
            result.append(0)
        except CommandError as error:
            result.append(error.returncode)
        except BaseException as error:  # a traceback: what this suite is here to catch
            result.append(error)

    started = time.monotonic()
    worker = threading.Thread(target=command, daemon=True)
    worker.start()
    worker.join(limit)
    elapsed = time.monotonic() - started
    assert not worker.is_alive(), f"the probe still runs after {limit:.0f} s"
    ended = result[0]
    crash, code = (ended, None) if isinstance(ended, BaseException) else (None, ended)
    text = out.getvalue()
    report = json.loads(text) if text else None
    return Outcome(code, report, elapsed, crash, err.getvalue())


def probe_both(certificates, hostile: Hostile, *options: str) -> Outcome:
    """The probe with ``hostile`` answering on both ports (TLS first on the HTTPS one)."""
    deadline = DEADLINE if options else DEFAULT_DEADLINE
    with (
        RawSite(hostile.answer, tls=server_context(certificates)) as https,
        RawSite(hostile.answer) as http,
    ):
        outcome = run_probe_within(
            deadline + MARGIN,
            f"https://127.0.0.1:{https.port}/",
            *("--http-port", str(http.port), "--cafile", str(certificates.cafile)),
            *options,
        )
    assert outcome.elapsed < deadline + MARGIN
    return outcome


def clean_report(outcome: Outcome) -> dict[str, Any]:
    assert outcome.crash is None, repr(outcome.crash)
    assert "Traceback" not in outcome.stderr
    assert outcome.report is not None
    return outcome.report


def ids(report: dict[str, Any]) -> set[str]:
    return {finding["id"] for finding in report["findings"]}


@pytest.mark.parametrize("hostile", UNREADABLE, ids=lambda h: h.name)
def test_an_unreadable_answer_fails_the_run_within_the_deadline(certificates, hostile):
    outcome = probe_both(certificates, hostile, *SHORT)
    report = clean_report(outcome)
    assert outcome.code == 1
    assert report["failure"] == "no HTTPS response could be judged"
    assert "django_chained.W173" in ids(report)
    i162 = next(f for f in report["findings"] if f["id"] == "django_chained.I162")
    assert i162["message"].startswith("Plain HTTP answered with nothing")


@pytest.mark.parametrize("hostile", READABLE, ids=lambda h: h.name)
def test_an_odd_but_readable_answer_is_judged(certificates, hostile):
    outcome = probe_both(certificates, hostile, *SHORT)
    report = clean_report(outcome)
    assert outcome.code == 0, report["findings"]
    assert report["failure"] is None
    # Judged: no readable answer here sends nosniff.
    assert "django_chained.W177" in ids(report)


@pytest.mark.parametrize("hostile", BROKEN_TLS, ids=lambda h: h.name)
def test_a_broken_tls_listener_is_w163_and_plain_http_is_still_judged(
    certificates, hostile
):
    with (
        RawSite(hostile.answer, read_request=False) as https,
        RawSite(sends(page(b"X-Frame-Options: DENY"))) as http,
    ):
        outcome = run_probe_within(
            DEADLINE + MARGIN,
            f"https://127.0.0.1:{https.port}/",
            *("--http-port", str(http.port), "--cafile", str(certificates.cafile)),
            *SHORT,
        )
    report = clean_report(outcome)
    assert outcome.code == 0
    assert report["failure"] is None
    assert {"django_chained.W163", "django_chained.W160"} <= ids(report)


def test_nothing_listening_anywhere_is_a_usage_error():
    outcome = run_probe_within(
        DEADLINE + MARGIN,
        f"https://127.0.0.1:{free_port()}/",
        *("--http-port", str(free_port()), *SHORT),
    )
    assert (outcome.crash, outcome.code) == (None, 2)


if LONG:

    @pytest.mark.parametrize("hostile", [TRICKLE, SILENCE], ids=lambda h: h.name)
    def test_the_default_deadline_holds_against_a_slow_site(certificates, hostile):
        """No --timeout, no --deadline: the stated default bounds the run."""
        outcome = probe_both(certificates, hostile)
        clean_report(outcome)
        assert outcome.code == 1
