"""``[tool.django-chained]`` in ``pyproject.toml``: the standalone scan's own settings.

Found like other tools find theirs: the nearest ``pyproject.toml`` holding the table, from the first PATH
upwards. Paths in it are relative to its folder, which becomes the project root the scan reports from.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.checks import Warning

from django_chained.checks.config import w003_unknown_setting
from django_chained.paths import resolved
from django_chained.report.accepted import AcceptedRisks
from django_chained.report.record import LEVELS_BY_NAME
from django_chained.untrusted_files import (
    DATA_MAX_BYTES,
    read_regular_file,
    read_text_file,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TABLE = "tool.django-chained"
KEYS = ("settings", "exclude", "fail-level", "baseline", "accepted-risks")


class ConfigError(Exception):
    """The configuration cannot be used: a usage error (exit status 2), like a bad option."""


@dataclass(frozen=True)
class ScanConfig:
    """The table's values, checked; an absent file or table gives the defaults."""

    file: Path | None = None
    settings: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_level: str | None = None
    baseline: Path | None = None
    accepted_risks: AcceptedRisks = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    text: str = ""

    @property
    def root(self) -> Path | None:
        return self.file.parent if self.file else None

    @property
    def existing_baseline(self) -> Path | None:
        """``baseline``, once written: until then every finding is new (``notes`` says so)."""
        return self.baseline if self.baseline and self.baseline.exists() else None

    @property
    def notes(self) -> list[str]:
        if self.baseline is None or self.existing_baseline or self.root is None:
            return []
        name = self.baseline.relative_to(self.root).as_posix()
        return [
            f"The configured baseline {name} does not exist yet: every finding is new."
        ]

    def unknown_key_warnings(self) -> list[Warning]:
        """``django_chained.W003`` for each key django-chained does not read, at its line."""
        return [self._w003(key) for key in self.unknown]

    def _w003(self, key: str) -> Warning:
        close = difflib.get_close_matches(key, KEYS, n=1)
        found = re.search(
            rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", self.text, re.MULTILINE
        )
        line = self.text.count("\n", 0, found.start()) + 1 if found else 1
        return Warning(
            f"{key} in [{TABLE}] is not a django-chained setting.",
            hint=f"Did you mean {close[0]}?"
            if close
            else f"Remove it; the scan reads only {', '.join(KEYS)}.",
            obj=f"{self.file.name if self.file else 'pyproject.toml'}:{line}",
            # Check IDs are defined once, by the check: W003, an unknown setting, is what this is too.
            id=w003_unknown_setting(name=key).id,
        )


def find_config(start: Path) -> ScanConfig:
    """The nearest ``pyproject.toml`` at or above ``start`` with a ``[tool.django-chained]`` table."""
    start = resolved(start)
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            config = _load(pyproject)
            if config is not None:
                return config
    return ScanConfig()


def _load(pyproject: Path) -> ScanConfig | None:
    try:
        text = read_text_file(pyproject)
        data = tomllib.loads(text)
    except (OSError, ValueError, RecursionError) as exc:
        # Another tool's broken file is not ours to judge, unless it meant to configure us.
        if "django-chained" not in _raw(pyproject):
            return None
        raise ConfigError(f"cannot read {pyproject}: {exc}") from exc
    tools = data.get("tool")
    table = tools.get("django-chained") if isinstance(tools, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [{TABLE}] must be a table")
    return _checked(pyproject, table, text)


def _raw(path: Path) -> str:
    try:
        return read_regular_file(path, DATA_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


def _checked(pyproject: Path, table: dict[str, Any], text: str) -> ScanConfig:
    base = pyproject.parent

    def fail(key: str, expected: str) -> ConfigError:
        return ConfigError(
            f"{pyproject}: [{TABLE}] {key} must be {expected}, not {table[key]!r}"
        )

    settings = table.get("settings", [])
    if isinstance(settings, str):
        settings = [settings]
    if not _strings(settings):
        raise fail("settings", "a settings file or dotted module, or a list of them")
    exclude = table.get("exclude", [])
    if not _strings(exclude):
        raise fail("exclude", "a list of globs")
    level = table.get("fail-level")
    if level is not None and str(level).upper() not in LEVELS_BY_NAME:
        raise fail("fail-level", f"one of {', '.join(LEVELS_BY_NAME)}")
    baseline = table.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise fail("baseline", "a file name")
    risks_file = table.get("accepted-risks")
    if risks_file is not None and not isinstance(risks_file, str):
        raise fail("accepted-risks", "a file name")
    settings_files = tuple(_settings_file(base, name) for name in settings)
    for name, path in zip(settings, settings_files, strict=True):
        if not path.is_file():
            raise ConfigError(
                f"{pyproject}: [{TABLE}] settings {name!r}: no such file {path}"
            )
    return ScanConfig(
        file=pyproject,
        settings=settings_files,
        exclude=tuple(exclude),
        fail_level=str(level).upper() if level is not None else None,
        baseline=base / baseline if baseline else None,
        accepted_risks=load_accepted_risks(base / risks_file) if risks_file else {},
        unknown=tuple(key for key in table if key not in KEYS),
        text=text,
    )


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _settings_file(base: Path, name: str) -> Path:
    """A path (``mysite/settings.py``) as given, a dotted module (``mysite.settings``) as its file."""
    if name.endswith(".py") or "/" in name or "\\" in name:
        return base / name
    module = base.joinpath(*name.split("."))
    package = module / "__init__.py"
    return package if package.is_file() else module.with_suffix(".py")


def load_accepted_risks(path: Path) -> AcceptedRisks:
    """``{ID: {object: reason}}``, as ``CHAINED_ACCEPTED_RISKS``, from a TOML or JSON file."""
    try:
        text = read_text_file(path)
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(
            f"cannot read accepted risks {path}: {exc.strerror or exc}"
        ) from exc
    except ValueError as exc:
        raise ConfigError(f"cannot read accepted risks {path}: {exc}") from exc
    if not _risks(data):
        raise ConfigError(
            f"{path}: accepted risks must map each check ID to {{object: reason}}, all strings"
        )
    return data


def _risks(data: object) -> bool:
    return isinstance(data, Mapping) and all(
        isinstance(check_id, str)
        and isinstance(entries, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items())
        for check_id, entries in data.items()
    )
