"""IDs a module or package defines, read from its source."""

from __future__ import annotations

from django_chained.report.catalogue import defined_ids


def test_ids_of_a_package():
    ids = defined_ids("django_chained.scan")
    assert {"django_chained.W401", "django_chained.W330", "django_chained.I004"} <= ids
    assert "django_chained.W501" not in ids


def test_ids_of_a_module():
    assert defined_ids("django_chained.report.accepted") == {"django_chained.W010"}


def test_missing_module_defines_nothing():
    assert defined_ids("django_chained_no_such_module") == frozenset()
