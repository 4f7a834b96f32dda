"""The probe's HTTP client: one host, timeouts, redirects followed only on the same host and scheme."""

from __future__ import annotations

import socket
import ssl

import pytest

from django_chained.probe.http import (
    MAX_BODY,
    Client,
    ProbeError,
    Response,
    describe,
)
from django_chained.probe.target import Target
from tests.raw_site import RawSite, sends
from tests.servers import StubSite, free_port


def client_for(site: StubSite, timeout: float = 5.0) -> Client:
    return Client(
        Target("127.0.0.1", site.port, free_port(), timeout=timeout),
        ssl.create_default_context(),
    )


def test_response_keeps_every_header_in_order_and_the_body():
    cookies = [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    with StubSite({"/": (200, cookies, b"hello")}) as site:
        response = client_for(site).get("http", "/")
    assert response.status == 200
    assert response.all("set-cookie") == ["a=1", "b=2"]
    assert response.header("SET-COOKIE") == "a=1"
    assert response.header("X-Missing") is None
    assert response.body == b"hello"
    assert response.url == f"http://127.0.0.1:{site.port}/"


def test_body_is_cut_at_max_body():
    with StubSite({"/big": (200, [], b"x" * (MAX_BODY + 10))}) as site:
        assert len(client_for(site).get("http", "/big").body) == MAX_BODY


def test_host_header_names_the_port_and_extra_headers_are_sent():
    with StubSite({}) as site:
        client_for(site).get("http", "/", headers={"X-Forwarded-Proto": "https"})
    _, _, headers = site.requests[0]
    assert headers["host"] == f"127.0.0.1:{site.port}"
    assert headers["x-forwarded-proto"] == "https"
    assert headers["user-agent"] == "django-chained-probe"


def test_head_requests_read_no_body():
    with StubSite({"/f": (200, [], b"data")}) as site:
        response = client_for(site).get("http", "/f", method="HEAD")
    assert (response.status, response.body, site.requests[0][0]) == (200, b"", "HEAD")


def test_headers_cut_by_a_hang_up_are_no_response():
    """http.client takes the end of the stream for the end of the headers; the probe does not."""
    with RawSite(sends(b"HTTP/1.1 200 OK\r\nX-Half: ")) as site:
        target = Target("127.0.0.1", site.port, free_port(), timeout=5)
        with pytest.raises(
            ProbeError, match="closed in the middle of the headers"
        ) as caught:
            Client(target, ssl.create_default_context()).get("http", "/")
    assert caught.value.answered


def test_refused_connection_raises_probe_error():
    target = Target("127.0.0.1", free_port(), free_port(), timeout=2)
    with pytest.raises(ProbeError, match="connection refused"):
        Client(target, ssl.create_default_context()).get("http", "/")


def test_silent_server_times_out():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        target = Target("127.0.0.1", silent.getsockname()[1], 443, timeout=0.2)
        with pytest.raises(ProbeError, match="timed out"):
            Client(target, ssl.create_default_context()).get("http", "/")


def test_location_is_resolved_against_the_request_url():
    response = Response("http://h/a/b", 302, [("Location", "../c")])
    assert response.is_redirect
    assert response.location == "http://h/c"
    assert Response("http://h/", 200, [("Location", "/x")]).location is None
    assert not Response("http://h/", 301).is_redirect


def test_follow_stays_on_the_same_host_and_scheme():
    with StubSite({}) as other:
        routes = {
            "/": (302, [("Location", "/next")], b""),
            "/next": (302, [("Location", f"http://127.0.0.2:{other.port}/")], b""),
        }
        with StubSite(routes) as site:
            chain = client_for(site).follow("http", "/")
    assert [r.status for r in chain] == [302, 302]
    assert other.requests == []


def test_follow_stops_at_the_limit():
    with StubSite({"/": (302, [("Location", "/")], b"")}) as site:
        chain = client_for(site).follow("http", "/", limit=3)
    assert len(chain) == 4


def test_same_site_path_rejects_other_schemes_hosts_and_ports():
    client = Client(Target("example.com", 80, 8443), ssl.create_default_context())
    assert client.same_site_path("https", "https://example.com:8443/a?b=1") == "/a?b=1"
    assert client.same_site_path("https", "http://example.com:8443/") is None
    assert client.same_site_path("https", "https://evil.test:8443/") is None
    assert client.same_site_path("https", "https://example.com/") is None
    assert client.same_site_path("https", "https://example.com:bad/") is None
    assert client.same_site_path("http", "http://example.com") == "/"
    assert client.same_site_path("http", None) is None


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (ConnectionRefusedError(), "connection refused"),
        (TimeoutError(), "timed out"),
        (socket.gaierror(-2, "Name or service not known"), "not resolved"),
        (ssl.SSLError(1, "boom"), "TLS error"),
        (OSError("odd"), "odd"),
        (OSError(), "OSError"),
    ],
)
def test_describe_names_the_failure(error, text):
    assert text in describe(error)
