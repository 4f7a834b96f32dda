from __future__ import annotations

import pytest
from packaging.version import Version

from django_chained.versions.scheme import (
    UnparseableVersion,
    final_of,
    is_year_based,
    parse,
    series_of,
)


@pytest.mark.parametrize(
    ("version", "series"),
    [
        ("5.2.3", "5.2"),
        ("5.2", "5.2"),
        ("6.1rc1", "6.1"),
        ("6.1.dev20260101", "6.1"),
        ("5.2.3.post1", "5.2"),
        ("5.2.3+corp.1", "5.2"),
        ("1.11.29", "1.11"),
        ("6", "6.0"),
        ("2028", "2028"),
        ("2028.1", "2028"),
        ("2029.3", "2029"),
        ("2028a1", "2028"),
    ],
)
def test_series_of(version, series):
    assert series_of(version) == series


def test_year_based_scheme_starts_in_2028():
    assert is_year_based(Version("2028.1"))
    assert not is_year_based(Version("6.2.9"))


@pytest.mark.parametrize(
    ("version", "final"),
    [
        ("5.2.3", "5.2.3"),
        ("5.2.3.post1", "5.2.3"),
        ("5.2.3+corp.1", "5.2.3"),
        ("6.1rc1", "6.1rc1"),
        ("6.1rc1.post2+x", "6.1rc1"),
        ("6.1.dev20260101", "6.1.dev20260101"),
    ],
)
def test_final_of_drops_post_and_local_parts(version, final):
    assert final_of(Version(version)) == Version(final)


def test_post_release_sorts_before_next_patch():
    assert final_of(Version("5.2.3.post1")) < Version("5.2.4")


def test_parse_accepts_a_version_object_and_surrounding_blanks():
    assert parse(" 5.2.3 ") == Version("5.2.3")
    version = Version("5.2")
    assert parse(version) is version


def test_parse_rejects_nonsense():
    with pytest.raises(UnparseableVersion, match="5.2.x"):
        parse("5.2.x")
