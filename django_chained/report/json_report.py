"""The JSON report: also the input of ``--baseline``."""

from __future__ import annotations

import json
from typing import Any

from django_chained.report.outcome import Report
from django_chained.report.record import level_name
from django_chained.report.version import tool_version

#: Bumped when the JSON layout changes incompatibly.
JSON_FORMAT_VERSION = 1


def report_dict(report: Report) -> dict[str, Any]:
    findings = []
    for index, record in enumerate(report.findings):
        entry = record.to_dict()
        entry["baseline"] = "unchanged" if report.is_known(index) else "new"
        findings.append(entry)
    return {
        "tool": report.tool,
        "version": tool_version(),
        "format": JSON_FORMAT_VERSION,
        "source": report.source,
        "fail_level": level_name(report.fail_level),
        "exit_code": report.exit_code,
        "failure": report.failure,
        "summary": dict(sorted(report.counts().items())),
        "notes": report.notes,
        "findings": findings,
        "accepted": [record.to_dict() for record in report.accepted],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2) + "\n"
