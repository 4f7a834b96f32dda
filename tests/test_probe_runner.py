"""The whole probe against in-process stub sites: what runs, in which order, and what it needs."""

from __future__ import annotations

import pytest
import trustme

from django_chained.probe import messages as m
from django_chained.probe.http import ProbeError
from django_chained.probe.project import ProjectFacts
from django_chained.probe.runner import run_probe
from django_chained.probe.target import Target
from tests.servers import Answer, StubSite, free_port, issue, server_context

STRONG_HEADERS = [
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Set-Cookie", "csrftoken=abc; Path=/; SameSite=Lax; Secure"),
    ("Set-Cookie", "sessionid=abc; Path=/; HttpOnly; Secure"),
]
BARE_PAGE: Answer = (200, [], b"<html>hello</html>")


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return issue(tmp_path_factory.mktemp("runner"), ca=trustme.CA())


def redirecting_http(https_port):
    def to_https(headers):
        return (301, [("Location", f"https://127.0.0.1:{https_port}/")], b"")

    return to_https


def test_good_site_passes(certificates):
    with (
        StubSite(
            {"/": (200, STRONG_HEADERS, b"<html>ok</html>")},
            server_context(certificates),
        ) as tls_site,
        StubSite({"/": redirecting_http(tls_site.port)}) as plain,
    ):
        target = Target(
            "127.0.0.1",
            plain.port,
            tls_site.port,
            cafile=str(certificates.cafile),
            timeout=5,
        )
        run = run_probe(target, ProjectFacts())
        assert (run.messages, run.failure) == ([], None)
    spoof = [h for _, _, h in plain.requests if "x-forwarded-proto" in h]
    assert len(spoof) == 1


def test_site_without_https_is_probed_over_http():
    with StubSite({"/": BARE_PAGE}) as plain:
        target = Target("127.0.0.1", plain.port, free_port(), timeout=5)
        found = run_probe(target, ProjectFacts()).messages
    http_url = f"http://127.0.0.1:{plain.port}/"
    assert [x.id for x in found] == [
        "django_chained.W163",
        "django_chained.W160",
        "django_chained.W560",
        "django_chained.W177",
        "django_chained.W178",
    ]
    assert found[1] == m.w160_http_not_redirected(url=http_url, status=200)


def test_untrusted_certificate_is_an_error_and_the_probe_goes_on(
    certificates, tmp_path
):
    stranger = issue(tmp_path)
    with StubSite({"/": BARE_PAGE}, server_context(certificates)) as tls_site:
        target = Target(
            "127.0.0.1",
            free_port(),
            tls_site.port,
            cafile=str(stranger.cafile),
            timeout=5,
        )
        found = run_probe(target, ProjectFacts()).messages
    assert [x.id for x in found][:3] == [
        "django_chained.E180",
        "django_chained.I162",
        "django_chained.W164",
    ]
    assert "django_chained.W560" in {x.id for x in found}


def test_redirect_exempt_pages_are_skipped_for_the_redirect_test(certificates):
    facts = ProjectFacts(pages=("/", "/login/"), redirect_exempt=("^$",))
    with (
        StubSite({"/": BARE_PAGE}, server_context(certificates)) as tls_site,
        StubSite({}) as plain,
    ):
        target = Target(
            "127.0.0.1",
            plain.port,
            tls_site.port,
            cafile=str(certificates.cafile),
            timeout=5,
        )
        run_probe(target, facts)
    assert {path for _, path, _ in plain.requests} == {"/login/"}


def test_nothing_listening_is_a_probe_error():
    target = Target("127.0.0.1", free_port(), free_port(), timeout=2)
    with pytest.raises(ProbeError, match="neither HTTPS nor plain HTTP"):
        run_probe(target, ProjectFacts())
