"""``django-chained scan PATH ...``: the project root, and which of its files the PATHs name.

The whole tree under the root is always read for settings, models, URLconfs and pins; only the files
the PATHs name are scanned and reported, so a pre-commit hook passing the changed files judges those.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from django_chained.paths import resolved
from django_chained.report.source_root import repository_root
from django_chained.sourcetree.tree_walk import TEMPLATE_SUFFIXES

if TYPE_CHECKING:
    from django_chained.sourcetree.tree import SourceTree


class NothingToScan(Exception):
    """A PATH holds no Python file or template: a usage error (exit status 2), never a clean run."""


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def project_root(paths: Sequence[Path], config_root: Path | None) -> Path:
    """The configuration's folder; else a lone directory PATH; else the repository, the working
    directory or the PATHs' common folder, whichever first holds them all."""
    absolute = [resolved(p) for p in paths]
    if config_root is not None:
        return resolved(config_root)
    if len(absolute) == 1 and absolute[0].is_dir():
        return absolute[0]
    for candidate in (repository_root(absolute[0]), resolved(Path.cwd())):
        if candidate is not None and all(_under(p, candidate) for p in absolute):
            return candidate
    return Path(os.path.commonpath([p if p.is_dir() else p.parent for p in absolute]))


def _is_template(path: Path) -> bool:
    return "templates" in path.parts and path.name.endswith(TEMPLATE_SUFFIXES)


def select(tree: SourceTree, paths: Sequence[Path]) -> set[Path] | None:
    """The tree's files the PATHs name (``None``: all of them); raises ``NothingToScan``.

    A directory must hold a Python file or template the scan reads; a file must be one (an excluded
    one is skipped quietly, as pre-commit passes every changed file).
    """
    files = [*tree.python_files, *tree.template_files]
    absolute = [resolved(p) for p in paths]
    if absolute == [tree.root]:
        if not files:
            raise NothingToScan(_holds_nothing(paths[0], tree))
        return None
    chosen: set[Path] = set()
    for given, path in zip(paths, absolute, strict=True):
        if not _under(path, tree.root):
            raise NothingToScan(f"{given} is outside the project root {tree.root}")
        if path.is_dir():
            found = {f for f in files if _under(f, path)}
            if not found:
                raise NothingToScan(_holds_nothing(given, tree))
            chosen |= found
        elif path.suffix == ".py" or _is_template(path):
            chosen |= {path} & set(files)
        else:
            raise NothingToScan(
                f"{given} is neither a Python file nor a template (a file under a templates/ folder)"
            )
    return chosen


def _holds_nothing(path: Path, tree: SourceTree) -> str:
    excluded = " that is not excluded" if tree.exclude else ""
    return f"{path} holds no Python file or template{excluded}"
