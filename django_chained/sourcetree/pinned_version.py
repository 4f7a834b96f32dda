"""The Django version a source tree pins, read from its requirement and lock files."""

from __future__ import annotations

import configparser
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django_chained.paths import resolved
from django_chained.untrusted_files import read_text_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: ``django==5.2.3``, also with extras, a marker, a comment, or pip options after it (``--hash=…``, ``\\``).
_REQUIREMENT = re.compile(
    r"^\s*django\s*(?:\[[^\]]*\])?\s*===?\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)"
    r"\s*(?:[;#\\].*|--\S.*)?$",
    re.IGNORECASE,
)
#: ``-r base.txt`` / ``--requirement=base.txt`` / ``-c constraints.txt``: files pip reads as well.
_INCLUDE = re.compile(
    r"^\s*(?:-r|-c|--requirement|--constraint)(?:\s*=\s*|\s+|(?=\S))(?P<file>\S+)"
)
_EXACT = re.compile(r"^\s*===?\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)\s*$")
_BARE_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*([a-z]+[0-9]*)?$", re.IGNORECASE)

#: Lock files first: they hold what is really installed; exact pins in manifests second.
LOCK_FILES = ("poetry.lock", "uv.lock", "Pipfile.lock")
MANIFESTS = ("pyproject.toml", "setup.cfg", "Pipfile")
#: Pins sit at the top of a project (or in a ``requirements/`` folder), not deep in fixtures.
MAX_DEPTH = 2


@dataclass(frozen=True)
class Pin:
    version: str
    file: Path
    line: int


def find_pin(root: Path, files: list[Path] | None = None) -> Pin | None:
    """The pinned Django version under ``root``: lock files win, then exact ``==`` pins; ``None`` if none."""
    candidates = files if files is not None else sorted(_candidate_files(root))
    ranked = sorted(candidates, key=_rank)
    for path in ranked:
        for pin in _pins_in(path):
            return pin
    return None


def _candidate_files(root: Path) -> Iterator[Path]:
    """Requirement and lock files at most ``MAX_DEPTH`` folders below ``root``, outside vendored folders."""
    names = {*LOCK_FILES, *MANIFESTS}
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        depth = len(here.relative_to(root).parts)
        dirnames[:] = (
            [] if depth >= MAX_DEPTH else [d for d in dirnames if not _vendored(d)]
        )
        for name in filenames:
            requirements = (
                name.startswith("requirements") or here.name == "requirements"
            )
            if name in names or (requirements and name.endswith(".txt")):
                yield here / name


def _vendored(name: str) -> bool:
    return name.startswith(".") or name in {
        "node_modules",
        "site-packages",
        "venv",
        "env",
    }


def _rank(path: Path) -> tuple[int, int, str]:
    kind = 0 if path.name in LOCK_FILES else 1
    return (kind, len(path.parts), str(path))


def _pins_in(path: Path) -> Iterator[Pin]:
    try:
        text = read_text_file(path)
    except (
        OSError,
        ValueError,
    ):  # unreadable, not UTF-8, or a NUL byte in an included name
        return
    name = path.name
    if name in ("poetry.lock", "uv.lock"):
        yield from _toml_lock(path, text)
    elif name == "Pipfile.lock":
        yield from _pipfile_lock(path, text)
    elif name == "pyproject.toml":
        yield from _pyproject(path, text)
    elif name == "setup.cfg":
        yield from _setup_cfg(path, text)
    elif name == "Pipfile":
        yield from _pipfile(path, text)
    else:
        yield from _requirement_lines(path, text)


def _line_of(text: str, pattern: str) -> int:
    match = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _requirement_lines(path: Path, text: str) -> Iterator[Pin]:
    """Pins in a requirements file, following its ``-r``/``-c`` includes (relative to it) in order.

    Iterative, each file read once: a chain of thousands of includes must not exhaust the stack.
    """
    seen = {resolved(path)}
    stack = [(path, enumerate(text.splitlines(), 1))]
    while stack:
        current, lines = stack[-1]
        for number, line in lines:
            match = _REQUIREMENT.match(line)
            if match:
                yield Pin(match.group("version"), current, number)
                continue
            included = _included(current, line, seen)
            if included is not None:
                stack.append((included[0], enumerate(included[1].splitlines(), 1)))
                break
        else:
            stack.pop()


