"""Absolute help URIs: README concern sections under a documentation base, Django's reference for its IDs."""

from __future__ import annotations

import re
from email.message import Message
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import docutils.core  # type: ignore[import-untyped]
import docutils.nodes  # type: ignore[import-untyped]
import pytest

from django_chained.report import help_links
from django_chained.report.catalogue import defined_ids
from django_chained.report.help_links import (
    DJANGO_CHECKS_URI,
    documentation_uri,
    help_uri,
    is_absolute_uri,
    readme_anchor,
)

README = Path(__file__).resolve().parent.parent / "README.rst"


@pytest.fixture(autouse=True)
def _fresh_documentation_uri():
    documentation_uri.cache_clear()
    yield
    documentation_uri.cache_clear()


def _readme_sections() -> dict[str, str]:
    """docutils section id → the section's text, as PyPI and GitHub render the README."""
    tree = docutils.core.publish_doctree(
        README.read_text(encoding="utf-8"),
        settings_overrides={"report_level": 5, "halt_level": 5},
    )
    return {
        section_id: section.astext()
        for section in tree.findall(docutils.nodes.section)
        for section_id in section["ids"]
    }


def test_every_defined_id_links_to_the_readme_section_that_documents_it():
    sections = _readme_sections()
    ids = defined_ids("django_chained")
    assert ids
    for check_id in ids:
        anchor = readme_anchor(check_id)
        where = f"{check_id} -> #{anchor}: fix the section maps in django_chained/report/help_links.py"
        assert anchor in sections, where
        assert re.search(rf"\b{re.escape(check_id)}\b", sections[anchor]), where


def test_probe_ids_link_to_their_live_probe_sections():
    assert readme_anchor("django_chained.W080") == "live-probe-django-leaks-08x"
    assert (
        readme_anchor("django_chained.W165")
        == "live-probe-https-tls-and-headers-16x-18x"
    )
    assert readme_anchor("django_chained.W560") == "live-probe-framing-56x"
    assert readme_anchor("django_chained.W661") == "live-probe-media-66x"
    assert readme_anchor("django_chained.W701") == "outdated-django-7xx"


def test_other_ids_have_no_readme_anchor():
    assert readme_anchor("security.W004") is None
    assert readme_anchor("django_chained.X") is None
    assert readme_anchor("django_chained.W80") is None


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
