"""What the release table says about one Django version on one day: behind, missing fixes, support end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from packaging.version import Version

from django_chained.versions.scheme import final_of, parse, series_of
from django_chained.versions.table import (
    Advisory,
    Release,
    ReleaseTable,
    Series,
    shipped_table,
)


@dataclass(frozen=True)
class Assessment:
    """The facts the 7xx checks and ``chained_versions`` report about ``version`` on ``today``."""

    version: Version
    today: date
    table: ReleaseTable
    series_name: str
    #: ``None`` when the table does not know the series (a future, year-based or nonexistent series).
    series: Series | None
    #: The version is newer than the newest release of its series or of the table: an unknown future release.
    newer_than_table: bool
    #: The latest installable release of the series when ``version`` is older than it.
    upgrade_to: Release | None
    #: Advisories fixed in the series after ``version``, newest first.
    missing: tuple[Advisory, ...]

    @property
    def is_prerelease(self) -> bool:
        return self.version.is_prerelease

    @property
    def known(self) -> bool:
        return self.series is not None and not self.newer_than_table

    @property
    def before_table(self) -> bool:
        """Older than every release the table knows (0.96 …): unsupported for a long time."""
        return (
            self.series is None
            and final_of(self.version) < self.table.oldest_release.version
        )

    @property
    def support_ends(self) -> date | None:
        return self.series.end_extended if self.series else None

    @property
    def end_of_life(self) -> bool:
        if self.series is None:
            return self.before_table
        return self.today > self.series.end_extended

    @property
    def days_of_support_left(self) -> int | None:
        if self.series is None or self.end_of_life:
            return None
        return (self.series.end_extended - self.today).days

    @property
    def data_age_days(self) -> int:
        return (self.today - self.table.as_of).days

    @property
    def status(self) -> str:
        if self.series is None:
            return (
                "end of life"
                if self.before_table
                else "unknown (not in django-chained's table)"
            )
        return self.series.status_on(self.today)

    def upgrade_series(self) -> list[Series]:
        """Series supported today that are newer than the installed one, newest first."""
        floor = Version(self.series_name)
        return [
            series
            for series in self.table.supported_on(self.today)
            if Version(series.name) > floor
        ]


def assess(
    version: str | Version, today: date, table: ReleaseTable | None = None
) -> Assessment:
    """Compare ``version`` with ``table`` (default: the shipped one) as of ``today``.

    Raises ``UnparseableVersion`` when ``version`` is not a version ``packaging`` can read.
    """
    table = table or shipped_table()
    parsed = parse(version)
    comparable = final_of(parsed)
    name = series_of(parsed)
    series = table.series.get(name)
    if series is None or not series.releases:
        return Assessment(
            version=parsed,
            today=today,
            table=table,
            series_name=name,
            series=series,
            newer_than_table=comparable > table.newest_release.version,
            upgrade_to=None,
            missing=(),
        )
    latest = series.latest
    missing = tuple(
        advisory
        for advisory in table.advisories
        if (fix := advisory.fix_for(name)) is not None and comparable < fix
    )
    return Assessment(
        version=parsed,
        today=today,
        table=table,
        series_name=name,
        series=series,
        newer_than_table=comparable > series.releases[-1].version,
        upgrade_to=latest
        if latest is not None and comparable < latest.version
        else None,
        missing=missing,
    )
