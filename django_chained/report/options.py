"""The report options ``chained_report``, ``chained_probe`` and ``django-chained scan`` share, and their ending.

``--format``, ``--output``, ``--fail-level``, ``--baseline``, ``--help-uri-base`` and ``--root`` are declared once here;
each command builds its ``Report`` with ``options.baseline``/``options.fail_level`` and ends with
``options.finish(report, stdout, style)``, which writes the report and returns the exit status.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.core.management.color import Style

from django_chained.report import (
    EXIT_USAGE,
    FORMATS,
    LEVELS_BY_NAME,
    BaselineError,
    Report,
    Writable,
    load_baseline,
    render,
    write_output,
)
from django_chained.report.help_links import is_absolute_uri
from django_chained.report.source_root import directory, source_root

#: Like a security scanner, a report fails on any new warning; ``manage.py check`` keeps Django's ERROR.
DEFAULT_FAIL_LEVEL = "WARNING"


def absolute_uri(value: str) -> str:
    """``argparse`` type of ``--help-uri-base``: SARIF's ``helpUri`` must be absolute."""
    if not is_absolute_uri(value):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an absolute URI (e.g. https://example.com/docs/)"
        )
    return value


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the shared report options on a command's parser (Django's ``CommandParser`` included)."""
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        help="Write the report to this file instead of stdout.",
    )
    parser.add_argument(
        "--fail-level",
        type=str.upper,
        choices=list(LEVELS_BY_NAME),
        default=DEFAULT_FAIL_LEVEL,
        help="Exit 1 when a new, unaccepted finding has at least this level, "
        f"in any case (default {DEFAULT_FAIL_LEVEL}).",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="A previous --format json report: its findings do not fail the run.",
    )
    parser.add_argument(
        "--help-uri-base",
        type=absolute_uri,
        metavar="URL",
        help="Absolute URL of django-chained's documentation root, for SARIF helpUri "
        "(default: the package's documentation URL; without one, helpUri is left out).",
    )
    parser.add_argument(
        "--root",
        type=directory,
        metavar="DIR",
        help="The directory SARIF locations are relative to, for code-scanning upload "
        "(default: the git top-level above the project, else the project root). "
        "Text and JSON keep paths relative to the project.",
    )


class OutputError(Exception):
    """``--output`` cannot be written: a usage error (exit status 2), never mistaken for findings (1)."""


@dataclass(frozen=True)
class ReportOptions:
    """The shared options, parsed and with the baseline loaded."""

    format: str
    output: Path | None
    fail_level_name: str
    baseline: Counter[str] | None
    help_uri_base: str | None
    root: Path | None = None
    """``--root`` as given; ``source_root()`` applies the default."""

    @classmethod
    def load(cls, values: Mapping[str, Any]) -> ReportOptions:
        """From ``vars(args)`` or a command's ``options``; raises ``BaselineError`` for an unreadable baseline."""
        path: Path | None = values["baseline"]
        return cls(
            format=values["format"],
            output=values["output"],
            fail_level_name=str(values.get("fail_level") or DEFAULT_FAIL_LEVEL).upper(),
            baseline=load_baseline(path) if path is not None else None,
            help_uri_base=values["help_uri_base"],
            root=values.get("root"),
        )

    @classmethod
    def for_command(cls, values: Mapping[str, Any]) -> ReportOptions:
        """``load`` for a management command: a bad baseline is a ``CommandError`` with exit status 2."""
        try:
            return cls.load(values)
        except BaselineError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc

    def source_root(self, project: Path | None) -> Path | None:
        """The SARIF ``%SRCROOT%``: ``--root``, else the git top-level above ``project``, else ``project``."""
        return source_root(self.root, project)

    @property
    def fail_level(self) -> int:
        return LEVELS_BY_NAME[self.fail_level_name]

    def finish(
        self, report: Report, stdout: Writable, style: Style | None = None
    ) -> int:
        """Write the report (coloured by ``style`` only on stdout) and return its exit status.

        Raises ``OutputError`` when ``--output`` cannot be written.
        """
        content = render(
            report,
            self.format,
            style if self.output is None else None,
            help_uri_base=self.help_uri_base,
        )
        if self.output is None:
            write_output(content, None, stdout)
            return report.exit_code
        try:
            write_output(content, self.output, stdout)
        except OSError as exc:
            raise OutputError(
                f"cannot write --output {self.output}: {exc.strerror or exc}"
            ) from exc
        return report.exit_code

    def finish_command(
        self, report: Report, stdout: Writable, style: Style | None = None
    ) -> None:
        """``finish`` for a management command: failing findings end it with a ``CommandError`` carrying status 1."""
        try:
            exit_code = self.finish(report, stdout, style)
        except OutputError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc
        if exit_code:
            raise CommandError(
                report.verdict.removeprefix("FAILED: "), returncode=report.exit_code
            )
