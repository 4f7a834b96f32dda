"""What the project tells the probe: cookie names, pages, HSTS, proxy header, media."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models
from django.test import override_settings

from django_chained.probe import project
from django_chained.probe.project import (
    ProjectFacts,
    header_name,
    looks_guessable,
    project_facts,
)

PROBE_URLS = "tests.urlconfs.probe"


@override_settings(
    ROOT_URLCONF=PROBE_URLS,
    LOGIN_URL="login",
    SESSION_COOKIE_NAME="sid",
    SECURE_REDIRECT_EXEMPT=[r"^healthz$"],
    SECURE_HSTS_SECONDS=3600,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=False,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTOCOL", "ssl"),
    CHAINED_HSTS_MIN_SECONDS=600,
    MEDIA_URL="https://cdn.example.com/media/",
)
def test_facts_come_from_settings_and_the_urlconf():
    facts = project_facts()
    assert facts.session_cookie == "sid"
    assert facts.pages == ("/", "/accounts/login/", "/staff/login/")
    assert facts.is_redirect_exempt("/healthz")
    assert not facts.is_redirect_exempt("/")
    assert facts.expected_hsts == "max-age=3600; includeSubDomains"
    assert facts.hsts_minimum == 600
    assert facts.proxy_header == ("X-Forwarded-Protocol", "ssl")
    assert (facts.media_path, facts.media_dirs, facts.media_files) == (None, (), ())


@override_settings(ROOT_URLCONF="tests.urls", LOGIN_URL="/accounts/login/")
def test_defaults_without_admin_or_proxy_header():
    facts = project_facts()
    assert facts.pages == ("/", "/accounts/login/")
    assert facts.proxy_header == ("X-Forwarded-Proto", "https")


@override_settings(ROOT_URLCONF="tests.urls", LOGIN_URL="no-such-view")
def test_unresolvable_login_url_is_skipped():
    assert project_facts().pages == ("/",)


def test_expected_hsts_with_preload():
    facts = ProjectFacts(
        hsts_seconds=1, hsts_include_subdomains=True, hsts_preload=True
    )
    assert facts.expected_hsts == "max-age=1; includeSubDomains; preload"


def test_header_name():
    assert header_name("HTTP_X_FORWARDED_PROTO") == "X-Forwarded-Proto"
    assert header_name("X_SCHEME") == "X-Scheme"


@pytest.mark.parametrize(
    ("name", "guessable"),
    [
        ("invoice.pdf", True),
        ("uploads/cv 2024 final.docx", True),
        ("scan_2024_03_01.jpg", True),
        ("3f2a9c1e-0b7d-4c5e-9a8f-1d2e3f4a5b6c.png", False),
        ("mfrggzdfmztwq2lknnwg23tpobyxe43u.pdf", False),
        ("report_a8F3kQ9zLm2Xc7Vb.pdf", False),
    ],
)
def test_looks_guessable(name, guessable):
    assert looks_guessable(name) is guessable


def test_media_dirs_and_guessable_files(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "contract.pdf").write_text("x")
    (tmp_path / "docs" / "mfrggzdfmztwq2lknnwg23tpobyxe43u.pdf").write_text("x")
    (tmp_path / "avatars").mkdir()
    (tmp_path / "avatars" / "alice.png").write_text("x")
    (tmp_path / "readme.txt").write_text("x")
    fake_model = SimpleNamespace(
        _meta=SimpleNamespace(
            get_fields=lambda: [
                models.FileField(upload_to="docs/%Y/"),
                models.FileField(upload_to=lambda instance, name: name),
                models.CharField(),
            ]
        )
    )
    monkeypatch.setattr(apps, "get_models", lambda: [fake_model, fake_model])
    with override_settings(MEDIA_URL="/media/", MEDIA_ROOT=str(tmp_path)):
        facts = project_facts()
    assert facts.media_path == "/media/"
    assert facts.media_dirs == ("docs/",)
    assert facts.media_files == ("readme.txt", "avatars/alice.png", "docs/contract.pdf")


def test_guessable_files_are_capped(tmp_path):
    for i in range(project.MAX_MEDIA_FILES + 3):
        (tmp_path / f"file{i:02}.txt").write_text("x")
    with override_settings(MEDIA_URL="media/", MEDIA_ROOT=str(tmp_path)):
        facts = project_facts()
    assert facts.media_path == "/media/"
    assert len(facts.media_files) == project.MAX_MEDIA_FILES


def test_missing_media_root_lists_nothing(tmp_path):
    with override_settings(MEDIA_URL="/media/", MEDIA_ROOT=str(tmp_path / "absent")):
        assert project_facts().media_files == ()
