"""Absolute help URIs: the catalogue's README anchors under a documentation base, Django's reference for its IDs."""

from __future__ import annotations

from email.message import Message
from importlib.metadata import PackageNotFoundError

import pytest

from django_chained.report import help_links
from django_chained.report.help_links import (
    DJANGO_CHECKS_URI,
    documentation_uri,
    help_uri,
    is_absolute_uri,
)
from django_chained.rules.catalogue import RULES

BASE = "https://example.com/django-chained/"


@pytest.fixture(autouse=True)
def _fresh_documentation_uri():
    documentation_uri.cache_clear()
    yield
    documentation_uri.cache_clear()


def test_every_catalogue_id_links_to_its_catalogue_anchor():
    # That each anchor is the README section documenting the ID: tests/test_rules_catalogue.py.
    assert {i: help_uri(i, BASE) for i in RULES} == {
        i: f"{BASE}#{spec.anchor}" for i, spec in RULES.items()
    }


def test_probe_ids_link_to_their_live_probe_sections():
    assert (
        help_uri("django_chained.W080", BASE) == f"{BASE}#live-probe-django-leaks-08x"
    )
    assert help_uri("django_chained.W165", BASE) == (
        f"{BASE}#live-probe-https-tls-and-headers-16x-18x"
    )
    assert help_uri("django_chained.W560", BASE) == f"{BASE}#live-probe-framing-56x"
    assert help_uri("django_chained.W661", BASE) == f"{BASE}#live-probe-media-66x"
    assert help_uri("django_chained.W701", BASE) == f"{BASE}#outdated-django-7xx"


def test_ids_missing_from_the_catalogue_get_no_link():
    assert help_uri("django_chained.W999", BASE) is None
    assert help_uri("django_chained.X", BASE) is None


def test_help_uri_joins_the_base_without_its_fragment():
    base = "https://example.com/django-chained/#readme"
    assert help_uri("django_chained.W501", base) == (
        "https://example.com/django-chained/#csrf-and-clickjacking-5xx"
    )


def test_help_uri_omitted_without_an_absolute_base():
    assert help_uri("django_chained.W501", None) is None
    assert help_uri("django_chained.W501", "README.rst") is None


def test_django_ids_link_to_djangos_reference_whatever_the_base():
    assert help_uri("security.W004", None) == DJANGO_CHECKS_URI
    assert help_uri("admin.E108", "https://x.org/") == DJANGO_CHECKS_URI


def test_third_party_ids_get_no_link():
    assert help_uri("corsheaders.E013", "https://x.org/") is None


def test_absolute_uris():
    assert is_absolute_uri("https://example.com/docs/")
    assert is_absolute_uri("file:///srv/docs/README.html")
    assert not is_absolute_uri("README.rst#x")
    assert not is_absolute_uri("/docs/README.html")
    assert not is_absolute_uri("https:docs")


def _metadata_with(*project_urls: str) -> Message:
    message = Message()
    for url in project_urls:
        message["Project-URL"] = url
    return message


def test_documentation_uri_read_from_package_metadata(monkeypatch):
    monkeypatch.setattr(
        help_links,
        "metadata",
        lambda name: _metadata_with(
            "Repository, https://example.com/repo",
            "Documentation, https://docs.example.com/django-chained/",
        ),
    )
    assert documentation_uri() == "https://docs.example.com/django-chained/"


def test_documentation_uri_none_when_missing_relative_or_not_installed(monkeypatch):
    monkeypatch.setattr(help_links, "metadata", lambda name: _metadata_with())
    assert documentation_uri() is None
    documentation_uri.cache_clear()
    monkeypatch.setattr(
        help_links, "metadata", lambda name: _metadata_with("Documentation, docs/")
    )
    assert documentation_uri() is None
    documentation_uri.cache_clear()

    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(help_links, "metadata", not_installed)
    assert documentation_uri() is None
