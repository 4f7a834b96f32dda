"""The walk of a source tree: its Python files, templates and deployment files, in a stable order."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django_chained.sourcetree.deploy_files import (
    deployment_files,
    is_deployment_file,
    searched,
)
from django_chained.sourcetree.folder_listing import ListedFolder, list_folder
from django_chained.untrusted_files import is_regular_file

#: Directories that hold other people's code or generated files, never first-party source.
SKIPPED_DIRS = frozenset(
    {
        "node_modules", "site-packages", "dist-packages", "__pycache__", "build", "dist",
        "venv", "env", "htmlcov", "static", "staticfiles",
    }
)  # fmt: skip
TEMPLATE_SUFFIXES = (
    ".html",
    ".htm",
    ".txt",
    ".xml",
    ".svg",
    ".js",
    ".css",
    ".jinja",
    ".j2",
)


def _is_excluded(name: str, relative: str, exclude: Iterable[str]) -> bool:
    """``--exclude`` globs match a bare name anywhere (``views.py``) or the path from the root (``app/tests/*``)."""
    return any(
        fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern)
        for pattern in exclude
    )


def _is_skipped(name: str, relative: str, exclude: Iterable[str]) -> bool:
    return (
        name.startswith(".")
        or name in SKIPPED_DIRS
        or _is_excluded(name, relative, exclude)
    )


def _is_virtualenv(folder: str, names: list[str]) -> bool:
    """A virtual environment is known by its pyvenv.cfg whatever it is called.

    Looked for in the folder's own listing, so only a folder holding that name costs a ``stat``.
    """
    return "pyvenv.cfg" in names and is_regular_file(os.path.join(folder, "pyvenv.cfg"))


@dataclass
class Walk:
    """What one walk of a tree found."""

    python_files: list[Path] = field(default_factory=list)
    template_files: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    deployment_files: list[Path] = field(default_factory=list)
    listed: list[ListedFolder] | None = None
    """Every folder listed, with its times, when the walk was asked to record them."""


def walk(root: Path, exclude: tuple[str, ...], record: bool = False) -> Walk:
    """The files under ``root`` (resolved); ``record`` keeps the folders listed (``walk_cache``)."""
    found = Walk(listed=[] if record else None)
    # Strings, not Paths, while walking: Django's own source has 5,000 folders (locale/…) and a
    # Path per folder and per name cost more than the walk itself. A stack, not ``os.walk``:
    # that one calls ``lstat`` on every folder to tell links, which the listing already tells.
    folders = [
        (str(root), "", False)
    ]  # (folder, its path from the root + "/", in templates)
    while folders:
        directory, prefix, in_templates = folders.pop()
        try:
            subfolders, links, names = list_folder(directory, found.listed)
        except OSError as error:
            where = Path(error.filename) if error.filename else root
            found.unreadable.append((where, error.strerror or str(error)))
            continue
        if prefix and _is_virtualenv(directory, names):
            # not source; a Dockerfile in it still counts
            found.deployment_files += deployment_files(Path(directory), found.listed)
            continue
        kept = []
        for d in sorted(subfolders):
            if not _is_skipped(d, prefix + d, exclude):
                if d not in links:  # listed but never entered, as os.walk does
                    folder = os.path.join(directory, d)
                    kept.append(
                        (folder, f"{prefix}{d}/", in_templates or d == "templates")
                    )
            elif searched(d) and d not in links:
                # A Dockerfile under build/ or an excluded folder still counts.
                found.deployment_files += deployment_files(
                    Path(directory, d), found.listed
                )
        folders += reversed(kept)  # depth first, in name order
        for name in sorted(names):
            if is_deployment_file(name):
                found.deployment_files.append(Path(directory, name))
            if _is_excluded(name, prefix + name, exclude):
                continue
            if name.endswith(".py"):
                found.python_files.append(Path(directory, name))
            elif in_templates and name.endswith(TEMPLATE_SUFFIXES):
                found.template_files.append(Path(directory, name))
    return found
