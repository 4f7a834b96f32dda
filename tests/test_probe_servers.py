"""``chained_probe`` against ``testproject`` on real servers: gunicorn (WSGI) and uvicorn (ASGI), TLS from trustme.

The hardened site must pass; the weak one (DEBUG on, no HSTS, insecure cookies, TLS 1.0, weak suites,
a certificate expiring in 10 days, a media listing) must produce the matching findings.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from django_chained.probe import tls
from tests.servers import (
    ROOT,
    Server,
    free_port,
    gunicorn,
    issue,
    manage,
    project_env,
    uvicorn,
)

WEAK_TLS_CONFIG = ROOT / "tests" / "probe_sites" / "gunicorn_weak_tls.py"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """One migrated SQLite file (the demo's apps are a superset of the hardened ones) and media dirs."""
    directory = tmp_path_factory.mktemp("probe-servers")
    result = manage(
        project_env("testproject.settings", directory / "db.sqlite3"),
        "migrate",
        "--noinput",
    )
    assert result.returncode == 0, result.stderr
    (directory / "weak-media" / "uploads").mkdir(parents=True)
    (directory / "weak-media" / "uploads" / "invoice-2024.pdf").write_bytes(b"%PDF-1.4")
    (directory / "hardened-media").mkdir()
    return directory


def env_for(workdir: Path, settings_module: str) -> dict[str, str]:
    return project_env(
        settings_module,
        workdir / "db.sqlite3",
        DJANGO_MEDIA_ROOT=str(workdir / "hardened-media"),
        TESTPROJECT_MEDIA=str(workdir / "weak-media"),
    )


def run_probe(env, url, *options):
    result = manage(
        env,
        "chained_probe",
        url,
        "--format",
        "json",
        "--fail-level",
        "WARNING",
        *options,
    )
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


def ids(report):
    return [finding["id"] for finding in report["findings"]]


@pytest.fixture(scope="module")
def hardened(workdir):
    """settings_hardened: plain HTTP on uvicorn (ASGI), HTTPS on gunicorn (WSGI)."""
    env = env_for(workdir, "testproject.settings_hardened")
    certificates = issue(workdir / "hardened-certs")
    http_port, https_port = free_port(), free_port()
    servers = [
        Server(uvicorn(http_port), http_port, env),
        Server(gunicorn(https_port, certificates), https_port, env),
    ]
    try:
        for server in servers:
            server.start()
        yield run_probe(
            env,
            f"https://127.0.0.1:{https_port}/",
            "--http-port",
            str(http_port),
            "--cafile",
            str(certificates.cafile),
        )
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def weak(workdir):
    """The demo with DEBUG on, plain HTTP on gunicorn, and HTTPS open to TLS 1.0 and every suite."""
    env = env_for(workdir, "tests.probe_sites.settings_weak")
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=10)
    certificates = issue(workdir / "weak-certs", not_after=soon, rsa=True)
    http_port, https_port = free_port(), free_port()
    servers = [
        Server(gunicorn(http_port), http_port, env),
        Server(gunicorn(https_port, certificates, WEAK_TLS_CONFIG), https_port, env),
    ]
    try:
        for server in servers:
            server.start()
        yield run_probe(
            env,
            f"http://127.0.0.1:{http_port}/",
            "--https-port",
            str(https_port),
            "--cafile",
            str(certificates.cafile),
        )
    finally:
        for server in servers:
            server.stop()


def test_hardened_site_passes(hardened):
    returncode, report = hardened
    assert returncode == 0, report
    assert [f for f in report["findings"] if f["level"] != "INFO"] == []


def test_hardened_site_says_what_it_could_not_check(hardened):
    """Old protocols refused (or honestly untestable here); no anonymous page sets the session cookie."""
    untestable = [
        "django_chained.I186"
        for version in tls.OLD_VERSIONS.values()
        if tls.local_support(version) is not None
    ]
    assert ids(hardened[1]) == [*untestable, "django_chained.I172"]


def test_weak_site_fails(weak):
    returncode, report = weak
    assert returncode == 1


def test_weak_site_findings(weak):
    _, report = weak
    old_tls = [
        "django_chained.W184"
        if tls.local_support(version) is None
        else "django_chained.I186"
        for version in tls.OLD_VERSIONS.values()
    ]
    assert sorted(ids(report)) == sorted(
        [
            "django_chained.W183",  # certificate expires in 10 days
            *old_tls,  # TLS 1.0 and 1.1 accepted
            "django_chained.W185",  # a suite without authentication or forward secrecy
            "django_chained.W161",  # http:// redirects to /notes/ on http://
            "django_chained.W164",  # no HSTS
            "django_chained.W170",  # csrftoken without Secure
            "django_chained.I172",  # no anonymous page sets sessionid
            "django_chained.W560",  # no X-Frame-Options
            "django_chained.W660",  # listing under /media/
            "django_chained.W661",  # /media/uploads/invoice-2024.pdf
            "django_chained.W080",  # technical 404
            "django_chained.W081",  # technical 500 (DisallowedHost)
            "django_chained.W082",  # admin at /admin/
        ]
    )


def test_weak_site_certificate_expiry_is_counted_in_days(weak):
    expiry = next(f for f in weak[1]["findings"] if f["id"] == "django_chained.W183")
    assert expiry["message"] in {
        "The TLS certificate expires in 9 days.",
        "The TLS certificate expires in 10 days.",
    }


@pytest.mark.parametrize(
    ("settings_module", "proxy_headers"),
    [
        # Django trusts the header (SECURE_PROXY_SSL_HEADER) and no proxy overwrites it.
        ("tests.probe_sites.settings_spoofable", False),
        # uvicorn itself trusts X-Forwarded-Proto from 127.0.0.1 unless --no-proxy-headers.
        ("testproject.settings_hardened", True),
    ],
)
def test_spoofed_proxy_header_is_caught(workdir, settings_module, proxy_headers):
    env = env_for(workdir, settings_module)
    port = free_port()
    server = Server(uvicorn(port, proxy_headers=proxy_headers), port, env)
    try:
        server.start()
        returncode, report = run_probe(
            env, f"http://127.0.0.1:{port}/", "--https-port", str(free_port())
        )
    finally:
        server.stop()
    assert returncode == 1
    assert "django_chained.W175" in ids(report)
    assert "django_chained.W160" not in ids(
        report
    )  # the unspoofed request is redirected
