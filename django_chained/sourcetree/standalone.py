"""``django-chained scan``: every finding the standalone scan can make on a source tree, never importing it.

Each file's own work (reading, parsing, the code and template rules, the facts the readers
need) is done first, in worker processes on a cold scan; ``tree_findings`` then judges across
files. That module is imported while the workers run, not before: its imports (settings rules,
version data, packaging) would otherwise hold up the workers' start.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django_chained.read_log import logging_reads
from django_chained.report.version import tool_version
from django_chained.scan import default_cache_dir, scan_paths
from django_chained.scan.cache import scan_started
from django_chained.sourcetree.cores import available_cores
from django_chained.sourcetree.early_walk import EarlyWalk
from django_chained.sourcetree.prefill import filled_stores
from django_chained.sourcetree.result_memo import ResultMemo
from django_chained.sourcetree.selection import select
from django_chained.sourcetree.tree import ParsedModules, SourceTree, collector_paused

if TYPE_CHECKING:
    from django_chained.sourcetree.tree_findings import StandaloneScan

Progress = Callable[[str], None]
_FINDINGS = "django_chained.sourcetree.tree_findings"


def _while_workers_scan() -> None:
    """What the serial part would do first: import the cross-file judgement, look up the version."""
    importlib.import_module(_FINDINGS)
    tool_version()


def scan_tree(
    root: Path,
    *,
    settings_files: Sequence[Path] = (),
    exclude: Sequence[str] = (),
    cache_dir: Path | None = None,
    use_cache: bool = True,
    today: date | None = None,
    progress: Progress = lambda message: None,
    paths: Sequence[Path] | None = None,
    jobs: int | None = None,
    early: EarlyWalk | None = None,
) -> StandaloneScan:
    """Code and template rules, settings rules, the pinned Django version and the static twins.

    ``paths``: report only on these files and folders under ``root`` (``selection.select``; raises
    ``NothingToScan``); the whole tree is still read for settings, models, URLconfs and pins.
    ``jobs``: worker processes for the files not cached (``prefill``); every core by default, 1 for none.
    ``early``: the walk of the tree, started before this module was imported (``early_walk``).
    """
    cache = (cache_dir or default_cache_dir()) if use_cache else None
    started = early.started if early is not None else scan_started()
    with collector_paused():
        tree = SourceTree.discover(root, exclude, cache, early)
        only = select(tree, paths) if paths is not None else None
        day = today or date.today()
        memo = None
        if cache is not None:
            memo = ResultMemo.of(cache, tree, only, settings_files, day)
            kept = memo.load(started)
            if kept is not None:
                progress("nothing changed since the last scan")
                return kept
        with logging_reads() as log:
            result = _scan_tree(
                tree,
                only,
                settings_files,
                cache,
                day,
                progress,
                available_cores() if jobs is None else jobs,
            )
        if memo is not None:
            memo.save(result, log, started)
        return result


def _scan_tree(
    tree: SourceTree,
    only: set[Path] | None,
    settings_files: Sequence[Path],
    cache_dir: Path | None,
    today: date,
    progress: Progress,
    jobs: int,
) -> StandaloneScan:
    progress(
        f"scanning {len(tree.python_files)} Python files and {len(tree.template_files)} templates"
    )
    # The engine's trees and bytes, re-used by the readers below: each file is read and parsed once.
    modules = ParsedModules()
    python = [str(p) for p in tree.python_files if only is None or p in only]
    templates = [str(p) for p in tree.template_files if only is None or p in only]
    given, facts = filled_stores(
        tree, python, templates, cache_dir, jobs, meanwhile=_while_workers_scan
    )
    engine = scan_paths(
        python,
        templates,
        parser=modules.parse_text,
        unparsed=modules.keep_bytes,
        hashed=modules.keep_key,
        given=given,
    )
    from django_chained.sourcetree.tree_findings import judged_scan

    return judged_scan(
        tree, only, settings_files, today, progress, modules, engine, facts
    )
