"""The standalone scan's 7xx findings: the Django version or range the project pins, judged by date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django_chained.conf import Settings
from django_chained.report import Record
from django_chained.scan.rule import UNSCANNABLE, UNSCANNABLE_HINTS
from django_chained.sourcetree.pins import Pin, PinSearch, Problem
from django_chained.sourcetree.settings_reader import StaticSettings
from django_chained.sourcetree.tree import SourceTree
from django_chained.versions.messages import version_messages
from django_chained.versions.ranges import range_messages, requirement_text
from django_chained.versions.scheme import UnparseableVersion


def version_records(
    tree: SourceTree,
    search: PinSearch,
    primary: StaticSettings | None,
    today: date,
    notes: list[str],
) -> list[Record]:
    """The 7xx findings of the Django version or range the project pins (``notes`` say why none)."""
    records = [_unreadable_pin_file(tree, problem) for problem in search.problems]
    pin = search.pin
    if pin is None:
        notes.append(
            "No pinned Django version or version range in requirement or lock files: 7xx skipped."
        )
        return records
    where = f"{tree.relative(pin.file)}:{pin.line}"
    chained = (
        Settings(primary)
        if primary is not None
        else Settings(StaticSettings(tree.root))
    )
    eol_days, data_days = (
        chained.CHAINED_EOL_WARNING_DAYS,
        chained.CHAINED_DATA_MAX_AGE_DAYS,
    )
    if not isinstance(pin, Pin):
        judged = range_messages(
            pin.alternatives,
            today,
            file_label=tree.relative(pin.file),
            eol_warning_days=eol_days,
            data_max_age_days=data_days,
            obj=where,
        )
        if judged is None:
            notes.append(
                f"{where}: no Django release django-chained knows satisfies {requirement_text(pin.alternatives)!r:.80}: 7xx skipped."
            )
            return records
        return records + [Record.from_check_message(m, tree.root) for m in judged]
    try:
        messages = version_messages(
            pin.version,
            today,
            eol_warning_days=eol_days,
            data_max_age_days=data_days,
            obj=where,
        )
    except UnparseableVersion:
        notes.append(
            f"{where}: Django {pin.version!r:.80} is not a version: 7xx skipped."
        )
        return records
    return records + [Record.from_check_message(m, tree.root) for m in messages]


def _unreadable_pin_file(tree: SourceTree, problem: Problem) -> Record:
    """An ``I004`` at a requirement, manifest or lock file that could not be read: its pin goes unjudged."""
    finding = UNSCANNABLE.at(str(problem.file), problem.line, reason=problem.reason)
    return Record.from_check_message(
        replace(finding, hint=UNSCANNABLE_HINTS["pin_file"]).to_check_message(),
        tree.root,
    )
