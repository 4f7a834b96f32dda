"""Typed view of the release table: series with their support windows, releases and advisories.

``shipped_table()`` imports the generated ``data`` module on first use only, so importing this module (and so
``manage.py`` startup) costs nothing until a version check or ``chained_versions`` runs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from packaging.version import Version

from django_chained.versions.scheme import series_of

SeriesRow = tuple[bool, str, str, str]
ReleaseRow = tuple[str, str, bool]
AdvisoryRow = tuple[str, str, str, str, str, dict[str, str], dict[str, str]]


@dataclass(frozen=True)
class Release:
    """One final release: ``5.2.19`` of 2026-11-03, installable unless yanked or never uploaded."""

    version: Version
    released: date | None
    installable: bool

    def __str__(self) -> str:
        return str(self.version)


@dataclass(frozen=True)
class Series:
    """A feature-release series (``5.2``, ``2028``) with its support window and its releases, oldest first."""

    name: str
    is_lts: bool
    first_release: date | None
    end_mainstream: date
    end_extended: date
    releases: tuple[Release, ...]

    @property
    def label(self) -> str:
        return f"{self.name} LTS" if self.is_lts else self.name

    @property
    def latest(self) -> Release | None:
        """The newest release that can be installed (the upgrade target)."""
        installable = [release for release in self.releases if release.installable]
        return installable[-1] if installable else None

    def supported_on(self, day: date) -> bool:
        """Released by ``day`` and still receiving security fixes on it."""
        return (
            self.first_release is not None
            and self.first_release <= day <= self.end_extended
        )

    def status_on(self, day: date) -> str:
        # Checked first: the oldest series (1.0) have no known release date yet ended long ago.
        if day > self.end_extended:
            return "end of life"
        if self.first_release is None or day < self.first_release:
            return "not released yet"
        if day <= self.end_mainstream:
            return "mainstream support"
        return "extended support (security fixes only)"


@dataclass(frozen=True)
class Advisory:
    """A Django security advisory and, per series, the first release that fixes it."""

    id: str
    disclosed: date
    severity: str
    summary: str
    url: str
    fixed_in: Mapping[str, str]
    first_installable_fix: Mapping[str, str]

    def fix_for(self, series: str) -> Version | None:
        fixed = self.fixed_in.get(series)
        return Version(fixed) if fixed else None

    def upgrade_for(self, series: str) -> str:
        """The release to install for this fix: the first one the registry serves."""
        return self.first_installable_fix.get(series) or self.fixed_in[series]


@dataclass(frozen=True)
class ReleaseTable:
    """Everything django-chained knows about Django releases, as of ``as_of``."""

    as_of: date
    series: Mapping[str, Series]
    advisories: tuple[Advisory, ...]

    @property
    def newest_release(self) -> Release:
        return max(
            (release for series in self.series.values() for release in series.releases),
            key=lambda release: release.version,
        )

    @property
    def oldest_release(self) -> Release:
        return min(
            (release for series in self.series.values() for release in series.releases),
            key=lambda release: release.version,
        )

    def supported_on(self, day: date) -> list[Series]:
        """Series with security support on ``day``, newest first."""
        return [
            series
            for series in reversed(list(self.series.values()))
            if series.supported_on(day)
        ]

    def advisory_ids(self) -> frozenset[str]:
        return frozenset(advisory.id for advisory in self.advisories)


def optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def build_table(
    as_of: str,
    series: Mapping[str, SeriesRow],
    releases: Iterable[ReleaseRow],
    advisories: Iterable[AdvisoryRow],
) -> ReleaseTable:
    """A ``ReleaseTable`` from the generated module's plain rows (tests pass small tables of their own)."""
    by_series: dict[str, list[Release]] = {name: [] for name in series}
    for version, released, installable in releases:
        parsed = Version(version)
        by_series[series_of(parsed)].append(
            Release(parsed, optional_date(released), installable)
        )
    ordered = sorted(series, key=Version)
    return ReleaseTable(
        as_of=date.fromisoformat(as_of),
        series={
            name: Series(
                name=name,
                is_lts=series[name][0],
                first_release=optional_date(series[name][1]),
                end_mainstream=date.fromisoformat(series[name][2]),
                end_extended=date.fromisoformat(series[name][3]),
                releases=tuple(
                    sorted(by_series[name], key=lambda release: release.version)
                ),
            )
            for name in ordered
        },
        advisories=tuple(
            Advisory(
                id_,
                date.fromisoformat(disclosed),
                severity,
                summary,
                url,
                fixed,
                installable,
            )
            for id_, disclosed, severity, summary, url, fixed, installable in advisories
        ),
    )


@functools.cache
def shipped_table() -> ReleaseTable:
    """The table generated from Django's documentation and shipped in ``django_chained.versions.data``."""
    from django_chained.versions import data

    return build_table(data.AS_OF, data.SERIES, data.RELEASES, data.ADVISORIES)
