"""Dockerfiles, Procfiles and compose files: where a deployment says which settings module it loads."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

_PATTERNS = ("Dockerfile*", "Procfile*", "*compose*.yml", "*compose*.yaml")
#: Folders never searched: hidden ones (``.git``, ``.venv``) and installed packages.
_SKIPPED_FOLDERS = frozenset({"node_modules", "site-packages"})


def is_deployment_file(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in _PATTERNS)


def searched(folder: str) -> bool:
    """Whether a folder of that name is searched for deployment files."""
    return not (folder.startswith(".") or folder in _SKIPPED_FOLDERS)


def deployment_files(root: Path) -> list[Path]:
    """The deployment files under ``root``, in searched folders (symlinked folders not followed)."""
    found: list[Path] = []
    for directory, folders, names in os.walk(root):
        folders[:] = [f for f in folders if searched(f)]
        found += [Path(directory, name) for name in names if is_deployment_file(name)]
    return found
