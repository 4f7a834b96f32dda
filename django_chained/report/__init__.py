"""Reports shared by ``chained_report``, ``django-chained scan`` and ``chained_probe``.

Stable API (what the other commands use)::

    from django_chained.report import build_report, render, write_output, FORMATS

    report = build_report(
        messages,                      # CheckMessages and/or Records
        root=project_root,             # paths in file/line become relative to it
        accepted_risks=conf.CHAINED_ACCEPTED_RISKS,
        judge_stale=lambda check_id: True,   # which IDs ran fully, so a stale entry means something
        baseline=load_baseline(path),  # or None
        fail_level=LEVELS_BY_NAME["ERROR"],
        source="chained_probe",
    )
    write_output(render(report, "sarif", style), output_path_or_None, stdout)
    return report.exit_code            # EXIT_OK 0, EXIT_FINDINGS 1 (EXIT_USAGE 2 for bad input)

``Record`` is the neutral finding (id, level, concern, message, hint, obj, file, line, accepted);
``Record.from_check_message(msg, root)`` parses ``obj="path:line"`` into file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from django.core.management.color import Style, no_style

from django_chained.report.accepted import (
    AcceptedRisks,
    apply_accepted_risks,
    w010_stale_accepted_risk,
)
from django_chained.report.baseline import BaselineError, load_baseline, split_known
from django_chained.report.json_report import render_json, report_dict
from django_chained.report.outcome import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    Report,
    build_report,
)
from django_chained.report.record import LEVELS_BY_NAME, Record, concern_of
from django_chained.report.sarif import render_sarif, sarif_dict
from django_chained.report.text import render_text

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "FORMATS",
    "LEVELS_BY_NAME",
    "AcceptedRisks",
    "BaselineError",
    "Record",
    "Report",
    "apply_accepted_risks",
    "build_report",
    "concern_of",
    "load_baseline",
    "render",
    "report_dict",
    "sarif_dict",
    "split_known",
    "w010_stale_accepted_risk",
    "write_output",
]

FORMATS: dict[str, Callable[[Report, Style, str | None], str]] = {
    "text": lambda report, style, help_uri_base: render_text(report, style),
    "json": lambda report, style, help_uri_base: render_json(report),
    "sarif": lambda report, style, help_uri_base: render_sarif(
        report, help_uri_base=help_uri_base
    ),
}


def render(
    report: Report,
    fmt: str,
    style: Style | None = None,
    *,
    help_uri_base: str | None = None,
) -> str:
    """The report in ``text``, ``json`` or ``sarif``; ``style`` colours text only (default: none).

    ``help_uri_base``: absolute URL of this project's documentation root for SARIF ``helpUri`` (default: the package's
    ``Project-URL: Documentation``; without either, rules carry their help text and no ``helpUri``).
    """
    return FORMATS[fmt](report, style or no_style(), help_uri_base)


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def write_output(content: str, output: Path | None, stdout: Writable) -> None:
    """Write to ``output`` (UTF-8) when given, else to ``stdout``."""
    if output is None:
        stdout.write(content)
    else:
        output.write_text(content, encoding="utf-8")
