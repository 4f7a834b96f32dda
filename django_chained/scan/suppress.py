"""Inline suppression: ``# chained: ignore[ID] reason`` (``{# ... #}`` in templates) on the finding's line."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from django_chained.scan.findings import Finding

SUPPRESSION = re.compile(
    r"chained:\s*ignore\[(?P<ids>[^\]]*)\](?P<reason>.*?)\s*(?:#\}|$)"
)


def _accepted(line: str, check_id: str) -> str | None:
    """The reason given on ``line`` for ``check_id``, or ``None`` (a suppression without reason does not count)."""
    short = check_id.rpartition(".")[2]
    for match in SUPPRESSION.finditer(line):
        ids = {part.strip() for part in match["ids"].split(",")}
        reason = match["reason"].strip()
        if reason and (check_id in ids or short in ids):
            return reason
    return None


def apply_suppressions(findings: list[Finding], lines: Sequence[str]) -> list[Finding]:
    """The findings, those accepted inline turned into suppressed ones that carry the reason."""
    result = []
    for finding in findings:
        line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        reason = _accepted(line, finding.id) if "chained:" in line else None
        if reason is not None:
            finding = dataclasses.replace(finding, suppressed_reason=reason)
        result.append(finding)
    return result
