"""A scan of a tree in which nothing changed since the last one: that scan's findings, not a new judgement.

The per-file caches spare parsing, but a warm scan would still decode every file's facts and judge
across files again, to find what it found last time. The last result is kept with what it was made
from: the options, this package's sources and data, Django's and Python's versions, the tree's
listing and the signature (``scan.cache.signature``: size, mtime, ctime, inode) of every file the
scan read or looked up and every folder it listed outside the tree's own walk. When each still has
the signature it had, the kept result is the result. A file changed within ``RACY_NS`` of the scan's
start has no signature, so such a result is not kept at all (git's "racy" rule), nor on Windows.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import django

from django_chained.read_log import ReadLog
from django_chained.report.record import Record
from django_chained.report.version import tool_version
from django_chained.scan.cache import (
    CTIME_IS_CHANGE,
    RACY_NS,
    Signature,
    load_entries,
    save_entries,
    signature,
    typed_row,
)
from django_chained.sourcetree.tree import SourceTree

if TYPE_CHECKING:
    from django_chained.sourcetree.tree_findings import StandaloneScan

#: Bumped whenever what a kept result holds, or how it is written, changes.
MEMO_SCHEMA = 1
_RECORD_FIELDS = [f.name for f in fields(Record)]


@cache
def memo_version() -> str:
    """What the result depends on besides the tree: this package's every source and data file, the
    installed Django (its ``contrib`` models and checks) and the Python running the scan (markers in
    requirement files are evaluated for it).

    The package's files are taken by their size, times and inode, as the tree's are: an edit or a
    reinstall moves the ctime, and reading them all would cost a warm scan 0.01 s.
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for source in sorted([*package.rglob("*.py"), *package.rglob("*.json")]):
        status = source.stat()
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(
            b"%d:%d:%d:%d"
            % (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        )
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{tool_version()}:{MEMO_SCHEMA}:{django.__version__}:{python}:{sys.platform}:{digest.hexdigest()[:20]}"


@dataclass(frozen=True)
class ResultMemo:
    """Where the result of one scan of ``tree`` with these options is kept, and the test that it still holds."""

    file: Path
    tree: SourceTree

    @classmethod
    def of(
        cls,
        cache_dir: Path,
        tree: SourceTree,
        only: set[Path] | None,
        settings_files: Sequence[Path],
        today: date,
    ) -> ResultMemo:
        options = [
            str(tree.root),
            *tree.exclude,
            "\0settings",
            *map(os.path.abspath, settings_files),
            "\0only",
            *(sorted(map(str, only)) if only is not None else ["\0all"]),
            "\0today",
            today.isoformat(),
        ]
        key = "\0".join(options).encode("utf-8", "surrogatepass")
        name = f"result-{hashlib.sha256(key).hexdigest()[:16]}.json"
        return cls(cache_dir / name, tree)

    def load(self, started: int) -> StandaloneScan | None:
        """The kept result, when it is of our shape and everything it was made from is unchanged.

        ``started``: when this scan started (``scan.cache.scan_started``).
        """
        from django_chained.sourcetree.tree_findings import StandaloneScan

        entries = load_entries(self.file, memo_version())
        if (
            not entries
            or self.tree.listed is None
            or entries.get("listing") != _listing(self.tree)
        ):
            return None
        try:
            inputs = entries["inputs"]
            if not isinstance(inputs, list) or not all(
                _holds(row, started) for row in inputs
            ):
                return None
            kept = entries["result"]
            records = [_record(row) for row in kept["records"]]
            result = StandaloneScan(
                records=records,
                notes=_strings(kept["notes"]),
                judged=set(_strings(kept["judged"])),
                silenced=frozenset(_strings(kept["silenced"])),
                accepted=kept["accepted"],
            )
        except (KeyError, TypeError, ValueError, OSError):
            return None
        if not _risks_shaped(result.accepted):
            return None
        return result

    def save(self, result: StandaloneScan, log: ReadLog, started: int) -> None:
        """Keep ``result`` with the signatures of what it was made from; not when one has none."""
        listed = self.tree.listed
        if not CTIME_IS_CHANGE or listed is None:
            return  # Windows: an edit leaves the ctime alone, so no signature can be trusted
        if any(max(m, c) >= started - RACY_NS for _, m, c in listed):
            return
        signed: list[list[Any]] = []
        own = os.path.join(os.path.abspath(self.file.parent), "")
        inputs: tuple[tuple[str, list[str]], ...] = (
            ("file", [*map(str, self._tree_files()), *log.files]),
            ("folder", [*log.folders]),
        )
        for kind, paths in inputs:
            for path in sorted({os.path.abspath(p) for p in paths}):
                if path.startswith(own):
                    continue  # the scan's own cache files
                try:
                    found = signature(os.stat(path), started)
                except (OSError, ValueError):
                    signed.append([kind, path, None])  # missing: must still be missing
                    continue
                if found is None:
                    return  # changed too recently to tell a later change apart
                signed.append([kind, path, found])
        kept = {
            "records": [list(astuple(record)) for record in result.records],
            "notes": result.notes,
            "judged": sorted(result.judged),
            "silenced": sorted(result.silenced),
            "accepted": result.accepted,
        }
        save_entries(
            self.file,
            memo_version(),
            {"listing": _listing(self.tree), "inputs": signed, "result": kept},
        )

    def _tree_files(self) -> list[Path]:
        tree = self.tree
        return [*tree.python_files, *tree.template_files, *tree.deployment_files]


def _listing(tree: SourceTree) -> str:
    """A hash of what the tree's walk found and of the times of every folder it listed.

    An entry added, removed or renamed in any folder the walk listed moves that folder's times,
    whether or not the walk keeps the entry (a ``requirements.txt``, a new ``Dockerfile``).
    """
    digest = hashlib.sha256()
    for group in (
        tree.python_files,
        tree.template_files,
        tree.deployment_files,
        [folder for folder, _ in tree.unreadable],
        [f"{folder}:{m}:{c}" for folder, m, c in tree.listed or ()],
    ):
        digest.update("\0".join(map(str, group)).encode("utf-8", "surrogatepass"))
        digest.update(b"\1")
    return digest.hexdigest()


def _holds(row: object, started: int) -> bool:
    """Whether one kept input still has the signature it had (a missing one is still missing)."""
    if not (isinstance(row, list) and len(row) == 3 and isinstance(row[1], str)):
        raise ValueError("not a kept input")
    kept: Signature | None = row[2]
    try:
        status = os.stat(row[1])
    except (OSError, ValueError):
        return kept is None
    return kept is not None and signature(status, started) == kept


#: The JSON types of a kept record's fields, in ``Record``'s order.
_RECORD_TYPES: tuple[tuple[type, ...], ...] = (
    (str,),
    (int,),
    (str,),
    (str, type(None)),
    (str, type(None)),
    (str, type(None)),
    (int, type(None)),
    (str, type(None)),
    (int, type(None)),
    (str, type(None)),
    (bool,),
)


def _record(row: object) -> Record:
    if not typed_row(row, _RECORD_TYPES):
        raise ValueError(f"not a kept record: {row!r:.60}")
    return Record(**dict(zip(_RECORD_FIELDS, row, strict=True)))


def _strings(value: object) -> list[str]:
    if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise ValueError("not a list of strings")
    return value


def _risks_shaped(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(reasons, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in reasons.items())
        for reasons in value.values()
    )
