"""Where SARIF locations start: the repository root, so code scanning can place each finding.

Text and JSON reports keep paths relative to the project (``BASE_DIR``, or the scanned directory), so
existing baselines and accepted risks still match; only SARIF re-bases them, onto ``%SRCROOT%``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django_chained.paths import resolved


def directory(value: str) -> Path:
    """``argparse`` type of ``--root``: an existing directory."""
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is not a directory")
    return path


def repository_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding ``.git`` (a folder, or a worktree's or submodule's file)."""
    start = resolved(start)
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def project_root() -> Path:
    """``BASE_DIR`` when the settings define it (the usual project layout), else the working directory."""
    from django.conf import settings

    base = getattr(settings, "BASE_DIR", None)
    return Path(base) if base else Path.cwd()


def source_root(given: Path | None, project: Path | None) -> Path | None:
    """``--root`` when given, else the repository holding ``project``, else ``project`` itself."""
    if given is not None:
        return resolved(given)
    if project is None:
        return None
    return repository_root(project) or resolved(project)
