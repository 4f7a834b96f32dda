"""``CHAINED_ACCEPTED_RISKS``: reasoned, per-object acceptance, and the stale entries it leaves."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from django.core.checks import Warning

from django_chained.report.record import Record

AcceptedRisks = Mapping[str, Mapping[str, str]]


def w010_stale_accepted_risk(*, check_id: str, obj: str) -> Warning:
    return Warning(
        f"CHAINED_ACCEPTED_RISKS accepts {check_id} for {obj!r}, but no such finding remains.",
        hint="Remove the entry, or it will silently accept a future finding on that object.",
        obj=obj,
        id="django_chained.W010",
    )


def matches(record: Record, key: str) -> bool:
    """Whether an accepted-risks key names this record's object: exactly its dotted path, field or URL, or its
    whole file path from the project root, with or without the line (``app/views.py``, ``app/views.py:12``).

    A bare file name (``views.py``) names no finding: it would accept the finding in every ``views.py``.
    The empty key names the object of a finding that has none: a settings-level finding such as ``security.W004``
    (the standalone scan places those in the settings file, but leaves their object empty too).
    """
    if key == "":
        return not record.obj
    if key in (record.obj, record.file):
        return True
    return record.file is not None and key == f"{record.file}:{record.line}"


class Acceptance(NamedTuple):
    records: list[Record]
    """Every record, with ``accepted`` set on those an entry covers."""
    stale: list[Warning]
    """One ``django_chained.W010`` per entry that covered nothing."""


def apply_accepted_risks(
    records: Iterable[Record],
    risks: AcceptedRisks,
    judge_stale: Callable[[str], bool] = lambda check_id: True,
) -> Acceptance:
    """Mark accepted records; report entries that matched nothing for IDs ``judge_stale`` says ran."""
    used: set[tuple[str, str]] = set()
    result: list[Record] = []
    for record in records:
        entries = risks.get(record.id, {})
        key = next((k for k in entries if matches(record, k)), None)
        if key is None or record.accepted is not None:
            result.append(record)
            continue
        used.add((record.id, key))
        result.append(record.accept(entries[key]))
    stale = [
        w010_stale_accepted_risk(check_id=check_id, obj=key)
        for check_id, entries in risks.items()
        for key in entries
        if (check_id, key) not in used and judge_stale(check_id)
    ]
    return Acceptance(result, stale)
