"""The text report: grouped by concern, one summary line each, coloured like Django's ``check``; repeated findings
of one ID and hint are listed once with their places."""

from __future__ import annotations

from collections.abc import Callable

from django.core.checks.messages import ERROR, WARNING
from django.core.management.color import Style

from django_chained.report.concerns import CONCERNS, concern_title
from django_chained.report.outcome import Report
from django_chained.report.text_groups import FindingGroup, group_findings

Paint = Callable[[str], str]


def _paint(style: Style, level: int) -> Paint:
    if level >= ERROR:
        return style.ERROR
    if level >= WARNING:
        return style.WARNING
    return lambda text: text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary(report: Report, indexes: list[int]) -> str:
    counts = report.counts(report.findings[i] for i in indexes)
    parts = [
        _plural(counts[name], name.lower())
        for name in ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
        if counts[name]
    ]
    known = sum(1 for i in indexes if report.is_known(i))
    if known:
        parts.append(f"{known} in baseline")
    return ", ".join(parts) if parts else "no findings"


def _accepted_summary(report: Report) -> str:
    if not report.accepted:
        return ""
    inline = sum(1 for record in report.accepted if record.accepted_inline)
    return f", {len(report.accepted)} accepted" + (
        f" ({inline} inline)" if inline else ""
    )


def _where(report: Report, index: int) -> str:
    """The finding's object and place, and whether the baseline has it: `` app.views.f (app/views.py:3)``."""
    record = report.findings[index]
    where = f" {record.obj}" if record.obj else ""
    if record.location and record.location != record.obj:
        where += f" ({record.location})" if record.obj else f" {record.location}"
    return where + (" (in baseline)" if report.is_known(index) else "")


def _lines_for(report: Report, group: FindingGroup, style: Style) -> list[str]:
    record = report.findings[group.indexes[0]]
    if len(group.indexes) == 1:
        head = f"  {record.id} {record.level_name}{_where(report, group.indexes[0])}"
        lines = [f"      {record.message}"]
    else:
        head = f"  {record.id} {record.level_name} ({len(group.indexes)} places)"
        lines = [f"      {group.shared}"] if group.shared is not None else []
    if record.hint:
        lines.append(f"      HINT: {record.hint}")
    if len(group.indexes) > 1:
        for index, detail in zip(group.indexes, group.details, strict=True):
            place = _where(report, index).lstrip() or "?"
            lines.append(f"      {place}: {detail}" if detail else f"      {place}")
    return [_paint(style, record.level)(head), *lines]


def render_text(report: Report, style: Style) -> str:
    """The human report: a header, the seven concerns plus other checks, accepted risks, the verdict."""
    groups: dict[int | None, list[int]] = {key: [] for key in [*CONCERNS, None]}
    for index, record in enumerate(report.findings):
        groups[record.concern if record.concern in CONCERNS else None].append(index)
    out = [
        style.MIGRATE_HEADING(f"{report.tool} {report.source}: ")
        + _summary(report, list(range(len(report.findings))))
        + _accepted_summary(report)
    ]
    out.extend(f"Note: {note}" for note in report.notes)
    out.append("")
    for concern, indexes in groups.items():
        if concern is None and not indexes:
            continue
        line = f"{concern_title(concern)}: {_summary(report, indexes)}"
        out.append(style.SUCCESS(line) if not indexes else style.MIGRATE_HEADING(line))
        for group in group_findings(report.findings, indexes):
            out.extend(_lines_for(report, group, style))
    if report.accepted:
        out += ["", style.MIGRATE_HEADING(f"Accepted risks: {len(report.accepted)}")]
        for record in report.accepted:
            where = f" {record.obj}" if record.obj else ""
            inline = " (inline)" if record.accepted_inline else ""
            out.append(f"  {record.id}{where}{inline}: {record.accepted}")
    out.append("")
    paint = style.ERROR if report.exit_code else style.SUCCESS
    out.append(paint(report.verdict))
    return "\n".join(out) + "\n"
