"""Paths as findings show them, and resolving paths that may be broken: a symlink loop is a finding's
subject, never a crash."""

from __future__ import annotations

import os
from pathlib import Path


def resolved(path: Path | str) -> Path:
    """``Path(path).resolve()``, or the absolute, normalised path when resolving fails.

    A symlink loop raises ``RuntimeError`` before Python 3.13 and ``OSError`` (``ELOOP``) since; either
    way the file still has a name, and the scan must report it and go on.
    """
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def under(path: str, root: str) -> bool:
    """Whether the absolute ``path`` is ``root`` or lies inside it (by name, no file system access)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def display_path(path: str) -> str:
    """The path relative to the current directory when under it, else absolute."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    return os.path.relpath(absolute, cwd) if under(absolute, cwd) else absolute
