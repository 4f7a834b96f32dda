"""Dockerfiles, Procfiles and compose files: where a deployment says which settings module it loads."""

from __future__ import annotations

import os
import re
from pathlib import Path

DEPLOYMENT_GLOBS = ("Dockerfile*", "Procfile*", "*compose*.yml", "*compose*.yaml")
# One expression for the four globs (``DEPLOYMENT_GLOBS``) (fnmatch's ``*`` spans any character): every name of a tree is tried.
_ANY_PATTERN = re.compile(r"(?:Dockerfile|Procfile).*|.*compose.*\.ya?ml", re.DOTALL)
#: Folders never searched: hidden ones (``.git``, ``.venv``) and installed packages.
_SKIPPED_FOLDERS = frozenset({"node_modules", "site-packages"})


def is_deployment_file(name: str) -> bool:
    """``Dockerfile*``, ``Procfile*``, ``*compose*.yml`` or ``*compose*.yaml``, case-sensitively."""
    return _ANY_PATTERN.fullmatch(name) is not None


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
