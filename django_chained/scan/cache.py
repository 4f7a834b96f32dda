"""The on-disk scan cache: per-file findings keyed by path, content hash and engine version.

Not size and mtime: an edit that keeps the size within the mtime's granularity, or a tool restoring
the mtime (``os.utime``, ``git`` checkouts, archive extraction), would reuse a stale result. A file's
``signature`` (size, mtime, ctime, inode) only spares reading and hashing bytes already hashed, on
POSIX, where every write sets the ctime to the kernel's clock and nothing can set it back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any, TypeGuard

from django_chained.scan.findings import Finding
from django_chained.untrusted_files import read_text_file

#: The hash of a file's bytes when it was scanned (``content_key``).
ContentKey = str
#: What the scan of one file produced: its findings and, when it could not be scanned, its problem.
FileResult = tuple[list[Finding], Finding | None]


def default_cache_dir() -> Path:
    """A per-user cache directory, never inside a scanned tree."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "django-chained" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "django-chained"


#: A file's size, mtime, ctime (ns), inode and device when its bytes were hashed (``signature``).
Signature = list[int]
#: Files changed this close to a scan's start are hashed again next time: timestamps tick coarsely.
RACY_NS = 2_000_000_000
#: Whether a write always moves ``st_ctime`` (not on Windows, where it is the creation time).
CTIME_IS_CHANGE = os.name == "posix"


def scan_started() -> int:
    """The clock ``signature`` compares timestamps with, read once before a scan looks at any file."""
    return time.time_ns()


def signature(status: os.stat_result, started: int) -> Signature | None:
    """What says a file still holds the bytes hashed when it had this status; ``None`` when nothing can.

    A file changed within ``RACY_NS`` of ``started`` could change again within the same clock tick and
    keep every field, so its bytes are hashed again next time (git's "racy" rule). Windows's
    ``st_ctime`` is the creation time, which an edit leaves alone: there, bytes are always hashed.
    """
    if (
        not CTIME_IS_CHANGE
        or max(status.st_mtime_ns, status.st_ctime_ns) >= started - RACY_NS
    ):
        return None
    return [
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
        status.st_dev,
    ]


def content_key(data: bytes) -> ContentKey:
    """What a cached result is valid for: these exact bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _row(finding: Finding) -> list[Any]:
    return [
        finding.id,
        finding.line,
        finding.message,
        finding.hint,
        finding.level,
        finding.suppressed_reason,
        finding.end_line,
        finding.subject,
        finding.code,
        finding.only_read,
    ]


#: The JSON types of a row's fields, in ``_row``'s order; a row of other types is not ours.
_ROW_TYPES: tuple[tuple[type, ...], ...] = (
    (str,),
    (int,),
    (str,),
    (str,),
    (int,),
    (str, type(None)),
    (int, type(None)),
    (str, type(None)),
    (str, type(None)),
    (bool,),
)


def typed_row(row: object, types: tuple[tuple[type, ...], ...]) -> TypeGuard[list[Any]]:
    """Whether ``row`` (decoded JSON) is a list of values of exactly these types, one per column."""
    return (
        isinstance(row, list)
        and len(row) == len(types)
        and all(type(v) in t for v, t in zip(row, types, strict=True))
    )


def _finding(path: str, row: object) -> Finding:
    """The finding a cached row holds; ``ValueError`` when the row is of another shape."""
    if not typed_row(row, _ROW_TYPES):
        raise ValueError(f"not a cached finding: {row!r:.60}")
    check_id, line, message, hint, level, reason, end_line, subject, code, read = row
    return Finding(
        check_id,
        path,
        line,
        message,
        hint,
        level,
        reason,
        end_line,
        subject,
        code,
        read,
    )


def cache_file(directory: Path, prefix: str, files: list[str]) -> Path:
    """The cache file of one kind (``prefix``) for the files under one common directory."""
    # The folder of the common prefix: ``commonpath`` splits every path, a third of a warm load.
    root = os.path.dirname(os.path.commonprefix(files)) if files else ""
    name = hashlib.sha256(root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return directory / f"{prefix}-{name}.json"


def load_entries(file: Path, version: str) -> dict[str, Any]:
    """The per-file entries of a cache file written by ``version``; empty when missing or not ours."""
    # A file of another shape, or nested too deeply to decode, is rebuilt.
    with contextlib.suppress(OSError, ValueError, RecursionError):
        data = json.loads(read_text_file(file))
        if isinstance(data, dict) and data.get("engine") == version:
            entries = data.get("files")
            if isinstance(entries, dict):
                return entries
    return {}


def save_entries(file: Path, version: str, entries: dict[str, Any]) -> None:
    """Write atomically; a cache that cannot be written only costs speed."""
    payload = json.dumps({"engine": version, "files": entries})
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
            os.replace(temporary, file)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


class ScanCache:
    """One JSON file of per-file results for the files under one common directory.

    With no ``directory`` it lives in memory for one run: the standalone scan fills it from its worker
    processes (``sourcetree.prefill``) before the serial pass reads it.
    """

    def __init__(
        self, directory: Path | None, files: list[str], engine_version: str
    ) -> None:
        self.file = None if directory is None else cache_file(directory, "scan", files)
        self.engine_version = engine_version
        self.entries: dict[str, Any] = (
            {} if self.file is None else load_entries(self.file, engine_version)
        )
        self.changed = False

    def content_of(self, key: str, status: Signature | None) -> ContentKey | None:
        """The content key stored for ``key`` with exactly this signature: its bytes need no reading."""
        entry = self.entries.get(key)
        if (
            status is not None
            and isinstance(entry, list)
            and len(entry) == 4
            and entry[3] == status
            and isinstance(entry[0], str)
        ):
            return entry[0]
        return None

    def sign(self, key: str, status: Signature | None) -> None:
        """Record the signature of the file whose bytes just matched the entry of ``key``."""
        entry = self.entries.get(key)
        if (
            status is not None
            and isinstance(entry, list)
            and len(entry) == 4
            and entry[3] != status
        ):
            entry[3] = status
            self.changed = True

    def get(self, key: str, content: ContentKey, path: str) -> FileResult | None:
        """The result cached for ``key`` when it was scanned with exactly this content, else ``None``."""
        entry = self.entries.get(key)
        if not (
            isinstance(entry, list)
            and len(entry) == 4
            and entry[0] == content
            and isinstance(entry[1], list)
        ):
            return None  # not cached, changed since, or an entry of another shape
        try:
            findings = [_finding(path, row) for row in entry[1]]
            problem = _finding(path, entry[2]) if entry[2] is not None else None
        except ValueError:
            return None
        return findings, problem

    def put(
        self,
        key: str,
        content: ContentKey,
        result: FileResult,
        status: Signature | None = None,
    ) -> None:
        self.put_entry(key, entry(content, result, status))

    def put_entry(self, key: str, value: list[Any]) -> None:
        """Store an entry made by ``entry`` (in a worker process, say)."""
        self.entries[key] = value
        self.changed = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written only costs speed."""
        if self.changed and self.file is not None:
            save_entries(self.file, self.engine_version, self.entries)


def entry(
    content: ContentKey, result: FileResult, status: Signature | None = None
) -> list[Any]:
    """The cache entry of one file's result: plain lists, as written to JSON."""
    findings, problem = result
    rows = [_row(f) for f in findings]
    return [content, rows, _row(problem) if problem else None, status]
