"""``django-chained scan [PATH ...]``: the standalone scan of a source tree that need not be importable.

Exit status, as for ``manage.py chained_report``: 0 no new finding at or above ``--fail-level``;
1 at least one; 2 the scan could not run (bad arguments or configuration, a missing PATH or one holding
no Python file or template, an unreadable baseline, an unwritable output).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from django_chained.report import EXIT_USAGE, AcceptedRisks, BaselineError, build_report
from django_chained.report.colour import wants_colour
from django_chained.report.options import (
    DEFAULT_FAIL_LEVEL,
    OutputError,
    ReportOptions,
    add_report_arguments,
)
from django_chained.report.version import tool_version

if TYPE_CHECKING:
    from django_chained.sourcetree.project_config import ScanConfig


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (it costs a scan's start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the program's version number and exit")
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        sys.stdout.write(f"django-chained {tool_version()}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="django-chained",
        description="Find the seven security mistakes Django sites keep making.",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser(
        "scan",
        help="Scan a source tree without importing it (no Django settings needed).",
        description="Code and template rules, settings modules read statically, the pinned Django version.",
    )
    scan.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path(".")],
        metavar="PATH",
        help="Directories and files to report on (default: the current directory). Settings, models, "
        "URLconfs and pins are read from the whole project: the folder of the pyproject.toml "
        "holding [tool.django-chained], else a lone directory PATH, else the repository.",
    )
    scan.add_argument("--version", action=_Version)
    add_report_arguments(scan)
    scan.set_defaults(
        fail_level=None
    )  # [tool.django-chained] fail-level, else the reports' default
    scan.add_argument(
        "--settings",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="A settings module to read (repeatable); default: [tool.django-chained] settings, "
        "else every settings*.py found.",
    )
    scan.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="Skip files or folders whose name or path from the project root matches GLOB "
        "(added to [tool.django-chained] exclude).",
    )
    scan.add_argument(
        "--no-cache", action="store_true", help="Do not read or write the scan cache."
    )
    scan.add_argument(
        "--cache-dir", type=Path, help="Where the per-file scan cache lives."
    )
    scan.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="Worker processes for the files not cached (default: one per core; 1: none). "
        "The findings never depend on it.",
    )
    color = scan.add_mutually_exclusive_group()
    color.add_argument(
        "--no-color", action="store_true", help="Never colour the text report."
    )
    color.add_argument(
        "--force-color", action="store_true", help="Colour even when not a terminal."
    )
    return parser


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return jobs


def _configure_django() -> None:
    """A minimal configuration of our own, so library code that reads settings works; nothing of the scanned project."""
    from django.apps import apps
    from django.conf import settings

    if not settings.configured:
        # No app, no logging, no URL script prefix: the scan needs none, and ``django.setup()`` would
        # import the URL resolvers, HTTP and models (0.15 s of a cold scan's 0.4 s of start-up).
        settings.configure(INSTALLED_APPS=[], USE_TZ=True)
        apps.populate(settings.INSTALLED_APPS)


def _progress(stderr: TextIO) -> Callable[[str], None]:
    """Progress lines on stderr when it is a terminal, nothing otherwise."""
    if not stderr.isatty():
        return lambda message: None

    def show(message: str) -> None:
        stderr.write(f"\r\033[Kdjango-chained: {message}…")
        stderr.flush()

    return show


def _settings_path(root: Path, given: Path) -> Path:
    """``--settings`` is relative to PATH when such a file exists there, else to the working directory."""
    under_root = root / given
    return under_root if not given.is_absolute() and _exists(under_root) else given


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (
        OSError,
        ValueError,
    ):  # inside an unreadable folder, or a NUL byte in the name
        return False


def scan(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from django_chained.sourcetree.project_config import ConfigError, find_config
    from django_chained.sourcetree.selection import NothingToScan, project_root

    paths: list[Path] = args.paths
    missing = next((p for p in paths if not p.exists()), None)
    if missing is not None:
        stderr.write(f"django-chained: {missing} does not exist.\n")
        return EXIT_USAGE
    try:
        config = find_config(paths[0])
        root = project_root(paths, config.root)
        options = ReportOptions.load(
            {
                **vars(args),
                "fail_level": args.fail_level
                or config.fail_level
                or DEFAULT_FAIL_LEVEL,
                "baseline": args.baseline or config.existing_baseline,
            }
        )
        return _scan(args, config, root, options, stdout, stderr)
    except (BaselineError, ConfigError, NothingToScan, OutputError) as exc:
        stderr.write(f"django-chained: {exc}.\n")
        return EXIT_USAGE


def _scan(
    args: argparse.Namespace,
    config: ScanConfig,
    root: Path,
    options: ReportOptions,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    from django.core.management.color import color_style, no_style

    from django_chained.scan.cache import default_cache_dir
    from django_chained.sourcetree.early_walk import start_walk

    exclude = [*config.exclude, *args.exclude]
    cache = None if args.no_cache else args.cache_dir or default_cache_dir()
    # Walks the tree in a child while the scan's rules and readers are imported below.
    early = start_walk(root, exclude, args.jobs, cache)
    try:
        from django_chained.sourcetree.standalone import scan_tree

        progress = _progress(stderr)
        settings_files = [
            _settings_path(root, p) for p in args.settings
        ] or config.settings
        result = scan_tree(
            root,
            settings_files=settings_files,
            exclude=exclude,
            cache_dir=args.cache_dir,
            use_cache=not args.no_cache,
            progress=progress,
            paths=args.paths,
            jobs=args.jobs,
            early=early,
        )
    finally:
        if early is not None:
            early.cancel()  # reaped already when its walk was used
    if stderr.isatty():
        stderr.write("\r\033[K")
    report = build_report(
        [*result.records, *config.unknown_key_warnings()],
        root=root,
        accepted_risks=merged_risks(result.accepted_risks, config.accepted_risks),
        judge_stale=result.judge_stale,
        baseline=options.baseline,
        fail_level=options.fail_level,
        source="scan",
        notes=[*config.notes, *result.notes],
        source_root=options.source_root(root),
    )
    colour = args.output is None and wants_colour(
        no_color=args.no_color,
        force_color=args.force_color,
        to_terminal=stdout.isatty(),
    )
    style = color_style(force_color=True) if colour else no_style()
    return options.finish(report, stdout, style)


def merged_risks(settings: AcceptedRisks, file: AcceptedRisks) -> AcceptedRisks:
    """The settings' ``CHAINED_ACCEPTED_RISKS`` and the configured file's, the file winning per object."""
    ids = {*settings, *file}
    return {i: {**settings.get(i, {}), **file.get(i, {})} for i in ids}


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``argv`` (default ``sys.argv[1:]``) parsed and run; the exit status."""
    args = build_parser().parse_args(argv)
    _configure_django()
    return scan(args, sys.stdout, sys.stderr)
