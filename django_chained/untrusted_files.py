"""Reading files of a tree we do not trust: regular files only, and the size limit applied before reading.

A scanned repository may hold a FIFO named ``pipe.py`` (reading it blocks forever), a symlink
``x.py -> /dev/zero`` (reading it never ends) or a 50 MB generated module; every reader of the
scan goes through ``read_regular_file`` so none of them can hang or exhaust memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from django_chained.read_log import note_file

#: The limit for data files (lock files, requirements, OSV advisories, baselines, the scan cache):
#: far above any real one, far below what would exhaust memory.
DATA_MAX_BYTES = 32 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
# Opening a FIFO without O_NONBLOCK waits for a writer; O_NOCTTY keeps a terminal from becoming ours.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class _Refused(OSError):
    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class NotRegularFile(_Refused):
    """The path names a FIFO, device, socket or directory (through symlinks), never read."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        reason = f"it is {kind}, not a regular file"
        super().__init__(errno.EINVAL, reason, os.fspath(path))
        self.kind = kind


class FileTooLarge(_Refused):
    """The file is larger than the reader's limit; nothing of it was read."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        reason = f"{size} bytes, over the limit of {limit}"
        super().__init__(errno.EFBIG, reason, os.fspath(path))
        self.size = size
        self.limit = limit


def special_kind(mode: int) -> str | None:
    """What a non-regular file is (``"a FIFO (named pipe)"`` …), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return (
        "not a regular file"  # pragma: no cover - every POSIX file type is listed above
    )


def _judge(path: str | os.PathLike[str], status: os.stat_result, limit: int) -> None:
    kind = special_kind(status.st_mode)
    if kind is not None:
        raise NotRegularFile(path, kind)
    if status.st_size > limit:
        raise FileTooLarge(path, status.st_size, limit)


def read_regular_file(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of ``path``, a regular file (symlinks followed) of at most ``max_bytes``.

    Raises ``NotRegularFile`` or ``FileTooLarge`` (both ``OSError``, with a readable ``strerror``) before
    reading anything, and ``OSError`` when the file cannot be opened. The type and size are checked
    again on the opened descriptor, so a file swapped after the first look is judged as it is.
    """
    note_file(path)
    _judge(path, os.stat(path), max_bytes)
    descriptor = os.open(path, _OPEN_FLAGS)
    with open(descriptor, "rb", closefd=True) as handle:
        _judge(path, os.fstat(descriptor), max_bytes)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew after fstat()
        raise FileTooLarge(path, len(data), max_bytes)
    return data


def read_text_file(path: Path, max_bytes: int = DATA_MAX_BYTES) -> str:
    """``read_regular_file`` decoded as UTF-8 (a BOM dropped); raises ``UnicodeDecodeError`` on bad bytes."""
    return read_regular_file(path, max_bytes).decode("utf-8-sig")


def is_regular_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (symlinks followed); ``False`` when it cannot be looked at.

    ``Path.is_file`` raises for a file inside an unreadable (chmod 000) folder, and ``os.stat`` for a
    name holding a NUL byte; a scanned tree may have either.
    """
    note_file(path)
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
