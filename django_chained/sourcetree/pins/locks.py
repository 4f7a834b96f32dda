"""Lock files: the exact Django version a resolver chose (``poetry.lock``, ``uv.lock``, ``pdm.lock``,
``pylock.toml``, ``Pipfile.lock``)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from django_chained.sourcetree.pins.model import Entry, Pin, Problem, first_line
from django_chained.sourcetree.pins.shapes import lower_keys, table, tables

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: TOML lock files and the array of tables holding their packages.
TOML_LOCKS = {"poetry.lock": "package", "uv.lock": "package", "pdm.lock": "package"}
_EXACT = re.compile(r"^\s*===?\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)\s*$")
_NAME_LINE = re.compile(
    r"""^\s*name\s*=\s*["']django["']\s*$""", re.IGNORECASE | re.MULTILINE
)


def is_pylock(name: str) -> bool:
    """PEP 751: ``pylock.toml`` or ``pylock.<name>.toml``."""
    return name == "pylock.toml" or (
        name.startswith("pylock.") and name.endswith(".toml")
    )


def is_lock(name: str) -> bool:
    return name in TOML_LOCKS or name == "Pipfile.lock" or is_pylock(name)


def load_toml(path: Path, text: str) -> dict[str, object] | Problem:
    """The parsed TOML document, or the ``Problem`` saying why it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Problem(path, 1, f"it is not valid TOML ({first_line(error)})")
    except RecursionError:
        return Problem(path, 1, "it is nested too deeply to read as TOML")


def toml_lock(path: Path, text: str) -> Iterator[Entry]:
    data = load_toml(path, text)
    if isinstance(data, Problem):
        yield data
        return
    key = "packages" if is_pylock(path.name) else TOML_LOCKS[path.name]
    for package in tables(data.get(key)):
        name = package.get("name")
        if isinstance(name, str) and name.lower() == "django" and "version" in package:
            match = _NAME_LINE.search(text)
            line = text.count("\n", 0, match.start()) + 1 if match else 1
            yield Pin(str(package["version"]), path, line)


def pipfile_lock(path: Path, text: str) -> Iterator[Entry]:
    try:
        data = table(json.loads(text))
    except ValueError as error:
        yield Problem(path, 1, f"it is not valid JSON ({first_line(error)})")
        return
    except RecursionError:
        yield Problem(path, 1, "it is nested too deeply to read as JSON")
        return
    for section in ("default", "develop"):
        entry = table(lower_keys(data.get(section)).get("django"))
        match = _EXACT.match(str(entry.get("version", "")))
        if match:
            found = re.search(r'^\s*"django"\s*:', text, re.IGNORECASE | re.MULTILINE)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            yield Pin(match["version"], path, line)
