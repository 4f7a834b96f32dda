"""``parse_target``: which host and ports the probe talks to."""

from __future__ import annotations

import pytest

from django_chained.probe.target import Target, TargetError, parse_target


def test_https_url_uses_its_port_for_https_and_80_for_http():
    target = parse_target("https://example.com:8443/app/")
    assert (target.host, target.https_port, target.http_port) == (
        "example.com",
        8443,
        80,
    )
    assert target.base_path == "/app/"


def test_http_url_uses_its_port_for_http_and_443_for_https():
    target = parse_target("http://127.0.0.1:8000")
    assert (target.http_port, target.https_port, target.base_path) == (8000, 443, "/")


def test_explicit_ports_override_the_url():
    target = parse_target("https://example.com:8443/", https_port=9443, http_port=9080)
    assert (target.https_port, target.http_port) == (9443, 9080)


def test_bare_host_means_https():
    target = parse_target("example.com", cafile="ca.pem", timeout=2.5)
    assert target == Target("example.com", 80, 443, "/", "ca.pem", 2.5)


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "https:///path", "https://example.com:99999/"]
)
def test_unprobeable_urls_are_refused(url):
    with pytest.raises(TargetError):
        parse_target(url)


def test_non_positive_timeout_is_refused():
    with pytest.raises(TargetError, match="timeout"):
        parse_target("https://example.com/", timeout=0)


def test_authority_names_only_non_default_ports():
    target = Target("example.com", 80, 8443)
    assert target.authority("http") == "example.com"
    assert target.authority("https") == "example.com:8443"
    assert target.url("https", "/x") == "https://example.com:8443/x"


def test_authority_brackets_ipv6_hosts():
    assert parse_target("https://[::1]:8443/").authority("https") == "[::1]:8443"
