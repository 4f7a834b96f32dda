"""Which settings modules a deployment loads, found as Django would be told: ``DJANGO_SETTINGS_MODULE``.

The scan judges the deployed module (the default ``manage.py``, ``wsgi.py`` or ``asgi.py`` set, or what a
Dockerfile, Procfile or compose file exports) and every other module a deployment could load. A base module
another one star-imports or includes is judged through it, with its values overridden as they are at run
time; a django-split-settings fragment is judged through the module including it; a module for development,
tests or CI (``DEBUG = True``, or named ``dev``, ``local``, ``test``, ``ci``, ``example`` …) is not a
deployment and is only named in a note.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django_chained.paths import resolved
from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.settings_reader import StaticSettings
from django_chained.untrusted_files import is_regular_file

#: Words of a module's (or its folder's) name that say it is not a deployment configuration.
DEVELOPMENT_WORDS = frozenset(
    {"dev", "develop", "development", "local", "test", "tests", "testing", "ci"}
    | {"example", "examples", "sample"}
)
_LAUNCHERS = frozenset({"manage.py", "wsgi.py", "asgi.py"})
_MAX_BYTES = 1_000_000
_DEFAULT = re.compile(
    r"""DJANGO_SETTINGS_MODULE["'\]]*\s*[,=:]\s*["']?([A-Za-z_][\w.]*)"""
)
_FLAG = re.compile(r"--settings[= ]+([A-Za-z_][\w.]*)")


@dataclass
class SettingsRoles:
    judged: list[StaticSettings] = field(default_factory=list)
    deployed: StaticSettings | None = None
    development: list[StaticSettings] = field(default_factory=list)
    extending: list[StaticSettings] = field(default_factory=list)
    """Modules that read the deployed one through their imports (a worker's ``from .production import *``)."""

    def extending_note(self, relative: Callable[[Path], str]) -> list[str]:
        if not (self.extending and self.deployed is not None):
            return []
        listed = ", ".join(relative(s.path) for s in self.extending)
        return [
            f"{listed}: import the deployed {relative(self.deployed.path)} (a worker's or "
            "another process's settings): judged through it, not reported again."
        ]


def deployed_names(
    python_files: Iterable[Path], deployment_files: Iterable[Path]
) -> set[str]:
    """Dotted settings module names a launcher or deployment file (``SourceTree.deployment_files``) sets."""
    files = [p for p in python_files if p.name in _LAUNCHERS]
    files += deployment_files
    names: set[str] = set()
    for path in files:
        text = _text(path)
        names.update(_DEFAULT.findall(text))
        names.update(_FLAG.findall(text))
    return names


def _text(path: Path) -> str:
    try:
        if not is_regular_file(path) or path.stat().st_size > _MAX_BYTES:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def named(static: StaticSettings, dotted: str) -> bool:
    """True when ``static`` is the file ``import dotted`` would load from some ``sys.path`` entry."""
    parts = tuple(dotted.split("."))
    path = static.path
    stem = path.parent if path.name == "__init__.py" else path.with_suffix("")
    return stem.parts[-len(parts) :] == parts


def is_development(static: StaticSettings) -> bool:
    words = re.split(
        r"[^a-z0-9]+", f"{static.path.stem} {static.path.parent.name}".lower()
    )
    return static.values.get("DEBUG") is True or bool(DEVELOPMENT_WORDS & set(words))


def split_fragments(module: ast.Module, path: Path) -> set[Path]:
    """Files of ``path``'s folder that a django-split-settings module names (``"heroku.py"``)."""
    if not any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").split(".")[0] == "split_settings"
        for node in module.body
    ):
        return set()
    return {
        resolved(path.parent / node.value)
        for node in every_node(module)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.endswith(".py")
        and is_regular_file(path.parent / node.value)
    }


def settings_roles(
    candidates: Sequence[StaticSettings],
    names: set[str],
    module: Callable[[Path], ast.Module],
) -> SettingsRoles:
    """The modules to judge, the deployed one among them, and the development ones left out."""
    roles = SettingsRoles()
    deployed = [s for s in candidates if any(named(s, n) for n in names)]
    roles.deployed = deployed[0] if deployed else None
    development = [s for s in candidates if s not in deployed and is_development(s)]
    kept = [s for s in candidates if s not in development] or list(candidates)
    roles.development = [s for s in candidates if s not in kept]
    fragments: set[Path] = set()
    for static in kept:
        try:
            fragments |= split_fragments(module(static.path), static.path)
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    read_through = {
        path for s in kept for path in s.files if path != s.path
    } | fragments
    roles.judged = [
        s for s in kept if s in deployed or s.path not in read_through
    ] or kept
    if roles.deployed is not None:
        # A worker's settings built on the web ones would repeat every finding of the deployment.
        roles.extending = [
            s
            for s in roles.judged
            if s is not roles.deployed and roles.deployed.path in s.files
        ]
        roles.judged = [s for s in roles.judged if s not in roles.extending]
    return roles
