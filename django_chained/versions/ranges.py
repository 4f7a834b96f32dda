"""7xx messages for a requirement that allows a range of Django versions: its lowest allowed release is judged.

A range such as ``Django>=4.2,<5`` lets a resolver (or a constraints file, or ``--resolution lowest``) install
its lower bound, so that release is what the checks judge. When it misses security fixes, ``W709`` names them
and the lower bound to raise; it takes the place of ``W701``, whose advice (upgrade to the latest patch) does not
fit a file that only allows versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.checks import CheckMessage, Warning
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from django_chained.versions.assess import Assessment, assess
from django_chained.versions.messages import (
    LISTED_IN_FULL,
    advisory_line,
    version_messages,
)
from django_chained.versions.table import Release, ReleaseTable, shipped_table

W701 = "django_chained.W701"


def lowest_allowed(
    alternatives: Sequence[SpecifierSet], table: ReleaseTable
) -> Release | None:
    """The oldest installable release in ``table`` that one of ``alternatives`` allows; ``None`` if none."""
    allowed = [
        release
        for series in table.series.values()
        for release in series.releases
        if release.installable
        and any(s.contains(release.version) for s in alternatives)
    ]
    return min(allowed, key=lambda release: release.version) if allowed else None


def specifier_text(specifier: SpecifierSet) -> str:
    """``>=4.2,<5``: lower bounds first, as people write them (``str()`` sorts ``<5,>=4.2``)."""
    parts = sorted(
        specifier, key=lambda s: (s.operator not in (">=", ">", "~="), str(s))
    )
    return ",".join(str(part) for part in parts)


def requirement_text(alternatives: Sequence[SpecifierSet]) -> str:
    """``>=4.2,<5 || >=5.2,<6``: Poetry's spelling of alternatives."""
    return " || ".join(specifier_text(s) for s in alternatives)


def safe_lower_bound(assessment: Assessment) -> Version:
    """The first installable release of the series that has every fix ``assessment`` misses."""
    series = assessment.series_name
    return max(Version(a.upgrade_for(series)) for a in assessment.missing)


def w709_range_misses_fixes(
    *, assessment: Assessment, requirement: str, obj: Any = None
) -> Warning:
    missing = assessment.missing
    bound = safe_lower_bound(assessment)
    lines = [advisory_line(a, assessment.series_name) for a in missing[:LISTED_IN_FULL]]
    rest = [a.id for a in missing[LISTED_IN_FULL:]]
    if rest:
        lines.append(f"and {len(rest)} more: {', '.join(rest)}")
    return Warning(
        f"Requirement range {requirement!r} allows Django {assessment.version}, which misses "
        f"{len(missing)} security fix(es): raise the lower bound to ≥ {bound}.\n  "
        + "\n  ".join(lines),
        hint=f"Require Django>={bound} (keeping the upper bound), so no install can pick a release "
        "without these fixes.",
        obj=obj,
        id="django_chained.W709",
    )


def range_messages(
    alternatives: Sequence[SpecifierSet],
    today: date,
    *,
    file_label: str,
    eol_warning_days: int = 90,
    data_max_age_days: int = 180,
    table: ReleaseTable | None = None,
    obj: Any = None,
) -> list[CheckMessage] | None:
    """The 7xx messages for the lowest release ``alternatives`` allow; ``None`` when the table has none.

    ``W709`` replaces ``W701``; the other messages about that release say it is the lowest ``file_label`` allows.
    """
    table = table or shipped_table()
    lowest = lowest_allowed(alternatives, table)
    if lowest is None:
        return None
    assessment = assess(lowest.version, today, table)
    requirement = requirement_text(alternatives)
    messages: list[CheckMessage] = []
    for message in version_messages(
        str(lowest),
        today,
        eol_warning_days=eol_warning_days,
        data_max_age_days=data_max_age_days,
        table=table,
        obj=obj,
    ):
        if message.id == W701:
            if assessment.missing:
                messages.append(
                    w709_range_misses_fixes(
                        assessment=assessment, requirement=requirement, obj=obj
                    )
                )
        elif message.obj is None:  # I706: about the table, not the version
            messages.append(message)
        else:
            messages.append(
                CheckMessage(
                    message.level,
                    f"The lowest version {file_label} allows is Django {lowest}: {message.msg}",
                    hint=message.hint,
                    obj=message.obj,
                    id=message.id,
                )
            )
    return messages
