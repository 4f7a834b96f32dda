"""Each probe request has one deadline and a size limit, whatever the server trickles."""

from __future__ import annotations

import socket
import ssl
import time

import pytest

from django_chained.probe.deadline import (
    MAX_HEADER_BYTES,
    DeadlineSocket,
    ResponseTooLarge,
)
from django_chained.probe.http import Client, ProbeError
from django_chained.probe.target import Target
from tests.servers import issue, server_context
from tests.trickling_site import TricklingSite


def client(port: int, timeout: float) -> Client:
    return Client(
        Target("127.0.0.1", port, 443, timeout=timeout), ssl.create_default_context()
    )


def test_trickled_headers_time_out_within_about_the_timeout():
    """Each line arrives well within the timeout; only a whole-request deadline stops the client."""
    timeout = 0.5
    with TricklingSite(interval=0.1, lines=60) as site:
        started = time.monotonic()
        with pytest.raises(ProbeError, match="timed out"):
            client(site.port, timeout).get("http", "/")
        elapsed = time.monotonic() - started
    assert elapsed < 4 * timeout  # a bound on the deadline: the server alone takes 6 s


def test_trickled_headers_over_https_time_out_too(tmp_path):
    certificates = issue(tmp_path)
    timeout = 0.5
    tls = server_context(certificates)
    with TricklingSite(interval=0.1, lines=60, tls=tls) as site:
        client = Client(
            Target("127.0.0.1", 80, site.port, timeout=timeout),
            ssl.create_default_context(cafile=str(certificates.cafile)),
        )
        started = time.monotonic()
        with pytest.raises(ProbeError, match="timed out"):
            client.get("https", "/")
        elapsed = time.monotonic() - started
    assert elapsed < 4 * timeout


def test_a_prompt_server_is_answered_in_full():
    with TricklingSite(interval=0.01, lines=3) as site:
        response = client(site.port, 5).get("http", "/")
    assert (response.status, response.body) == (200, b"ok")
    assert response.header("X-Trickle-2") == ""


def test_oversized_headers_are_refused():
    with (
        TricklingSite(interval=0, lines=4, header_bytes=30_000) as site,
        pytest.raises(ProbeError, match="response headers larger than 64 KiB"),
    ):
        client(site.port, 5).get("http", "/")


@pytest.fixture
def pair():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        yield ours, theirs


def test_reads_past_the_deadline_raise_timeout(pair):
    ours, _ = pair
    with pytest.raises(TimeoutError):
        DeadlineSocket(ours, time.monotonic() - 1).recv_into(bytearray(10))


def test_each_read_waits_only_for_the_time_left(pair):
    ours, theirs = pair
    sock = DeadlineSocket(ours, time.monotonic() + 60)
    theirs.sendall(b"abc")
    assert sock.makefile().read(3) == b"abc"
    assert 0 < ours.gettimeout() <= 60


def test_body_limit_starts_after_the_headers(pair):
    ours, theirs = pair
    sock = DeadlineSocket(ours, time.monotonic() + 60)
    theirs.sendall(b"x" * (MAX_HEADER_BYTES + 1))
    buffer = bytearray(MAX_HEADER_BYTES + 1)
    while sock.received <= MAX_HEADER_BYTES:
        sock.recv_into(memoryview(buffer)[sock.received :])
    with pytest.raises(ResponseTooLarge, match="headers"):
        sock.recv_into(buffer)
    sock.headers_read()
    theirs.sendall(b"y")
    assert sock.recv_into(buffer) == 1


def test_the_socket_closes_once_the_connection_and_every_reader_have_closed(pair):
    ours, _ = pair
    sock = DeadlineSocket(ours, time.monotonic() + 60)
    reader = sock.makefile()
    sock.close()
    assert ours.fileno() != -1
    reader.close()
    assert ours.fileno() == -1
