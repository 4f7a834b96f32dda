"""A cold standalone scan on every core: each file's own work done in worker processes first.

Every file the stores hold nothing for is read, parsed once and scanned in a worker, which returns
what the serial pass would have stored for it: the engine's findings, the readers' facts and what the
``|safe`` pass reads of it. The serial pass that follows then finds those files stored, exactly as a
warm scan does, so what a scan reports cannot depend on how many workers ran (a test holds both
equal). Workers are forked, so they share the parent's imports (Linux only: elsewhere forking a
process is not safe enough), and they start only for enough files to pay for themselves. A worker
that fails or dies costs speed, never a finding: the serial pass scans whatever was not stored.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django_chained.scan.cache import (
    ContentKey,
    content_key,
    entry,
    scan_started,
    signature,
)
from django_chained.scan.engine import DEFAULT_MAX_BYTES, Stores, scan_bytes, stores
from django_chained.scan.safe_filter_judgement import module_views
from django_chained.scan.template_references import references
from django_chained.scan.views_cache import module_entry, references_entry
from django_chained.sourcetree.cores import can_fork
from django_chained.sourcetree.facts_cache import (
    FactsCache,
    facts_entry,
    facts_store,
    read_facts,
)
from django_chained.sourcetree.forked_map import forked_map
from django_chained.sourcetree.tree import ParsedModules, SourceTree
from django_chained.untrusted_files import read_regular_file

#: Fewer files than this are scanned in the serial pass: starting workers would cost more.
MIN_FILES = 64


@dataclass(frozen=True)
class Task:
    """One file to read and scan: as the engine (``kind``), for its facts (``module``), for the |safe pass."""

    path: str
    kind: str | None
    """``"python"`` or ``"template"`` when the engine scans the file, ``None`` when only its facts are wanted."""
    module: str | None
    """Its dotted module name when the readers want its facts."""
    views: bool
    """Whether the |safe pass wants what it reads of the file: a module's views, a template's references."""
    max_bytes: int
    started: int
    """When the scan started (``scan_started``): the serial pass need not read a file signed since."""


@dataclass(frozen=True)
class Done:
    """The store entries of one file, each ``None`` when not asked for."""

    path: str
    content: ContentKey
    scan: list[Any] | None
    facts: list[Any] | None
    views: list[Any] | None


def prefill(
    tree: SourceTree,
    engine_files: Sequence[tuple[str, str]],
    engine: Stores,
    facts: FactsCache,
    *,
    jobs: int,
    max_bytes: int = DEFAULT_MAX_BYTES,
    meanwhile: Callable[[], object] = lambda: None,
) -> int:
    """Store, from ``jobs`` worker processes, the entries of the files the stores hold none for.

    ``engine_files`` are the ``(path, kind)`` the engine scans; the facts are of every Python file of
    ``tree``. ``meanwhile`` runs once the workers have started, before their results are awaited.
    Returns how many files the workers scanned (0 when they did not start).
    """
    tasks = _missing(tree, engine_files, engine, facts, max_bytes)
    if jobs < 2 or len(tasks) < MIN_FILES or not can_fork():
        return 0
    done = 0
    try:
        for result in forked_map(scan_task, tasks, jobs, meanwhile=meanwhile):
            if result is None:
                continue
            done += 1
            if result.scan is not None:
                engine.scan.put_entry(os.path.abspath(result.path), result.scan)
            # Decoded as they arrive, while the workers still scan, not after them.
            if result.views is not None:
                engine.views.put_entry(result.path, result.views)
                engine.views.read_ahead(result.path)
            if result.facts is not None:
                facts.put_entry(Path(result.path), result.facts)
                facts.read_ahead(Path(result.path))
    except Exception:  # noqa: BLE001 - a worker that died or failed: the serial pass does its files
        return done
    return done


def filled_stores(
    tree: SourceTree,
    python: list[str],
    templates: list[str],
    cache_dir: Path | None,
    jobs: int,
    meanwhile: Callable[[], object] = lambda: None,
) -> tuple[Stores | None, FactsCache | None]:
    """The per-file stores, filled first by worker processes for the files they hold nothing for.

    Without a cache directory and with one job there is nothing to store between passes: none.
    ``meanwhile`` runs while the workers scan, if they do.
    """
    if cache_dir is None and jobs < 2:
        return None, None
    given = stores([*python, *templates], cache_dir)
    facts = facts_store(tree, cache_dir)
    work = [(p, "python") for p in python] + [(p, "template") for p in templates]
    filled = prefill(tree, work, given, facts, jobs=jobs, meanwhile=meanwhile)
    if cache_dir is None and not filled:
        return None, None  # too few files for workers: scan as before, storing nothing
    return given, facts


def _missing(
    tree: SourceTree,
    engine_files: Sequence[tuple[str, str]],
    engine: Stores,
    facts: FactsCache,
    max_bytes: int,
) -> list[Task]:
    """A task for each file with no entry at all; an entry of other bytes is for the serial pass to judge."""
    started = scan_started()
    kinds = {
        path: kind
        for path, kind in engine_files
        if os.path.abspath(path) not in engine.scan.entries
    }
    tasks = []
    for python in tree.python_files:
        path = str(python)
        module = None if path in facts.entries else tree.module_name(python)
        kind = kinds.pop(path, None)
        if kind is not None or module is not None:
            tasks.append(Task(path, kind, module, kind == "python", max_bytes, started))
    tasks += [
        Task(path, kind, None, True, max_bytes, started) for path, kind in kinds.items()
    ]
    return tasks


def scan_task(task: Task) -> Done | None:
    """Everything the serial pass would store for one file; ``None`` when it cannot be read."""
    try:
        # Looked at before it is read, as the serial pass does: a change in between shows next time.
        status = os.stat(task.path)
        data = read_regular_file(task.path, task.max_bytes)
    except OSError:
        return (
            None  # reported by the serial pass, which never stores an unreadable file
        )
    content = content_key(data)
    modules = ParsedModules(task.max_bytes)
    modules.keep_bytes(data, task.path)
    scan = None
    if task.kind is not None:
        result = scan_bytes(task.path, task.kind, data, modules.parse_text)
        scan = entry(content, result, signature(status, task.started))
    facts = None
    if task.module is not None:
        read = read_facts(Path(task.path), task.module, modules, data)
        facts = facts_entry(content, read)
    views = None
    if task.views and task.kind == "template":
        text = _text(data)
        views = None if text is None else references_entry(content, references(text))
    elif task.views:
        views = module_entry(
            content, module_views(task.path, _text(data), _tree_of(modules))
        )
    return Done(task.path, content, scan, facts, views)


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _tree_of(modules: ParsedModules) -> Callable[[str, str], ast.Module | None]:
    """The trees the engine parsed (or ``modules`` parses now), as the |safe pass takes them."""

    def tree(path: str, text: str) -> ast.Module | None:
        try:
            return modules.module(Path(path))
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            return None

    return tree
