"""``manage.py chained_versions``: the installed Django series, its latest release, missing fixes, support end."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser

from django_chained.checks import versions as checks
from django_chained.conf import conf
from django_chained.management.chained_command import ChainedCommand
from django_chained.report.outcome import EXIT_USAGE
from django_chained.versions import osv
from django_chained.versions.assess import assess
from django_chained.versions.messages import (
    advisory_messages,
    relevant_matches,
    version_messages,
)
from django_chained.versions.scheme import UnparseableVersion
from django_chained.versions.summary import render_text, summary


class Command(ChainedCommand):
    help = (
        "Shows the installed Django series, installed and latest versions, missing security fixes and "
        "the end of support, from the table shipped with django-chained (no network)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--django-version",
            help="assess this version instead of the installed one (e.g. a pinned requirement)",
        )
        parser.add_argument(
            "--today", help="assess as of this ISO date instead of today"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        version = options["django_version"] or checks.installed_django_version()
        try:
            day = (
                date.fromisoformat(options["today"])
                if options["today"]
                else checks.today()
            )
            assessment = assess(version, day)
        except (ValueError, UnparseableVersion) as error:
            raise CommandError(str(error), returncode=EXIT_USAGE) from error
        messages = version_messages(
            version,
            day,
            eol_warning_days=conf.CHAINED_EOL_WARNING_DAYS,
            data_max_age_days=conf.CHAINED_DATA_MAX_AGE_DAYS,
        )
        paths = tuple(conf.CHAINED_ADVISORY_PATHS)
        installed = osv.installed_distributions() if paths else {}
        advisories, problems = osv.load(paths)
        messages += advisory_messages(advisories, problems, installed)
        data = summary(assessment, relevant_matches(advisories, installed), messages)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2))
        else:
            self.stdout.write(render_text(data), ending="")
