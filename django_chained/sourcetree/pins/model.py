"""What the pin readers find in a file: an exact Django version, a range of them, or why the file is unreadable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from packaging.specifiers import SpecifierSet


@dataclass(frozen=True)
class Pin:
    """An exact Django version: a lock file's, or ``==``/``===`` in a manifest."""

    version: str
    file: Path
    line: int


@dataclass(frozen=True)
class Range:
    """A requirement allowing several Django versions: those of any one of ``alternatives`` (Poetry's ``||``)."""

    alternatives: tuple[SpecifierSet, ...]
    file: Path
    line: int


@dataclass(frozen=True)
class Problem:
    """A requirement or lock file that could not be read; ``reason`` completes "File could not be scanned: …"."""

    file: Path
    line: int
    reason: str


Entry = Pin | Range | Problem


def unreadable(file: Path, error: OSError | ValueError, line: int = 1) -> Problem:
    """The ``Problem`` for a file ``read_text_file`` refused: not UTF-8, a FIFO, too large, missing …"""
    if isinstance(error, UnicodeDecodeError):
        return Problem(file, line, "it is not UTF-8")
    if isinstance(error, OSError):
        return Problem(file, line, f"it cannot be read ({error.strerror or error})")
    return Problem(file, line, f"it cannot be read ({error})")


def first_line(error: Exception) -> str:
    """An error's first line: ``packaging`` adds the input and a caret below it."""
    return (str(error).splitlines() or [type(error).__name__])[0].rstrip(".")


def line_of(text: str, needle: str) -> int:
    """The line ``needle`` first appears on in ``text`` (1 when it does not)."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1
