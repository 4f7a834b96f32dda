from __future__ import annotations

from datetime import date

import pytest

from django_chained.versions.assess import assess
from django_chained.versions.scheme import UnparseableVersion
from tests.versions_fixtures import TABLE, YEAR_TABLE

DAY = date(2026, 6, 1)


def ids(assessment):
    return [advisory.id for advisory in assessment.missing]


def test_latest_patch_is_known_and_complete():
    result = assess("5.2.4", DAY, TABLE)
    assert result.known
    assert result.upgrade_to is None
    assert result.missing == ()
    assert result.status == "extended support (security fixes only)"
    assert result.days_of_support_left == (date(2028, 4, 30) - DAY).days


def test_behind_lists_missing_fixes_newest_first_and_targets_latest_installable():
    result = assess("5.2", DAY, TABLE)
    assert str(result.upgrade_to) == "5.2.4"
    assert ids(result) == ["CVE-2026-0002", "CVE-2026-0001", "CVE-2025-0003"]


def test_fix_release_itself_is_not_missing_the_fix():
    assert ids(assess("5.2.3", DAY, TABLE)) == []
    assert str(assess("5.2.3", DAY, TABLE).upgrade_to) == "5.2.4"


def test_post_and_local_builds_compare_as_their_release():
    assert ids(assess("5.2.1.post1", DAY, TABLE)) == ["CVE-2026-0002", "CVE-2026-0001"]
    assert ids(assess("5.2.1+corp.7", DAY, TABLE)) == ["CVE-2026-0002", "CVE-2026-0001"]


def test_prerelease_of_a_series_misses_fixes_made_in_its_final():
    result = assess("6.0rc1", DAY, TABLE)
    assert result.is_prerelease
    assert ids(result) == ["CVE-2026-0001", "CVE-2025-0003"]


def test_end_of_life_series():
    result = assess("5.1.1", DAY, TABLE)
    assert result.end_of_life
    assert result.days_of_support_left is None
    assert result.status == "end of life"
    assert [s.name for s in result.upgrade_series()] == ["6.0", "5.2"]


def test_newer_patch_than_the_table_is_unknown_not_behind():
    result = assess("5.2.5", DAY, TABLE)
    assert result.newer_than_table
    assert not result.known
    assert result.upgrade_to is None


def test_future_series_is_unknown():
    result = assess("6.1", DAY, TABLE)
    assert result.series is None
    assert result.newer_than_table
    assert not result.end_of_life
    assert result.support_ends is None
    assert result.status == "unknown (not in django-chained's table)"


def test_series_inside_the_table_range_that_does_not_exist():
    result = assess("5.3", DAY, TABLE)
    assert not result.newer_than_table
    assert not result.known
    assert not result.before_table


def test_older_than_the_table_is_end_of_life():
    result = assess("0.96", DAY, TABLE)
    assert result.before_table
    assert result.end_of_life
    assert result.status == "end of life"


def test_year_based_versions():
    behind = assess("2028", date(2028, 3, 1), YEAR_TABLE)
    assert behind.series_name == "2028"
    assert str(behind.upgrade_to) == "2028.1"
    assert ids(behind) == ["CVE-2028-1"]
    current = assess("2028.1", date(2028, 3, 1), YEAR_TABLE)
    assert current.known
    assert current.missing == ()
    assert [
        s.name for s in assess("6.2", date(2028, 3, 1), YEAR_TABLE).upgrade_series()
    ] == ["2028"]


def test_data_age():
    assert assess("5.2.4", date(2026, 5, 11), TABLE).data_age_days == 10


def test_shipped_table_by_default():
    result = assess("5.2.3", date(2026, 11, 29))
    assert str(result.upgrade_to) == "5.2.19"
    assert "CVE-2026-114582" in ids(result)


def test_unparseable_version_raises():
    with pytest.raises(UnparseableVersion):
        assess("five", DAY, TABLE)
