"""Absolute help URIs: each ID's section of the checks page under a documentation base, Django's reference for its IDs."""

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


def test_every_catalogue_id_links_to_its_own_anchor_on_the_checks_page():
    # That the generated checks page holds each anchor: tests/test_docs_checks_reference.py.
    assert {i: help_uri(i, BASE) for i in RULES} == {
        i: f"{BASE}checks.html#{spec.anchor}" for i, spec in RULES.items()
    }
    assert len({help_uri(i, BASE) for i in RULES}) == len(RULES)


def test_an_id_links_to_the_section_named_after_it():
    assert (
        help_uri("django_chained.W080", BASE)
        == f"{BASE}checks.html#django-chained-w080"
    )
    assert (
        help_uri("django_chained.E104", BASE)
        == f"{BASE}checks.html#django-chained-e104"
    )


def test_the_base_may_omit_its_trailing_slash():
    assert help_uri("django_chained.I004", "https://example.com/docs") == (
        "https://example.com/docs/checks.html#django-chained-i004"
    )


def test_ids_missing_from_the_catalogue_get_no_link():
    assert help_uri("django_chained.W999", BASE) is None
    assert help_uri("django_chained.X", BASE) is None


def test_help_uri_joins_the_base_without_its_fragment():
    base = "https://example.com/django-chained/#readme"
    assert help_uri("django_chained.W501", base) == (
        "https://example.com/django-chained/checks.html#django-chained-w501"
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
