"""The files of a tree as its last walk found them, reused while no folder it listed has changed.

Adding, removing or renaming an entry moves its folder's mtime and ctime, and changing a folder's
permissions moves its ctime; so when every folder the last walk listed still has the times it had
just before it was listed, a new walk would find the same files. A warm scan then looks at each
folder's times instead of listing it. A walk that listed a folder changed within ``RACY_NS`` of
its start is not kept: the folder could change again within the same clock tick (git's "racy"
rule). Nor on Windows, where ``st_ctime`` is the creation time.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from django_chained.report.version import tool_version
from django_chained.scan.cache import (
    CTIME_IS_CHANGE,
    RACY_NS,
    load_entries,
    save_entries,
    scan_started,
)
from django_chained.sourcetree.early_walk import EarlyWalk
from django_chained.sourcetree.tree_walk import Walk, walk

#: Bumped whenever what a kept walk holds, or how it is written, changes.
WALK_SCHEMA = 1
_WALKERS = ("tree_walk.py", "deploy_files.py", "folder_listing.py", "walk_cache.py")


@cache
def walk_version() -> str:
    """The package version, the schema and a hash of the walk's sources."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _WALKERS:
        digest.update((here / name).read_bytes())
    return f"{tool_version()}:{WALK_SCHEMA}:{digest.hexdigest()[:20]}"


def cache_file(cache_dir: Path, root: Path, exclude: tuple[str, ...]) -> Path:
    key = "\0".join((str(root), *exclude)).encode("utf-8", "surrogatepass")
    return cache_dir / f"tree-{hashlib.sha256(key).hexdigest()[:16]}.json"


def cached_walk(
    root: Path,
    exclude: tuple[str, ...],
    cache_dir: Path,
    early: EarlyWalk | None = None,
) -> Walk:
    """The last walk of ``root`` kept under ``cache_dir`` if it still holds, else a new one (kept).

    ``early``: a walk of the same tree already started (``early_walk``), used for the new one.
    """
    file = cache_file(cache_dir, root, exclude)
    kept = _reused(root, load_entries(file, walk_version()))
    if kept is not None:
        if early is not None:
            early.cancel()
        return kept
    started = early.started if early is not None else scan_started()
    found = early.result() if early is not None else walk(root, exclude, record=True)
    if CTIME_IS_CHANGE and _settled(found, started):
        save_entries(file, walk_version(), _entries(root, found))
    return found


def _settled(found: Walk, started: int) -> bool:
    """Whether every folder listed was looked at and changed long enough before the walk."""
    return all(0 <= max(m, c) < started - RACY_NS for _, m, c in found.listed or ())


def _relative(root: str, path: Path | str) -> str:
    text = str(path)
    return "" if text == root else text[len(root) + 1 :]


def _entries(root: Path, found: Walk) -> dict[str, Any]:
    top = str(root)
    return {
        "folders": [[_relative(top, f), m, c] for f, m, c in found.listed or ()],
        "python": [_relative(top, p) for p in found.python_files],
        "templates": [_relative(top, p) for p in found.template_files],
        "deployment": [_relative(top, p) for p in found.deployment_files],
        "unreadable": [[_relative(top, p), why] for p, why in found.unreadable],
    }


def _names(value: object) -> list[str]:
    if not (isinstance(value, list) and set(map(type, value)) <= {str}):
        raise ValueError("not a list of paths")
    return value


def _reused(root: Path, entries: dict[str, Any]) -> Walk | None:
    """The kept walk, when it is of our shape and none of its folders' times moved; else ``None``."""
    if not entries:
        return None
    top = str(root)
    try:
        folders = entries["folders"]
        if not isinstance(folders, list):
            raise ValueError("not a list of folders")
        for row in folders:
            if not (
                isinstance(row, list)
                and len(row) == 3
                and type(row[0]) is str
                and type(row[1]) is int
                and type(row[2]) is int
            ):
                raise ValueError("not a folder")
            status = os.stat(os.path.join(top, row[0]) if row[0] else top)
            if (status.st_mtime_ns, status.st_ctime_ns) != (row[1], row[2]):
                return None
        unreadable = entries["unreadable"]
        if not (
            isinstance(unreadable, list)
            and all(len(_names(r)) == 2 for r in unreadable)
        ):
            raise ValueError("not a list of unreadable folders")
        return Walk(
            listed=[(os.path.join(top, f) if f else top, m, c) for f, m, c in folders],
            python_files=[Path(top, p) for p in _names(entries["python"])],
            template_files=[Path(top, p) for p in _names(entries["templates"])],
            deployment_files=[Path(top, p) for p in _names(entries["deployment"])],
            unreadable=[(Path(top, p), why) for p, why in unreadable],
        )
    except (KeyError, ValueError, OSError):
        return None
