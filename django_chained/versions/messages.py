"""7xx messages: what an outdated Django, or an advisory for an installed distribution, looks like.

Pure functions of a version string, a date and the release table, so the checks and the standalone scanner
(which reads Django versions pinned in requirements files) share them.
Importing this module needs neither configured settings nor the app registry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.checks import CheckMessage, Error, Info, Warning
from django.core.checks.messages import WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.versions import osv
from django_chained.versions.assess import Assessment, assess
from django_chained.versions.table import Advisory, ReleaseTable, Series, shipped_table

#: Advisories listed in full in a message; the rest are named by id only.
LISTED_IN_FULL = 10


def advisory_line(advisory: Advisory, series: str) -> str:
    severity = f", {advisory.severity}" if advisory.severity else ""
    return (
        f"{advisory.id} ({advisory.disclosed.isoformat()}{severity}, fixed in "
        f"{advisory.upgrade_for(series)}): {advisory.summary}"
    )


def series_list(series: list[Series]) -> str:
    return ", ".join(f"{s.label} (until {s.end_extended.isoformat()})" for s in series)


def w701_behind_latest_patch(*, assessment: Assessment, obj: Any = None) -> Warning:
    """One line: how many fixes are missing and the command listing them (a list is unreadable among 50 findings)."""
    target = assessment.upgrade_to
    assert target is not None
    count = len(assessment.missing)
    head = f"Django {assessment.version} is older than {target}, the latest {assessment.series_name} release"
    if count:
        fixes = "1 security fix" if count == 1 else f"{count} security fixes"
        head += (
            f", and misses {fixes}: 'manage.py chained_versions "
            f"--django-version {assessment.version}' lists them."
        )
    else:
        head += " (no security fixes known in between)."
    return Warning(
        head,
        hint=f"Upgrade Django to {target} (pip install 'Django=={target}').",
        obj=obj,
        id="django_chained.W701",
    )


def w702_prerelease(*, assessment: Assessment, obj: Any = None) -> Warning:
    series = assessment.series
    final = series.latest if series is not None else None
    target = final or assessment.table.newest_release
    return Warning(
        f"Django {assessment.version} is a pre-release, not meant for production.",
        hint=f"Deploy a final release such as Django {target}.",
        obj=obj,
        id="django_chained.W702",
    )


def w703_end_of_life(*, assessment: Assessment, obj: Any = None) -> Warning:
    ends = assessment.support_ends
    since = f"since {ends.isoformat()}" if ends else "for years"
    newer = assessment.upgrade_series()
    return Warning(
        f"Django {assessment.series_name} has had no security support {since}: "
        "later advisories do not list it, so its exposure to them is unknown.",
        hint=f"Upgrade to a supported series: {series_list(newer)}."
        if newer
        else "Upgrade to a supported Django series.",
        obj=obj,
        id="django_chained.W703",
    )


def i704_support_ends_soon(*, assessment: Assessment, obj: Any = None) -> Info:
    assert assessment.support_ends is not None
    newer = assessment.upgrade_series()
    return Info(
        f"Django {assessment.series_name} security support ends on "
        f"{assessment.support_ends.isoformat()}, in {assessment.days_of_support_left} day(s).",
        hint=f"Plan the upgrade to {series_list(newer)}."
        if newer
        else "Plan the upgrade to the next Django series.",
        obj=obj,
        id="django_chained.I704",
    )


def i705_unknown_version(*, assessment: Assessment, obj: Any = None) -> Info:
    table = assessment.table
    relation = "is newer than" if assessment.newer_than_table else "is not a release in"
    known = assessment.series.releases if assessment.series else ()
    newest = known[-1] if known else table.newest_release
    return Info(
        f"Django {assessment.version} {relation} django-chained's release table "
        f"(as of {table.as_of.isoformat()}, newest known {newest}), so it was not checked.",
        hint="Upgrade django-chained to check this version against Django's advisories.",
        obj=obj,
        id="django_chained.I705",
    )


def i706_table_outdated(
    *, table: ReleaseTable, age_days: int, max_age_days: int
) -> Info:
    return Info(
        f"django-chained's Django release table is {age_days} days old (as of "
        f"{table.as_of.isoformat()}), more than CHAINED_DATA_MAX_AGE_DAYS ({max_age_days}).",
        hint="Upgrade django-chained to learn about newer Django releases and advisories.",
        id="django_chained.I706",
    )


def w707_vulnerable_distribution(*, match: osv.Match) -> ChainedMessage:
    advisory = match.advisory
    aliases = f" ({', '.join(advisory.aliases)})" if advisory.aliases else ""
    fixed = (
        f"Upgrade {match.distribution} to {' or '.join(match.fixed)} or later."
        if match.fixed
        else (
            f"No fixed {match.distribution} release is listed: replace or remove it, or accept the risk."
        )
    )
    return ChainedMessage(
        WARNING,
        f"{match.distribution} {match.version} is affected by {advisory.id}{aliases}: {advisory.summary}",
        hint=fixed,
        obj=advisory.source,
        id="django_chained.W707",
        # Not the OSV file's path: a baseline must hold in a clone at another path.
        subject=f"{match.distribution} {advisory.id}",
    )


def e708_unreadable_advisories(*, problem: str) -> Error:
    message = f"CHAINED_ADVISORY_PATHS: cannot read OSV advisories from {problem}"
    return Error(
        message if message.endswith(".") else f"{message}.",
        hint="Fix or remove the entry: CHAINED_ADVISORY_PATHS takes OSV JSON files (one advisory or a list) or directories of *.json files.",
        id="django_chained.E708",
    )


def version_messages(
    version: str,
    today: date,
    *,
    eol_warning_days: int = 90,
    data_max_age_days: int = 180,
    table: ReleaseTable | None = None,
    obj: Any = None,
) -> list[CheckMessage]:
    """The 7xx messages for Django ``version`` on ``today`` (e.g. a version pinned in requirements.txt).

    Raises ``django_chained.versions.scheme.UnparseableVersion`` when ``version`` is not a version.
    """
    table = table or shipped_table()
    assessment = assess(version, today, table)
    messages: list[CheckMessage] = []
    if assessment.data_age_days > data_max_age_days:
        messages.append(
            i706_table_outdated(
                table=table,
                age_days=assessment.data_age_days,
                max_age_days=data_max_age_days,
            )
        )
    if assessment.is_prerelease:
        messages.append(w702_prerelease(assessment=assessment, obj=obj))
        # A pre-release older than the series' fixes is also exposed to them: name them, as for a final.
        if assessment.upgrade_to is not None and assessment.missing:
            messages.append(w701_behind_latest_patch(assessment=assessment, obj=obj))
    elif not assessment.known and not assessment.before_table:
        messages.append(i705_unknown_version(assessment=assessment, obj=obj))
    elif assessment.upgrade_to is not None:
        messages.append(w701_behind_latest_patch(assessment=assessment, obj=obj))
    if assessment.end_of_life:
        messages.append(w703_end_of_life(assessment=assessment, obj=obj))
    elif (
        left := assessment.days_of_support_left
    ) is not None and left <= eol_warning_days:
        messages.append(i704_support_ends_soon(assessment=assessment, obj=obj))
    return messages


def relevant_matches(
    advisories: list[osv.OsvAdvisory], installed: dict[str, tuple[str, str]]
) -> list[osv.Match]:
    """Installed distributions the advisories cover, minus Django advisories the shipped table reports (W701)."""
    known = shipped_table().advisory_ids()
    return [
        match
        for match in osv.matches(advisories, installed)
        if not (
            match.distribution.lower() == "django"
            and {match.advisory.id, *match.advisory.aliases} & known
        )
    ]


def advisory_messages(
    advisories: list[osv.OsvAdvisory],
    problems: list[str],
    installed: dict[str, tuple[str, str]],
) -> list[CheckMessage]:
    """E708 per unreadable advisory file, W707 per installed distribution an advisory covers."""
    messages: list[CheckMessage] = [
        e708_unreadable_advisories(problem=p) for p in problems
    ]
    messages += [
        w707_vulnerable_distribution(match=match)
        for match in relevant_matches(advisories, installed)
    ]
    return messages
