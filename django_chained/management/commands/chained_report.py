"""``manage.py chained_report``: the system checks as a text, JSON or SARIF report for CI."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.checks import CheckMessage
from django.core.checks.registry import registry
from django.core.management.base import CommandError, CommandParser

from django_chained.conf import conf
from django_chained.management.chained_command import ChainedCommand
from django_chained.report import EXIT_USAGE, Record, build_report
from django_chained.report.options import ReportOptions, add_report_arguments
from django_chained.report.source_root import project_root
from django_chained.rules.catalogue import ids_running_in
from django_chained.scan.findings import REPORTING_ACCEPTED
from django_chained.sourcetree.live_settings import place_settings_findings

#: Most django-chained checks are deployment checks: without --deploy a clean report means little.
NOT_DEPLOY_NOTE = (
    "Deployment checks were not run (most of django-chained's are): pass --deploy."
)


class Command(ChainedCommand):
    help = "Runs the system checks (Django's and django-chained's) and writes a text, JSON or SARIF report."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", metavar="app_label", nargs="*")
        parser.add_argument(
            "--tag",
            "-t",
            action="append",
            dest="tags",
            help="Run only checks with this tag.",
        )
        parser.add_argument(
            "--deploy", action="store_true", help="Include deployment checks."
        )
        add_report_arguments(parser)

    def handle(self, *app_labels: str, **options: Any) -> None:
        deploy: bool = options["deploy"]
        tags: list[str] | None = options["tags"]
        app_configs = self._app_configs(app_labels)
        self._validate_tags(tags, deploy)
        report_options = ReportOptions.for_command(options)

        messages = self._run_checks(app_configs, tags, deploy)
        silenced = set(settings.SILENCED_SYSTEM_CHECKS)
        full_run = deploy and not tags and not app_labels
        probe_only = ids_running_in("probe")
        root = project_root()
        records = [Record.from_check_message(m, root) for m in messages]
        report = build_report(
            place_settings_findings(records, root),
            root=root,
            source_root=report_options.source_root(root),
            accepted_risks=conf.CHAINED_ACCEPTED_RISKS,
            # Entries for IDs only the live probe reports cannot be judged from here.
            judge_stale=lambda check_id: (
                full_run and check_id not in silenced and check_id not in probe_only
            ),
            baseline=report_options.baseline,
            fail_level=report_options.fail_level,
            notes=() if deploy else (NOT_DEPLOY_NOTE,),
        )
        report_options.finish_command(report, self.stdout, self.style)

    def _app_configs(self, app_labels: tuple[str, ...]) -> list[Any] | None:
        if not app_labels:
            return None
        try:
            return [apps.get_app_config(label) for label in app_labels]
        except LookupError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc

    def _validate_tags(self, tags: list[str] | None, deploy: bool) -> None:
        for tag in tags or ():
            if not checks.tag_exists(tag, include_deployment_checks=deploy):
                raise CommandError(
                    f"There is no system check with the {tag!r} tag.",
                    returncode=EXIT_USAGE,
                )

    def _run_checks(
        self, app_configs: list[Any] | None, tags: list[str] | None, deploy: bool
    ) -> list[CheckMessage]:
        """The checks ``check`` would run, one by one so a terminal can follow progress."""
        selected = [
            check
            for check in registry.get_checks(deploy)
            if tags is None or not set(check.tags).isdisjoint(tags)
        ]
        progress = sys.stderr.isatty()
        started = time.monotonic()
        messages: list[CheckMessage] = []
        # Inline-accepted findings come back too, to be listed as accepted (check never shows them).
        reporting = REPORTING_ACCEPTED.set(True)
        try:
            for number, check in enumerate(selected, 1):
                if progress:
                    name = getattr(check, "__name__", repr(check))
                    sys.stderr.write(f"\r\033[K[{number}/{len(selected)}] {name}")
                    sys.stderr.flush()
                messages.extend(check(app_configs=app_configs, databases=None))
        finally:
            REPORTING_ACCEPTED.reset(reporting)
        if progress:
            elapsed = time.monotonic() - started
            sys.stderr.write(f"\r\033[K{len(selected)} checks in {elapsed:.1f} s\n")
        return [message for message in messages if not message.is_silenced()]
