"""Read a settings module without importing it: literal assignments, list arithmetic, ``import *`` chains."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django_chained.paths import resolved
from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.runtime_storage import (
    DEFAULT_STORAGE_SETTINGS,
    RunTimeStorage,
    choice_from_run_time_value,
    choice_in_branches,
)
from django_chained.sourcetree.settings_branches import (
    assigned_on_every_branch,
    taken_branch,
)
from django_chained.sourcetree.settings_values import (
    ODD_VALUE_ERRORS,
    StaticEvaluator,
    Unresolvable,
)
from django_chained.sourcetree.tree import parse_bytes
from django_chained.untrusted_files import is_regular_file

#: Gives a file's tree (raising as ``ast.parse`` does); the standalone scan passes its parsed modules.
ModuleReader = Callable[[Path], ast.Module]

#: Names that look like Django settings; a module assigning none of them is not a settings module.
_MARKERS = frozenset(
    {"INSTALLED_APPS", "MIDDLEWARE", "MIDDLEWARE_CLASSES", "SECRET_KEY", "ROOT_URLCONF", "DATABASES"}
)  # fmt: skip


@dataclass
class StaticSettings:
    """The settings a module would define, as far as reading its source can tell."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    """Where each value was last assigned."""
    unresolved: set[str] = field(default_factory=set)
    """Settings assigned from something only running the code could tell (environment, calls …)."""
    errors: list[tuple[Path, str]] = field(default_factory=list)
    """Files of the chain that could not be read or parsed."""
    files: set[Path] = field(default_factory=set)
    """Every file whose statements were read into these values (star-imports, split-settings includes)."""
    storage_at_run_time: RunTimeStorage | None = None
    """A default storage backend that some runs use instead of the one in ``values``."""

    @property
    def settings(self) -> dict[str, Any]:
        """Upper-case names only: what Django would treat as settings."""
        return {name: v for name, v in self.values.items() if name.isupper()}

    def __dir__(self) -> list[str]:
        # ``dir(settings)`` lists the settings defined: the 0xx rules find CHAINED_* names that way.
        return [*super().__dir__(), *self.settings]

    def __getattr__(self, name: str) -> Any:
        # Lets rule functions take this object where they take django.conf.settings.
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        from django.conf import global_settings

        if name.isupper() and hasattr(global_settings, name):
            return getattr(global_settings, name)
        raise AttributeError(name)


def looks_like_settings(tree: ast.Module) -> bool:
    """True when the module assigns a core Django setting or star-imports another module."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and _is_split_settings(node):
            return True
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id in _MARKERS for t in targets):
            return True
    return False


def _is_split_settings(node: ast.ImportFrom) -> bool:
    return (node.module or "").split(".")[0] == "split_settings"


def read_settings(
    path: Path, root: Path | None = None, module: ModuleReader = parse_bytes
) -> StaticSettings:
    """Evaluate ``path`` statically; modules it star-imports are read when found under ``root``."""
    result = StaticSettings(path=resolved(path))
    _Reader(result, resolved(root or path.parent), module).read(result.path, set())
    _read_legacy_middleware(result)
    return result


def _read_legacy_middleware(result: StaticSettings) -> None:
    """``MIDDLEWARE_CLASSES`` is the middleware list of a project written before Django 1.10.

    Django used it while ``MIDDLEWARE`` was unset (until 2.0): the rules judge it as ``MIDDLEWARE``,
    at its own line, rather than reporting every middleware missing from an empty list.
    """
    if "MIDDLEWARE" in result.values or "MIDDLEWARE" in result.unresolved:
        return
    if "MIDDLEWARE_CLASSES" in result.values:
        result.values["MIDDLEWARE"] = result.values["MIDDLEWARE_CLASSES"]
    if "MIDDLEWARE_CLASSES" in result.lines:
        result.lines["MIDDLEWARE"] = result.lines["MIDDLEWARE_CLASSES"]
    if "MIDDLEWARE_CLASSES" in result.unresolved:
        result.unresolved.add("MIDDLEWARE")


