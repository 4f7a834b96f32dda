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


def load_baseline(path: Path) -> Counter[str]:
    """Fingerprints of the findings in a previous ``--format json`` report, with their counts."""
    try:
        data = json.loads(read_text_file(path))
        entries = data["findings"]
        records = [Record.from_dict(entry) for entry in entries]
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(
            f"{path} is not a django-chained JSON report ({type(exc).__name__}: {exc})"
        ) from exc
    return Counter(
        entry.get("fingerprint") or record.fingerprint
        for entry, record in zip(entries, records, strict=True)
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
