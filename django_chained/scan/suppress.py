"""Inline suppression: ``# chained: ignore[ID] reason`` (``{# ... #}`` in templates) on the finding's line.

For a Python finding, any line of the reported code counts (a call written over several lines).
"""

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


def _span(finding: Finding, lines: Sequence[str]) -> Sequence[str]:
    if finding.line < 1:
        return ()
    return lines[finding.line - 1 : finding.end_line or finding.line]


def apply_suppressions(findings: list[Finding], lines: Sequence[str]) -> list[Finding]:
    """The findings, those accepted inline turned into suppressed ones that carry the reason."""
    result = []
    for finding in findings:
        reasons = (
            _accepted(line, finding.id)
            for line in _span(finding, lines)
            if "chained:" in line
        )
        reason = next((r for r in reasons if r is not None), None)
        if reason is not None:
            finding = dataclasses.replace(finding, suppressed_reason=reason)
        result.append(finding)
    return result
