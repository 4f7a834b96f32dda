"""``--baseline FILE``: which findings a previous JSON report already had."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from django_chained.report.record import Record
from django_chained.untrusted_files import read_text_file


class BaselineError(Exception):
    """The baseline file is missing, unreadable or not a django-chained JSON report."""


#: The entry fields a fingerprint is read from or computed with, and the JSON types a report writes for them.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "message": (str,),
    "obj": (str, type(None)),
    "file": (str, type(None)),
    "line": (int, type(None)),
    "fingerprint": (str, type(None)),
}


def load_baseline(path: Path) -> Counter[str]:
    """Fingerprints of the findings in a previous ``--format json`` report, with their counts."""
    try:
        data = json.loads(read_text_file(path))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror}") from exc
    except (ValueError, RecursionError) as exc:
        raise _not_a_report(path, exc) from exc
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(
            f"{path} is not a django-chained JSON report (no 'findings' list)"
        )
    counts: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        problem = _entry_problem(entry)
        if problem is not None:
            raise BaselineError(
                f"{path} is not a django-chained JSON report (findings[{index}]: {problem})"
            )
        counts[entry.get("fingerprint") or Record.from_dict(entry).fingerprint] += 1
    return counts


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return f"an object expected, not {type(entry).__name__}"
    if not isinstance(entry.get("id"), str):
        return "no 'id' string"
    for name, types in _FIELD_TYPES.items():
        value = entry.get(name)
        if value is not None and (
            not isinstance(value, types) or isinstance(value, bool)
        ):
            return f"'{name}' is {type(value).__name__}, not {types[0].__name__}"
    return None


def _not_a_report(path: Path, exc: Exception) -> BaselineError:
    detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
    return BaselineError(
        f"{path} is not a django-chained JSON report ({type(exc).__name__}: {detail})"
    )


def split_known(
    records: Iterable[Record], baseline: Counter[str]
) -> tuple[list[Record], list[Record]]:
    """``(new, known)``: a fingerprint seen N times in the baseline covers N findings now."""
    remaining = Counter(baseline)
    new: list[Record] = []
    known: list[Record] = []
    for record in records:
        if remaining[record.fingerprint] > 0:
            remaining[record.fingerprint] -= 1
            known.append(record)
        else:
            new.append(record)
    return new, known
