"""Resolving paths that may be broken: a symlink loop is a finding's subject, never a crash."""

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
