"""The shipped data module is sound, and ``build_table`` reads such rows."""

from __future__ import annotations

from datetime import date

from packaging.version import Version

from django_chained.versions import data
from django_chained.versions.scheme import series_of
from django_chained.versions.table import build_table, shipped_table

# Django's documentation has no release notes (and so the table no row) for 1.1.1.
KNOWN_GAPS = {"1.1.1"}


def test_releases_are_sorted_and_unique():
    versions = [Version(version) for version, _, _ in data.RELEASES]
    assert versions == sorted(set(versions))


def test_series_are_sorted():
    assert list(data.SERIES) == sorted(data.SERIES, key=Version)


def test_no_gaps_within_a_series():
    by_series: dict[str, list[int]] = {}
    for version, _, _ in data.RELEASES:
        by_series.setdefault(series_of(version), []).append(
            Version(version).micro if len(Version(version).release) > 2 else 0
        )
    gaps = [
        f"{series}.{patch}"
        for series, patches in by_series.items()
        for patch in range(max(patches) + 1)
        if patch not in patches
    ]
    assert set(gaps) == KNOWN_GAPS


def test_every_release_belongs_to_a_series_row():
    assert {series_of(version) for version, _, _ in data.RELEASES} <= set(data.SERIES)


def test_every_fixed_release_exists():
    known = {Version(version) for version, _, _ in data.RELEASES}
    fixes = {
        Version(version)
        for *_, fixed, installable in data.ADVISORIES
        for version in [*fixed.values(), *installable.values()]
    }
    assert fixes <= known


def test_first_installable_fixes_are_installable():
    installable = {Version(v) for v, _, ok in data.RELEASES if ok}
    fixes = {
        Version(v)
        for *_, installable_fix in data.ADVISORIES
        for v in installable_fix.values()
    }
    assert fixes <= installable


def test_advisories_newest_first_with_unique_ids():
    dates = [disclosed for _, disclosed, *_ in data.ADVISORIES]
    ids = [advisory_id for advisory_id, *_ in data.ADVISORIES]
    assert dates == sorted(dates, reverse=True)
    assert len(ids) == len(set(ids))


def test_support_windows_are_ordered():
    for is_lts, first, mainstream, extended in data.SERIES.values():
        assert isinstance(is_lts, bool)
        assert mainstream <= extended
        assert not first or first <= mainstream


def test_data_is_no_older_than_its_newest_release():
    newest = max(released for _, released, _ in data.RELEASES if released)
    assert newest <= data.AS_OF


def test_shipped_table_knows_the_current_lts():
    table = shipped_table()
    lts = table.series["5.2"]
    assert lts.is_lts
    assert str(lts.latest) == "5.2.19"
    assert lts.end_extended == date(2028, 4, 30)
    assert shipped_table() is table


def test_latest_skips_releases_the_registry_does_not_serve():
    table = build_table(
        "2024-06-01",
        {"5.0": (False, "2023-12-04", "2024-08-07", "2025-04-02")},
        [("5.0", "2023-12-04", True), ("5.0.5", "2024-05-06", False)],
        [],
    )
    assert str(table.series["5.0"].latest) == "5.0"


def test_year_based_series_in_a_table():
    table = build_table(
        "2028-02-01",
        {
            "6.2": (True, "2027-04-01", "2028-01-15", "2030-04-30"),
            "2028": (False, "2028-01-15", "2029-01-15", "2030-01-31"),
        },
        [
            ("6.2", "2027-04-01", True),
            ("2028", "2028-01-15", True),
            ("2028.1", "2028-01-30", True),
        ],
        [],
    )
    assert list(table.series) == ["6.2", "2028"]
    assert [str(r) for r in table.series["2028"].releases] == ["2028", "2028.1"]
    assert [s.name for s in table.supported_on(date(2028, 2, 1))] == ["2028", "6.2"]


def test_status_over_a_series_lifetime():
    series = shipped_table().series["6.0"]
    assert series.status_on(date(2025, 1, 1)) == "not released yet"
    assert series.status_on(date(2026, 1, 1)) == "mainstream support"
    assert (
        series.status_on(date(2026, 11, 29)) == "extended support (security fixes only)"
    )
    assert series.status_on(date(2027, 5, 1)) == "end of life"


def test_series_without_a_release_date_past_its_support_is_end_of_life():
    """Django 1.0's releases have no date in the table; it is not "not released yet" in 2026."""
    series = shipped_table().series["1.0"]
    assert series.first_release is None
    assert series.status_on(date(2026, 11, 29)) == "end of life"
    assert not series.supported_on(date(2026, 11, 29))
