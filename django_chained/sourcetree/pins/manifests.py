"""Manifests that declare what a project requires: ``pyproject.toml`` (PEP 621, PEP 735 groups, Poetry),
``setup.cfg`` and ``Pipfile``."""

from __future__ import annotations

import configparser
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet

from django_chained.sourcetree.pins import poetry
from django_chained.sourcetree.pins.locks import load_toml
from django_chained.sourcetree.pins.model import (
    Entry,
    Problem,
    Range,
    first_line,
    line_of,
)
from django_chained.sourcetree.pins.requirements import django_entry, from_specifier
from django_chained.sourcetree.pins.shapes import array, lower_keys, table

_DJANGO_KEY = re.compile(r"""^\s*["']?django["']?\s*=""", re.IGNORECASE | re.MULTILINE)


def _key_line(text: str) -> int:
    match = _DJANGO_KEY.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _requirement_strings(path: Path, text: str, strings: list[Any]) -> Iterator[Entry]:
    for requirement in strings:
        if isinstance(
            requirement, str
        ):  # a PEP 735 {include-group = "…"} is read where it is defined
            entry = django_entry(requirement, path, line_of(text, requirement))
            if entry is not None:
                yield entry


def pyproject(path: Path, text: str) -> Iterator[Entry]:
    data = load_toml(path, text)
    if isinstance(data, Problem):
        yield data
        return
    project = table(data.get("project"))
    strings = array(project.get("dependencies"))
    for extra in table(project.get("optional-dependencies")).values():
        strings += array(extra)
    for group in table(data.get("dependency-groups")).values():
        strings += array(group)
    yield from _requirement_strings(path, text, strings)
    tool = table(table(data.get("tool")).get("poetry"))
    sections = [tool.get("dependencies"), tool.get("dev-dependencies")] + [
        table(group).get("dependencies") for group in table(tool.get("group")).values()
    ]
    for dependencies in sections:
        spec = lower_keys(dependencies).get("django")
        if spec is not None:
            yield from _poetry_entry(path, text, spec)


def _poetry_entry(path: Path, text: str, spec: Any) -> Iterator[Entry]:
    """``"^4.2"``, ``{version = "^4.2", extras = [...]}`` or a list of those (one per Python or marker)."""
    line = _key_line(text)
    specs = spec if isinstance(spec, list) else [spec]
    constraints = [
        item.get("version") if isinstance(item, dict) else item for item in specs
    ]
    texts = [
        c for c in constraints if isinstance(c, str)
    ]  # git, path and url sources carry no version
    if not texts:
        return
    try:
        alternatives = tuple(s for c in texts for s in poetry.specifiers(c))
        entries = [from_specifier(a, path, line) for a in alternatives]
    except ValueError as error:
        yield Problem(
            path,
            line,
            f"Django = {texts[0]!r:.60} is not a Poetry constraint ({first_line(error)})",
        )
        return
    if len(alternatives) == 1:
        if entries[0] is not None:
            yield entries[0]
    elif all(len(s) for s in alternatives):
        yield Range(alternatives, path, line)


def setup_cfg(path: Path, text: str) -> Iterator[Entry]:
    # No interpolation: "%20" in a URL is text to setuptools, not a "%(name)s" reference.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        yield Problem(path, 1, f"it is not a valid setup.cfg ({first_line(error)})")
        return
    values = [parser.get("options", "install_requires", fallback="")]
    if parser.has_section("options.extras_require"):
        values += [value for _, value in parser.items("options.extras_require")]
    for value in values:
        for raw in value.splitlines():
            requirement = raw.split(" #", 1)[0].strip()
            if requirement and not requirement.startswith(("#", "file:")):
                entry = django_entry(requirement, path, line_of(text, requirement))
                if entry is not None:
                    yield entry


def pipfile(path: Path, text: str) -> Iterator[Entry]:
    data = load_toml(path, text)
    if isinstance(data, Problem):
        yield data
        return
    for section in ("packages", "dev-packages"):
        spec = lower_keys(data.get(section)).get("django")
        if isinstance(spec, dict):
            spec = spec.get("version")
        if not isinstance(spec, str) or spec.strip() == "*":
            continue
        try:
            entry = from_specifier(SpecifierSet(spec), path, _key_line(text))
        except ValueError as error:  # InvalidSpecifier, or a version too long to read
            yield Problem(
                path,
                _key_line(text),
                f"Django = {spec!r:.60} is not a version specifier ({first_line(error)})",
            )
            continue
        if entry is not None:
            yield entry
