"""A finished report: records sorted into new, known and accepted, and the exit code they give."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.checks import CheckMessage
from django.core.checks.messages import ERROR

from django_chained.report.accepted import AcceptedRisks, apply_accepted_risks
from django_chained.report.baseline import split_known
from django_chained.report.record import Record, level_name

#: Exit status: no finding at or above the fail level (accepted and baseline findings excepted).
EXIT_OK = 0
#: Exit status: at least one new, unaccepted finding at or above the fail level.
EXIT_FINDINGS = 1
#: Exit status: the command could not run (bad arguments, unreadable baseline or path).
EXIT_USAGE = 2


@dataclass
class Report:
    """What every formatter renders. Build it with ``build_report``."""

    findings: list[Record]
    """Unaccepted findings sorted by ``Record.sort_key`` (baseline ones included)."""
    accepted: list[Record] = field(default_factory=list)
    known: set[int] = field(default_factory=set)
    """Indexes into ``findings`` of those a baseline already had."""
    fail_level: int = ERROR
    tool: str = "django-chained"
    source: str = "chained_report"
    """What produced the report: ``chained_report``, ``scan``, ``chained_probe`` …"""
    root: Path | None = None
    """The project root the records' ``file`` paths are relative to."""
    source_root: Path | None = None
    """The directory SARIF locations are relative to (``%SRCROOT%``); ``root`` when unset."""
    notes: list[str] = field(default_factory=list)
    """Human remarks about the run itself, e.g. a rule family skipped."""
    baseline_used: bool = False
    failure: str | None = None
    """Why the run itself failed (e.g. the probe could read no page): it exits 1 whatever the findings."""

    def is_known(self, index: int) -> bool:
        return index in self.known

    @property
    def failing(self) -> list[Record]:
        """New findings at or above the fail level: the ones that fail the build."""
        return [
            record
            for index, record in enumerate(self.findings)
            if record.level >= self.fail_level and index not in self.known
        ]

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.failing or self.failure else EXIT_OK

    @property
    def verdict(self) -> str:
        """The last line of a run: what failed and how to accept or baseline it, or that nothing did."""
        threshold = level_name(self.fail_level)
        if self.failure:
            return f"FAILED: {self.failure}."
        failing = self.failing
        if not failing:
            return f"OK: no new finding at or above {threshold}."
        ids = Counter(record.id for record in failing)
        named = ", ".join(
            f"{check_id} x{count}" if count > 1 else check_id
            for check_id, count in sorted(ids.items())
        )
        found = f"{len(failing)} new finding{'' if len(failing) == 1 else 's'}"
        return (
            f"FAILED: {found} at or above {threshold} ({named}). "
            f"Fix, or accept each with a reason (CHAINED_ACCEPTED_RISKS, or '# chained: ignore[ID] reason' "
            f"on its line), or baseline them (--format json --output baseline.json, then --baseline baseline.json)."
        )

    def counts(self, records: Iterable[Record] | None = None) -> Counter[str]:
        """Records per level name (``ERROR``, ``WARNING`` …)."""
        return Counter(
            r.level_name for r in (self.findings if records is None else records)
        )


def build_report(
    messages: Iterable[CheckMessage | Record],
    *,
    root: Path | None = None,
    accepted_risks: AcceptedRisks | None = None,
    judge_stale: Callable[[str], bool] = lambda check_id: True,
    baseline: Counter[str] | None = None,
    fail_level: int = ERROR,
    source: str = "chained_report",
    notes: Iterable[str] = (),
    source_root: Path | None = None,
    failure: str | None = None,
) -> Report:
    """Turn check messages into a report: accept risks (adding W010 for stale ones), apply the baseline."""
    records = [
        m if isinstance(m, Record) else Record.from_check_message(m, root)
        for m in messages
    ]
    acceptance = apply_accepted_risks(records, accepted_risks or {}, judge_stale)
    records = acceptance.records + [
        Record.from_check_message(w, root) for w in acceptance.stale
    ]
    # Sorted, so a report never depends on check registration order or PYTHONHASHSEED.
    records.sort(key=lambda r: r.sort_key)
    findings = [r for r in records if r.accepted is None]
    accepted = [r for r in records if r.accepted is not None]
    known: set[int] = set()
    if baseline is not None:
        _, known_records = split_known(findings, baseline)
        known_ids = {id(r) for r in known_records}
        known = {i for i, r in enumerate(findings) if id(r) in known_ids}
    return Report(
        findings=findings,
        accepted=accepted,
        known=known,
        fail_level=fail_level,
        source=source,
        root=root,
        source_root=source_root,
        notes=list(notes),
        baseline_used=baseline is not None,
        failure=failure,
    )