def _is_include(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "include" and not call.keywords


class _Reader(StaticEvaluator):
    def __init__(
        self, result: StaticSettings, root: Path, module: ModuleReader
    ) -> None:
        super().__init__(result.values, result.path)
        self.result = result
        self.root = root
        self.module = module
        #: Items a run-time condition may append to a known list: which of them a run adds is unknown.
        self.alternatives: dict[str, list[Any]] = {}

    def read(self, path: Path, seen: set[Path]) -> None:
        if path in seen:
            return
        try:
            tree = self.module(path)
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            self.result.errors.append((path, f"{type(exc).__name__}: {exc}"))
            return
        self.result.files.add(path)
        previous, self.current = self.current, path
        self.block(tree.body, path, seen | {path})
        self.current = previous

    def block(self, body: list[ast.stmt], path: Path, seen: set[Path]) -> None:
        for node in body:
            if isinstance(node, ast.ImportFrom):
                self.import_from(node, path, seen)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    self.assign(target, node.value, path, node.lineno)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self.assign(node.target, node.value, path, node.lineno)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                add = ast.BinOp(left=node.target, op=node.op, right=node.value)
                self.assign(node.target, add, path, node.lineno)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                if _is_include(node.value):
                    self.include(node.value, path, seen)
                else:
                    self.mutate(node.value, path, node.lineno)
            elif isinstance(node, ast.Try):
                # The try body is what runs when its imports succeed: the usual case.
                self.block(node.body, path, seen)
            elif isinstance(node, ast.If):
                self.conditional(node, path, seen)

    def conditional(self, node: ast.If, path: Path, seen: set[Path]) -> None:
        """The production branch when one can be told; else what every branch assigns is run-time."""
        branch = taken_branch(node, self.evaluate, Unresolvable)
        if branch is not None:
            self.block(branch, path, seen)
            return
        self.choose_storage(choice_in_branches(node, self.evaluate, Unresolvable))
        for name in assigned_on_every_branch(node):
            self.forget(name)
            self.result.lines[name] = (path, node.lineno)
        for statement in every_node(node):
            call = statement.value if isinstance(statement, ast.Expr) else None
            if not (isinstance(call, ast.Call) and len(call.args) == 1):
                continue
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "append"
                and isinstance(func.value, ast.Name)
                and isinstance(self.result.values.get(func.value.id), list)
            ):
                try:
                    item = self.evaluate(call.args[0])
                except Unresolvable:
                    continue
                self.alternatives.setdefault(func.value.id, []).append(item)

    def import_from(self, node: ast.ImportFrom, path: Path, seen: set[Path]) -> None:
        source = self.module_path(node.module, node.level, path)
        if source is None:
            for alias in node.names:
                if alias.name != "*":
                    self.forget(alias.asname or alias.name)
            return
        if any(alias.name == "*" for alias in node.names):
            self.read(source, seen)
            return
        inner = StaticSettings(path=source)
        _Reader(inner, self.root, self.module).read(source, seen)
        for alias in node.names:
            name = alias.asname or alias.name
            if alias.name in inner.values:
                self.set(name, inner.values[alias.name], source, 0)
            else:
                self.forget(name)

    def include(self, call: ast.Call, path: Path, seen: set[Path]) -> None:
        """django-split-settings' ``include("base.py", *FILES)``: each named file read in turn, as ``import *``.

        ``optional(...)`` files and glob patterns are left out.
        """
        for arg in call.args:
            try:
                value = self.evaluate(
                    arg.value if isinstance(arg, ast.Starred) else arg
                )
            except Unresolvable:
                continue
            names = value if isinstance(arg, ast.Starred) else [value]
            for name in names if isinstance(names, (list, tuple)) else []:
                target = path.parent / name if isinstance(name, str) else None
                if target is not None and is_regular_file(target):
                    self.read(resolved(target), seen)
            listed = arg.value if isinstance(arg, ast.Starred) else arg
            if isinstance(listed, ast.Name):
                self.forget_set_by(self.alternatives.get(listed.id, []), path, seen)

    def forget_set_by(self, fragments: list[Any], path: Path, seen: set[Path]) -> None:
        """Settings that fragments only some runs include assign are known at run time only.

        tabbycat's ``include(*base_settings)`` adds ``heroku.py``, ``docker.py`` … by environment.
        """
        for name in fragments:
            target = path.parent / name if isinstance(name, str) else None
            if target is None or not is_regular_file(target):
                continue
            inner = StaticSettings(path=resolved(target))
            _Reader(inner, self.root, self.module).read(inner.path, seen)
            for setting in {*inner.settings, *inner.unresolved}:
                self.forget(setting)

    def module_path(self, module: str | None, level: int, path: Path) -> Path | None:
        parts = module.split(".") if module else []
        if level:
            bases = [path.parents[level - 1]] if level <= len(path.parents) else []
        else:
            bases = [
                p for p in path.parents if p == self.root or self.root in p.parents
            ]
        for base in bases:
            target = base.joinpath(*parts)
            for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                if parts and is_regular_file(candidate):
                    return candidate
        return None

    def assign(self, target: ast.expr, value: ast.expr, path: Path, line: int) -> None:
        if not isinstance(target, ast.Name):
            # STORAGES["default"]["BACKEND"] = os.environ[...]: the value itself is not followed.
            self.choose_storage(
                choice_from_run_time_value(target, value, self.evaluate, Unresolvable)
            )
            return
        try:
            self.set(target.id, self.evaluate(value), path, line)
        except Unresolvable:
            self.forget(target.id)
            if target.id.isupper():
                self.result.lines[target.id] = (path, line)
            self.choose_storage(
                choice_from_run_time_value(target, value, self.evaluate, Unresolvable)
            )

    def choose_storage(self, choice: RunTimeStorage | None) -> None:
        if choice is not None:
            self.result.storage_at_run_time = choice

    def mutate(self, call: ast.Call, path: Path, line: int) -> None:
        """``MIDDLEWARE.append(x)``, ``.extend(xs)``, ``.insert(i, x)`` on a known list."""
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return
        name = func.value.id
        current = self.result.values.get(name)
        if not isinstance(current, list) or func.attr not in {
            "append",
            "extend",
            "insert",
        }:
            return
        try:
            args = [self.evaluate(arg) for arg in call.args]
            updated = list(current)
            getattr(updated, func.attr)(*args)
        except (Unresolvable, *ODD_VALUE_ERRORS):
            self.forget(name)
            return
        self.set(name, updated, path, line)

    def set(self, name: str, value: Any, path: Path, line: int) -> None:
        self.result.values[name] = value
        self.result.unresolved.discard(name)
        # A concrete backend assigned after a run-time choice is what every run uses.
        if name in DEFAULT_STORAGE_SETTINGS:
            self.result.storage_at_run_time = None
        if line:
            self.result.lines[name] = (path, line)

    def forget(self, name: str) -> None:
        self.result.values.pop(name, None)
        if name.isupper():
            self.result.unresolved.add(name)
