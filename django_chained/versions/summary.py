"""The ``chained_versions`` report as plain data (JSON-ready) and as a text table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.checks import CheckMessage

from django_chained.versions.assess import Assessment
from django_chained.versions.osv import Match

LEVEL_NAMES = {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}


def django_summary(assessment: Assessment) -> dict[str, Any]:
    series = assessment.series
    latest = series.latest if series else None
    return {
        "package": "Django",
        "installed": str(assessment.version),
        "series": assessment.series_name,
        "lts": bool(series and series.is_lts),
        "latest": str(latest) if latest else None,
        "upgrade_to": str(assessment.upgrade_to) if assessment.upgrade_to else None,
        "status": assessment.status,
        "mainstream_ends": series.end_mainstream.isoformat() if series else None,
        "support_ends": series.end_extended.isoformat() if series else None,
        "missing": [
            {
                "id": advisory.id,
                "date": advisory.disclosed.isoformat(),
                "severity": advisory.severity or None,
                "summary": advisory.summary,
                "fixed_in": advisory.fixed_in[assessment.series_name],
                "first_installable_fix": advisory.upgrade_for(assessment.series_name),
                "url": advisory.url or None,
            }
            for advisory in assessment.missing
        ],
    }


def summary(
    assessment: Assessment, matches: Iterable[Match], messages: Iterable[CheckMessage]
) -> dict[str, Any]:
    """Everything ``chained_versions --format json`` prints."""
    return {
        "today": assessment.today.isoformat(),
        "data_as_of": assessment.table.as_of.isoformat(),
        "django": django_summary(assessment),
        "supported_series": [
            {
                "series": series.name,
                "lts": series.is_lts,
                "latest": str(series.latest) if series.latest else None,
                "mainstream_ends": series.end_mainstream.isoformat(),
                "support_ends": series.end_extended.isoformat(),
            }
            for series in assessment.table.supported_on(assessment.today)
        ],
        "advisories": [
            {
                "package": match.distribution,
                "installed": match.version,
                "id": match.advisory.id,
                "aliases": list(match.advisory.aliases),
                "summary": match.advisory.summary,
                "fixed_in": list(match.fixed),
                "source": match.advisory.source,
            }
            for match in matches
        ],
        "messages": [
            {
                "id": message.id,
                "level": LEVEL_NAMES.get(message.level, str(message.level)),
                "msg": message.msg,
                "hint": message.hint,
            }
            for message in messages
        ],
    }


def table_lines(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def render_text(data: dict[str, Any]) -> str:
    """A table of the installed series, then the missing fixes and the matched advisories."""
    django = data["django"]
    series = django["series"] + (" LTS" if django["lts"] else "")
    rows = [
        [
            "Package",
            "Installed",
            "Series",
            "Latest",
            "Missing fixes",
            "Support ends",
            "Status",
        ],
        [
            "Django",
            django["installed"],
            series,
            django["latest"] or "-",
            str(len(django["missing"])),
            django["support_ends"] or "-",
            django["status"],
        ],
    ]
    rows += [
        [
            m["package"],
            m["installed"],
            "-",
            " or ".join(m["fixed_in"]) or "-",
            m["id"],
            "-",
            "advisory from CHAINED_ADVISORY_PATHS",
        ]
        for m in data["advisories"]
    ]
    lines = table_lines(rows)
    if django["missing"]:
        lines += ["", f"Security fixes missing from Django {django['installed']}:"]
        lines += [
            f"  {m['id']}  {m['date']}  fixed in {m['first_installable_fix']}  {m['summary']}"
            for m in django["missing"]
        ]
    if django["upgrade_to"]:
        lines += ["", f"Upgrade to Django {django['upgrade_to']}."]
    supported = ", ".join(
        f"{s['series']}{' LTS' if s['lts'] else ''} (latest {s['latest']}, until {s['support_ends']})"
        for s in data["supported_series"]
    )
    lines += ["", f"Supported series on {data['today']}: {supported or 'none known'}."]
    lines += [f"Release data as of {data['data_as_of']}."]
    return "\n".join(lines) + "\n"
