"""PEP 508 requirement strings and pip requirement files, read with ``packaging``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from django_chained.paths import resolved
from django_chained.sourcetree.pins.model import (
    Entry,
    Pin,
    Problem,
    Range,
    first_line,
    unreadable,
)
from django_chained.untrusted_files import read_text_file

#: The Pythons some maintained Django release runs on; a marker none of them meets (``python_version < "3"``)
#: names a line no deployment installs.
SUPPORTED_PYTHONS = tuple(f"3.{minor}" for minor in range(8, 15))
#: ``sys_platform``, ``platform_system`` and ``os_name`` of the platforms Django is deployed on.
PLATFORMS = (
    ("linux", "Linux", "posix"),
    ("win32", "Windows", "nt"),
    ("darwin", "Darwin", "posix"),
)
#: pip's comment rule: ``#`` at the start of a line or after whitespace (``pkg#egg`` in a URL is not one).
_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDE = re.compile(
    r"^(?:-r|-c|--requirement|--constraint)(?:\s*=\s*|\s+|(?=\S))(?P<file>\S+)"
)
_ARCHIVE = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2")


def applies(marker: Marker | None) -> bool:
    """Whether some supported Python on some common platform meets ``marker`` (no marker: always)."""
    if marker is None:
        return True
    for python in SUPPORTED_PYTHONS:
        for sys_platform, system, os_name in PLATFORMS:
            environment = {
                "python_version": python,
                "python_full_version": f"{python}.0",
                "sys_platform": sys_platform,
                "platform_system": system,
                "os_name": os_name,
            }
            try:
                if marker.evaluate(environment):
                    return True
            except Exception:  # noqa: BLE001 - a marker packaging cannot compare: keep the line
                return True
    return False


def from_specifier(
    specifier: SpecifierSet, file: Path, line: int
) -> Pin | Range | None:
    """An exact ``==``/``===`` pin, else the range; ``None`` for no specifier (pip takes the newest).

    Raises ``ValueError`` for a version too long to compare (past Python's 4,300-digit int limit).
    """
    for part in specifier:
        if part.operator != "===":
            Version(part.version.removesuffix(".*"))
    for part in sorted(specifier, key=str):
        exact = part.operator == "===" or (
            part.operator == "==" and not part.version.endswith(".*")
        )
        if exact:
            return Pin(part.version, file, line)
    return Range((specifier,), file, line) if len(specifier) else None


def django_entry(text: str, file: Path, line: int) -> Entry | None:
    """What a PEP 508 string says about Django: ``None`` for another project, a URL, or a marker no
    supported Python meets; a ``Problem`` when it is not a requirement."""
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        return Problem(
            file,
            line,
            f"{text.strip()!r:.80} is not a requirement ({first_line(error)})",
        )
    if canonicalize_name(requirement.name) != "django" or requirement.url:
        return None
    if not applies(requirement.marker):
        return None
    try:
        return from_specifier(requirement.specifier, file, line)
    except ValueError as error:
        return Problem(
            file, line, f"{text.strip()!r:.80} has a version too long to read ({error})"
        )


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """pip's view of a file: ``\\`` continuations joined (a comment line ends one), comments dropped."""
    pending: list[str] = []
    start = 1
    for number, raw in enumerate(text.splitlines(), 1):
        comment = raw.lstrip().startswith("#")
        if raw.endswith("\\") and not comment:
            if not pending:
                start = number
            pending.append(raw[:-1])
            continue
        if pending:
            yield start, _COMMENT.sub("", "".join(pending) + ("" if comment else raw))
            pending = []
        else:
            yield number, _COMMENT.sub("", raw)
    if pending:
        yield start, _COMMENT.sub("", "".join(pending))


def _requirement_part(line: str) -> str:
    """The line up to its first option (``--hash=…``), as pip splits it."""
    words = line.split(" ")
    for index, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:index]).strip()
    return line.strip()


def _path_or_url(text: str) -> bool:
    """A local path, archive or URL pip installs without a name (``./pkg``, ``git+https://…``)."""
    return "/" in text or "\\" in text or text.lower().endswith(_ARCHIVE)


def requirement_file(path: Path, text: str) -> Iterator[Entry]:
    """Django entries of a requirements file and the ``-r``/``-c`` files it names (relative to it), in order.

    Iterative, each file read once: a chain of thousands of includes must not exhaust the stack.
    """
    seen = {resolved(path)}
    stack = [(path, _logical_lines(text))]
    while stack:
        current, lines = stack[-1]
        for number, line in lines:
            requirement = _requirement_part(line)
            if requirement:
                if "${" in requirement or (
                    _path_or_url(requirement) and "@" not in requirement
                ):
                    continue  # pip expands variables at install time; paths and URLs carry no version
                entry = django_entry(requirement, current, number)
                if entry is not None:
                    yield entry
                continue
            include = _INCLUDE.match(line.strip())
            if include is None:
                continue
            included = _included(current.parent / include.group("file"), seen)
            if isinstance(included, Problem):
                yield Problem(
                    current,
                    number,
                    f"line {number} names {include.group('file')!r:.80}: {included.reason}",
                )
            elif included is not None:
                stack.append((included[0], _logical_lines(included[1])))
                break
        else:
            stack.pop()


def _included(target: Path, seen: set[Path]) -> tuple[Path, str] | Problem | None:
    """The included file and its text; ``None`` when already read; a ``Problem`` when unreadable."""
    try:
        key = resolved(target)
        if key in seen:
            return None
        seen.add(key)
        return target, read_text_file(target)
    except (OSError, ValueError) as error:
        return unreadable(target, error)
