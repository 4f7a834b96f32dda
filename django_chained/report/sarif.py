"""SARIF 2.1.0: one rule per ID (see ``sarif_rules``), one result per finding, physical locations when known."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django_chained.paths import resolved
from django_chained.report.help_links import documentation_uri
from django_chained.report.outcome import Report
from django_chained.report.record import Record
from django_chained.report.sarif_rules import reporting_descriptor, sarif_level
from django_chained.report.version import tool_version

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT_BASE_ID = "%SRCROOT%"


def _artifact(file: str, root: Path | None, base: Path | None) -> dict[str, Any]:
    """``file`` (relative to ``root``) relative to ``base`` under ``%SRCROOT%``; an absolute URI outside it."""
    path = Path(file)
    if not path.is_absolute():
        if root is None or base is None or root == base:
            return {"uri": path.as_posix(), "uriBaseId": ROOT_BASE_ID}
        path = root / path
    if base is not None:
        try:
            return {"uri": path.relative_to(base).as_posix(), "uriBaseId": ROOT_BASE_ID}
        except ValueError:
            pass
    return {"uri": path.as_uri()}


def _location(record: Record, root: Path | None, base: Path | None) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": _artifact(str(record.file), root, base)
    }
    if record.line:
        physical["region"] = {"startLine": record.line}
        if record.end_line and record.end_line > record.line:
            physical["region"]["endLine"] = record.end_line
    return {"physicalLocation": physical}


def _result(
    record: Record,
    rule_index: int,
    baseline_state: str | None,
    roots: tuple[Path | None, Path | None],
) -> dict[str, Any]:
    text = record.message + (f" Hint: {record.hint}" if record.hint else "")
    result: dict[str, Any] = {
        "ruleId": record.id,
        "ruleIndex": rule_index,
        "level": sarif_level(record.level),
        "message": {"text": text},
        "partialFingerprints": {"djangoChained/v2": record.fingerprint},
    }
    if record.file is not None:
        result["locations"] = [_location(record, *roots)]
    elif record.obj:
        result["locations"] = [
            {"logicalLocations": [{"fullyQualifiedName": record.obj}]}
        ]
    if baseline_state is not None:
        result["baselineState"] = baseline_state
    if record.accepted is not None:
        kind = "inSource" if record.accepted_inline else "external"
        result["suppressions"] = [
            {"kind": kind, "status": "accepted", "justification": record.accepted}
        ]
    return result


def sarif_dict(report: Report, *, help_uri_base: str | None = None) -> dict[str, Any]:
    """The SARIF log; ``help_uri_base`` (absolute) defaults to the package's documentation URL, if any."""
    base = help_uri_base or documentation_uri()
    rules: dict[str, int] = {}
    rule_list: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    entries = [(r, report.is_known(i)) for i, r in enumerate(report.findings)]
    entries += [(r, False) for r in report.accepted]
    root = resolved(report.root) if report.root is not None else None
    src_root = resolved(report.source_root) if report.source_root is not None else root
    # Rules by ID: ours from the catalogue, other apps' by their first finding in report order.
    for record, _ in sorted(entries, key=lambda entry: entry[0].id):
        if record.id not in rules:
            rules[record.id] = len(rule_list)
            rule_list.append(reporting_descriptor(record, base))
    for record, known in entries:
        state = ("unchanged" if known else "new") if report.baseline_used else None
        results.append(_result(record, rules[record.id], state, (root, src_root)))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": report.tool,
                "version": tool_version(),
                "rules": rule_list,
            }
        },
        "results": results,
    }
    if src_root is not None:
        run["originalUriBaseIds"] = {ROOT_BASE_ID: {"uri": src_root.as_uri() + "/"}}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report, *, help_uri_base: str | None = None) -> str:
    return json.dumps(sarif_dict(report, help_uri_base=help_uri_base), indent=2) + "\n"
