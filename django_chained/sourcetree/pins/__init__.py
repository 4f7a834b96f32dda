"""The Django version a source tree pins or allows, read from its requirement, manifest and lock files.

Lock files come first (what is really installed), then exact ``==`` pins in manifests, then ranges, whose lowest
allowed release is what the 7xx checks judge. Every file is read, so each malformed one is reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django_chained.read_log import note_folder
from django_chained.sourcetree.pins import locks, manifests
from django_chained.sourcetree.pins.model import Entry, Pin, Problem, Range, unreadable
from django_chained.sourcetree.pins.requirements import requirement_file
from django_chained.untrusted_files import read_text_file

__all__ = ["Pin", "PinSearch", "Problem", "Range", "find_pin", "find_pins"]

MANIFESTS = {
    "pyproject.toml": manifests.pyproject,
    "setup.cfg": manifests.setup_cfg,
    "Pipfile": manifests.pipfile,
}
#: Pins sit at the top of a project (or in a ``requirements/`` folder), not deep in fixtures.
MAX_DEPTH = 2


@dataclass
class PinSearch:
    """The version to judge (an exact pin, else a range, else ``None``) and the files that could not be read."""

    pin: Pin | Range | None = None
    problems: list[Problem] = field(default_factory=list)


def find_pins(root: Path, files: list[Path] | None = None) -> PinSearch:
    """Read every candidate under ``root`` (or ``files``): lock files win, then exact pins, then ranges."""
    candidates = files if files is not None else list(_candidate_files(root))
    search = PinSearch()
    first_range: Range | None = None
    reported: set[Path] = set()
    for path in sorted(candidates, key=_rank):
        for entry in _entries(path):
            if isinstance(entry, Problem):
                if (
                    entry.file not in reported
                ):  # one per file: the first bad line says enough
                    reported.add(entry.file)
                    search.problems.append(entry)
            elif isinstance(entry, Range):
                first_range = first_range or entry
            elif search.pin is None:
                search.pin = entry
    search.pin = search.pin or first_range
    return search


def find_pin(root: Path, files: list[Path] | None = None) -> Pin | Range | None:
    return find_pins(root, files).pin


def _wanted(folder: Path, name: str) -> bool:
    if name in MANIFESTS or locks.is_lock(name):
        return True
    requirements = name.startswith("requirements") or folder.name == "requirements"
    return requirements and name.endswith(".txt")


def _candidate_files(root: Path) -> Iterator[Path]:
    """Requirement, manifest and lock files at most ``MAX_DEPTH`` folders below ``root``, outside vendored folders."""
    for directory, dirnames, filenames in os.walk(root):
        note_folder(directory)
        here = Path(directory)
        depth = len(here.relative_to(root).parts)
        dirnames[:] = (
            [] if depth >= MAX_DEPTH else [d for d in dirnames if not _vendored(d)]
        )
        yield from (here / name for name in filenames if _wanted(here, name))


def _vendored(name: str) -> bool:
    return name.startswith(".") or name in {
        "node_modules",
        "site-packages",
        "venv",
        "env",
    }


def _rank(path: Path) -> tuple[int, int, str]:
    kind = 0 if locks.is_lock(path.name) else 1
    return (kind, len(path.parts), str(path))


def _entries(path: Path) -> Iterator[Entry]:
    try:
        text = read_text_file(path)
    except (OSError, ValueError) as error:  # unreadable, not UTF-8, a FIFO, too large
        yield unreadable(path, error)
        return
    name = path.name
    if name in locks.TOML_LOCKS or locks.is_pylock(name):
        yield from locks.toml_lock(path, text)
    elif name == "Pipfile.lock":
        yield from locks.pipfile_lock(path, text)
    elif name in MANIFESTS:
        yield from MANIFESTS[name](path, text)
    else:
        yield from requirement_file(path, text)
