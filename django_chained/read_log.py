"""The files and folders a scan looked at, so that a later scan can tell whether any of them changed.

Every reader of a scanned tree goes through ``untrusted_files``, which notes the files it reads or
looks up here; the few walks outside the tree's own listing note the folders they list. While
``logging_reads`` is active the notes are kept, otherwise noting costs one list test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class ReadLog:
    """Paths as they were given (the working directory does not change during a scan)."""

    files: set[str] = field(default_factory=set)
    """Files read, or looked up whether they exist and are regular."""
    folders: set[str] = field(default_factory=set)
    """Folders listed."""


_active: list[ReadLog] = []


@contextmanager
def logging_reads() -> Iterator[ReadLog]:
    """Keep, until the block ends, every file and folder noted."""
    log = ReadLog()
    _active.append(log)
    try:
        yield log
    finally:
        _active.remove(log)


def note_file(path: str | os.PathLike[str]) -> None:
    for log in _active:
        log.files.add(os.fspath(path))


def note_folder(path: str | os.PathLike[str]) -> None:
    for log in _active:
        log.folders.add(os.fspath(path))
