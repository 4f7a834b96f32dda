"""Odd arguments and settings end the command with a message and exit 2; odd answers become findings."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from django_chained.probe import messages as m
from django_chained.probe.project import ProjectFacts, project_facts
from django_chained.probe.runner import run_probe
from django_chained.probe.target import Target
from tests.servers import StubSite, free_port

PAGE = (200, [("X-Frame-Options", "DENY")], b"<html>hello</html>")


def probe(*args: str) -> str:
    """At Django's ERROR level, so the stub site's missing headers (warnings) do not end the run."""
    out = StringIO()
    call_command("chained_probe", *args, "--fail-level", "ERROR", stdout=out)
    return out.getvalue()


@pytest.fixture
def bad_files(tmp_path):
    (tmp_path / "empty.pem").write_text("")
    (tmp_path / "text.pem").write_text("not a certificate\n")
    (tmp_path / "binary.pem").write_bytes(b"\x00\xff" * 100)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "nan"], "--timeout must be a positive, finite number"),
        (["--timeout", "inf"], "--timeout must be a positive, finite number"),
        (["--timeout", "-3"], "--timeout must be a positive, finite number"),
        (["--timeout", "0"], "--timeout must be a positive, finite number"),
    ],
)
def test_timeouts_that_are_no_positive_number_exit_2(args, message):
    with pytest.raises(CommandError, match=message) as caught:
        probe("https://127.0.0.1/", *args)
    assert caught.value.returncode == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://a..b/", "'a..b' is not a valid host name"),
        ("https://" + "x" * 64 + ".example/", "is not a valid host name"),
        ("https://[::1/", "Invalid IPv6 URL"),
        ("https://[::zz]/", "IPv6 address"),
        ("https://127.0.0.1:99999/", "out of range"),
    ],
)
def test_urls_that_name_no_host_exit_2(url, message):
    with pytest.raises(CommandError, match=message) as caught:
        probe(url)
    assert caught.value.returncode == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.pem", "no CA certificate could be read from it"),
        ("text.pem", "no CA certificate could be read from it"),
        ("binary.pem", "no CA certificate could be read from it"),
        (".", "a directory; give one PEM file"),
        ("missing.pem", "no such file"),
    ],
)
def test_a_cafile_that_is_no_pem_bundle_exits_2(bad_files, name, message):
    with pytest.raises(CommandError, match=message) as caught:
        probe("https://127.0.0.1/", "--cafile", str(bad_files / name))
    assert caught.value.returncode == 2


@pytest.mark.parametrize(
    ("setting", "value", "check_id"),
    [
        ("SECURE_HSTS_SECONDS", "one year", "E104"),
        ("SECURE_HSTS_SECONDS", -1, "E104"),
        ("SECURE_PROXY_SSL_HEADER", (1, 2), "E112"),
        ("SECURE_PROXY_SSL_HEADER", ("HTTP_X_FORWARDED_PROTO",), "E112"),
        ("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO", "E112"),
        ("SECURE_REDIRECT_EXEMPT", 5, "E114"),
        ("SECURE_REDIRECT_EXEMPT", ["(unclosed"], "E114"),
        ("SECURE_REDIRECT_EXEMPT", [3], "E114"),
    ],
)
def test_malformed_settings_the_probe_reads_exit_2(setting, value, check_id):
    with (
        StubSite({"/": PAGE}) as site,
        override_settings(**{setting: value}),
        pytest.raises(CommandError, match=f"django_chained.{check_id}: ") as caught,
    ):
        probe(f"http://127.0.0.1:{site.port}/", "--https-port", str(free_port()))
    assert caught.value.returncode == 2
    assert not site.requests  # refused before any request


@override_settings(LOGIN_URL="/connexion-é/", MEDIA_URL="/médias/")
def test_non_ascii_urls_from_the_settings_are_requested_percent_encoded():
    facts = project_facts()
    assert "/connexion-%C3%A9/" in facts.pages
    assert facts.media_path == "/m%C3%A9dias/"
    with StubSite({"/": PAGE}) as site:
        probe(f"http://127.0.0.1:{site.port}/", "--https-port", str(free_port()))
    paths = {path for _, path, _ in site.requests}
    assert {"/connexion-%C3%A9/", "/m%C3%A9dias/"} <= paths


@override_settings(MEDIA_URL="http://[::1/media/")
def test_a_media_url_that_is_no_url_leaves_media_unprobed():
    assert project_facts().media_path is None


def plain_site_redirecting_to(location: str) -> StubSite:
    return StubSite({"/": (301, [("Location", location)], b""), "/caf%E9": PAGE})


def probe_plain(site: StubSite) -> list[str | None]:
    target = Target("127.0.0.1", site.port, free_port(), timeout=5)
    return [x.id for x in run_probe(target, ProjectFacts()).messages]


def test_a_location_with_non_ascii_bytes_is_followed_as_its_bytes():
    with plain_site_redirecting_to("/caf\xe9") as site:
        found = probe_plain(site)
    assert "/caf%E9" in {path for _, path, _ in site.requests}
    assert "django_chained.W174" not in found


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://[::1/", "Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/", "Port out of range 0-65535"),
        ("http://127.0.0.1:port/", "Port could not be cast to integer value as 'port'"),
    ],
)
def test_a_location_that_is_no_url_is_w174(location, reason):
    with plain_site_redirecting_to(location) as site:
        target = Target("127.0.0.1", site.port, free_port(), timeout=5)
        found = run_probe(target, ProjectFacts()).messages
    url = f"http://127.0.0.1:{site.port}/"
    expected = m.w174_location_unusable(url=url, location=location, reason=reason)
    # Once for the plain-HTTP redirect test (instead of W160/W161), once for the page checks.
    assert [x for x in found if x.id == "django_chained.W174"] == [expected] * 2
    assert not {"django_chained.W160", "django_chained.W161"} & {x.id for x in found}
