"""Dockerfiles, Procfiles and compose files: where a deployment says which settings module it loads."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django_chained.sourcetree.folder_listing import ListedFolder, list_folder

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


def deployment_files(
    root: Path, listed: list[ListedFolder] | None = None
) -> list[Path]:
    """The deployment files under ``root``, in searched folders (symlinked folders not followed).

    ``listed`` gets each folder listed, with its times (``list_folder``).
    """
    found: list[Path] = []
    folders = [str(root)]
    while folders:
        directory = folders.pop()
        try:
            subfolders, links, names = list_folder(directory, listed)
        except OSError:
            continue  # as os.walk skips a folder it cannot list
        found += [
            Path(directory, name) for name in sorted(names) if is_deployment_file(name)
        ]
        folders += [
            os.path.join(directory, f)
            for f in sorted(subfolders, reverse=True)
            if searched(f) and f not in links
        ]
    return found
