"""``manage.py chained_probe URL``: a live check of the deployed site, as a text, JSON or SARIF report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from django_chained.conf import conf
from django_chained.management.chained_command import ChainedCommand
from django_chained.probe.http import ProbeError
from django_chained.probe.project import SettingsError, project_facts
from django_chained.probe.runner import run_probe
from django_chained.probe.target import TargetError, parse_target
from django_chained.probe.tls import verified_context
from django_chained.report import EXIT_USAGE, build_report
from django_chained.report.options import ReportOptions, add_report_arguments
from django_chained.report.source_root import project_root


class Command(ChainedCommand):
    help = (
        "Probes a deployed site (HTTPS, TLS, HSTS, cookies, headers, Django leaks) "
        "and writes a text, JSON or SARIF report."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="The site, e.g. https://example.com/")
        parser.add_argument(
            "--https-port",
            type=int,
            help="Port of the HTTPS listener (default: the URL's port for https://, else 443).",
        )
        parser.add_argument(
            "--http-port",
            type=int,
            help="Port of the plain-HTTP listener (default: the URL's port for http://, else 80).",
        )
        parser.add_argument(
            "--cafile",
            help="Trust this CA bundle (PEM) instead of the system's, for private CAs.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=10.0,
            help="Seconds for each request: connection, TLS handshake and the whole response (default 10).",
        )
        parser.add_argument(
            "--deadline",
            type=float,
            help="Seconds for the whole run, every request included; no request outlives it "
            "(default: six times --timeout, 60).",
        )
        add_report_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["cafile"]:
            check_cafile(options["cafile"])
        try:
            target = parse_target(
                options["url"],
                http_port=options["http_port"],
                https_port=options["https_port"],
                cafile=options["cafile"],
                timeout=options["timeout"],
                total=options["deadline"],
            )
        except TargetError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc
        report_options = ReportOptions.for_command(options)
        try:
            facts = project_facts()
        except SettingsError as exc:
            raise CommandError(str(exc), returncode=EXIT_USAGE) from exc
        try:
            run = run_probe(target, facts)
        except ProbeError as exc:
            raise CommandError(
                f"Cannot probe {options['url']}: {exc}.", returncode=EXIT_USAGE
            ) from exc
        silenced = set(settings.SILENCED_SYSTEM_CHECKS)
        report = build_report(
            [message for message in run.messages if message.id not in silenced],
            accepted_risks=conf.CHAINED_ACCEPTED_RISKS,
            # The probe sees one site: an entry it did not match may belong to the static checks.
            judge_stale=lambda check_id: False,
            baseline=report_options.baseline,
            fail_level=report_options.fail_level,
            source="chained_probe",
            source_root=report_options.source_root(project_root()),
            notes=[
                f"probed {target.host}: HTTPS port {target.https_port}, HTTP port {target.http_port}"
            ],
            failure=run.failure,
        )
        report_options.finish_command(report, self.stdout, self.style)


def check_cafile(path: str) -> None:
    """A ``CommandError`` unless ``path`` is a PEM bundle OpenSSL can load CA certificates from."""
    if Path(path).is_dir():
        raise CommandError(
            f"--cafile {path}: a directory; give one PEM file of CA certificates.",
            returncode=EXIT_USAGE,
        )
    if not Path(path).is_file():
        raise CommandError(f"--cafile {path}: no such file.", returncode=EXIT_USAGE)
    try:
        verified_context(path)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
        raise CommandError(
            f"--cafile {path}: no CA certificate could be read from it ({reason}); give a PEM bundle.",
            returncode=EXIT_USAGE,
        ) from exc