def _included(path: Path, line: str, seen: set[Path]) -> tuple[Path, str] | None:
    """The file a ``-r``/``-c`` line names and its text, unless already read or unreadable."""
    include = _INCLUDE.match(line)
    if include is None:
        return None
    target = path.parent / include.group("file")
    try:
        key = resolved(target)
        if key in seen:
            return None
        seen.add(key)
        return target, read_text_file(target)
    except (OSError, ValueError):  # unreadable, not UTF-8, or a NUL byte in the name
        return None


def _toml_lock(path: Path, text: str) -> Iterator[Pin]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return
    for package in _tables(data.get("package")):
        if str(package.get("name", "")).lower() == "django" and "version" in package:
            line = _line_of(text, r'^name\s*=\s*"django"\s*$')
            yield Pin(str(package["version"]), path, line)


def _pipfile_lock(path: Path, text: str) -> Iterator[Pin]:
    try:
        data = _table(json.loads(text))
    except (ValueError, RecursionError):
        return
    for section in ("default", "develop"):
        entry = _table(_lower_keys(data.get(section)).get("django"))
        match = _EXACT.match(str(entry.get("version", "")))
        if match:
            yield Pin(match.group("version"), path, _line_of(text, r'^\s*"django"\s*:'))


def _pipfile(path: Path, text: str) -> Iterator[Pin]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return
    for section in ("packages", "dev-packages"):
        spec = _lower_keys(data.get(section, {})).get("django")
        if isinstance(spec, dict):
            spec = spec.get("version")
        match = _EXACT.match(str(spec or ""))
        if match:
            yield Pin(match.group("version"), path, _line_of(text, r"^django\s*="))


def _pyproject(path: Path, text: str) -> Iterator[Pin]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return
    project = _table(data.get("project"))
    requirements = _array(project.get("dependencies"))
    for extra in _table(project.get("optional-dependencies")).values():
        requirements += _array(extra)
    for group in _table(data.get("dependency-groups")).values():
        requirements += _array(group)
    for requirement in requirements:
        match = (
            _REQUIREMENT.match(requirement) if isinstance(requirement, str) else None
        )
        if match:
            yield Pin(match.group("version"), path, _line_of(text, r"[\"']django\s*="))
    poetry = _table(_table(data.get("tool")).get("poetry"))
    groups = [poetry.get("dependencies")] + [
        _table(group).get("dependencies")
        for group in _table(poetry.get("group")).values()
    ]
    for dependencies in groups:
        spec = _lower_keys(dependencies).get("django")
        if isinstance(spec, dict):
            spec = spec.get("version")
        text_spec = str(spec or "")
        match = _EXACT.match(text_spec)
        version = match.group("version") if match else text_spec.strip()
        if _BARE_VERSION.match(version):  # poetry: "5.2.3" alone is an exact pin
            yield Pin(version, path, _line_of(text, r"^django\s*="))


def _setup_cfg(path: Path, text: str) -> Iterator[Pin]:
    # No interpolation: "%20" in a URL is text to setuptools, not a "%(name)s" reference.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    lines = parser.get("options", "install_requires", fallback="").splitlines()
    for requirement in lines:
        match = _REQUIREMENT.match(requirement)
        if match:
            yield Pin(match.group("version"), path, _line_of(text, r"^\s*django\s*=="))


def _table(value: Any) -> dict[str, Any]:
    """A TOML table or JSON object; anything else (a lock file of another shape) reads as empty."""
    return value if isinstance(value, dict) else {}


def _array(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _tables(value: Any) -> list[dict[str, Any]]:
    return [item for item in _array(value) if isinstance(item, dict)]


def _lower_keys(mapping: Any) -> dict[str, Any]:
    return (
        {str(k).lower(): v for k, v in mapping.items()}
        if isinstance(mapping, dict)
        else {}
    )
