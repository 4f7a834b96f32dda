"""SARIF rule summaries from the README's check reference, installed or in a checkout."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError

import pytest

from django_chained.report import rule_docs
from django_chained.report.catalogue import defined_ids
from django_chained.report.rule_docs import rule_summaries, summaries_in

README = """\
Title
=====

**django_chained.W501**: A ``csrf_exempt`` view accepts unsafe methods.

Text mentioning **django_chained.W502** in passing.
**django_chained.I004**: File could not be scanned.
"""


class _Metadata:
    def __init__(self, description):
        self.json = {"description": description} if description is not None else {}


@pytest.fixture(autouse=True)
def _fresh():
    rule_summaries.cache_clear()
    yield
    rule_summaries.cache_clear()


def test_summaries_are_plain_text_one_per_documented_id():
    assert summaries_in(README) == {
        "django_chained.W501": "A csrf_exempt view accepts unsafe methods.",
        "django_chained.I004": "File could not be scanned.",
    }


def test_every_defined_id_has_a_summary_in_the_checkout_readme():
    assert set(rule_summaries()) >= defined_ids("django_chained")


def test_checkout_readme_first(monkeypatch, tmp_path):
    readme = tmp_path / "README.rst"
    readme.write_text(README)
    monkeypatch.setattr(rule_docs, "CHECKOUT_README", readme)
    monkeypatch.setattr(
        rule_docs, "metadata", lambda name: _Metadata("**django_chained.I004**: stale")
    )
    assert rule_summaries()["django_chained.I004"] == "File could not be scanned."


def test_installed_description_without_a_checkout(monkeypatch, tmp_path):
    monkeypatch.setattr(rule_docs, "CHECKOUT_README", tmp_path / "absent.rst")
    monkeypatch.setattr(rule_docs, "metadata", lambda name: _Metadata(README))
    assert rule_summaries()["django_chained.I004"] == "File could not be scanned."


def test_no_readme_anywhere_gives_no_summaries(monkeypatch, tmp_path):
    monkeypatch.setattr(rule_docs, "CHECKOUT_README", tmp_path / "absent.rst")
    monkeypatch.setattr(rule_docs, "metadata", lambda name: _Metadata(None))
    assert rule_summaries() == {}

    def not_installed(name):
        raise PackageNotFoundError(name)

    rule_summaries.cache_clear()
    monkeypatch.setattr(rule_docs, "metadata", not_installed)
    assert rule_summaries() == {}
