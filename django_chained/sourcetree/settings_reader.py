"""Read a settings module without importing it: literal assignments, list arithmetic, ``import *`` chains."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Names that look like Django settings; a module assigning none of them is not a settings module.
_MARKERS = frozenset(
    {"INSTALLED_APPS", "MIDDLEWARE", "SECRET_KEY", "ROOT_URLCONF", "DATABASES"}
)


class _Unresolvable(Exception):
    pass


def _is_path_call(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "Path"
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in {"resolve", "absolute"}:
        return not node.args and not node.keywords
    if func.attr == "Path":
        return True
    owner = func.value
    in_os_path = isinstance(owner, ast.Attribute) and owner.attr == "path"
    return in_os_path and func.attr in {"join", "dirname", "abspath"}


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

    @property
    def settings(self) -> dict[str, Any]:
        """Upper-case names only: what Django would treat as settings."""
        return {name: v for name, v in self.values.items() if name.isupper()}

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
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id in _MARKERS for t in targets):
            return True
    return False


def read_settings(path: Path, root: Path | None = None) -> StaticSettings:
    """Evaluate ``path`` statically; modules it star-imports are read when found under ``root``."""
    result = StaticSettings(path=path.resolve())
    _Reader(result, (root or path.parent).resolve()).read(result.path, set())
    return result


class _Reader:
    def __init__(self, result: StaticSettings, root: Path) -> None:
        self.result = result
        self.root = root
        self.current = result.path

    def read(self, path: Path, seen: set[Path]) -> None:
        if path in seen:
            return
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except (OSError, SyntaxError, ValueError, RecursionError) as exc:
            self.result.errors.append((path, f"{type(exc).__name__}: {exc}"))
            return
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
                self.mutate(node.value, path, node.lineno)
            elif isinstance(node, ast.Try):
                # The try body is what runs when its imports succeed: the usual case.
                self.block(node.body, path, seen)

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
        _Reader(inner, self.root).read(source, seen)
        for alias in node.names:
            name = alias.asname or alias.name
            if alias.name in inner.values:
                self.set(name, inner.values[alias.name], source, 0)
            else:
                self.forget(name)

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
                if parts and candidate.is_file():
                    return candidate
        return None

    def assign(self, target: ast.expr, value: ast.expr, path: Path, line: int) -> None:
        if not isinstance(target, ast.Name):
            return
        try:
            self.set(target.id, self.evaluate(value), path, line)
        except _Unresolvable:
            self.forget(target.id)
            if target.id.isupper():
                self.result.lines[target.id] = (path, line)

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
        except (_Unresolvable, TypeError):
            self.forget(name)
            return
        self.set(name, updated, path, line)

    def set(self, name: str, value: Any, path: Path, line: int) -> None:
        self.result.values[name] = value
        self.result.unresolved.discard(name)
        if line:
            self.result.lines[name] = (path, line)

    def forget(self, name: str) -> None:
        self.result.values.pop(name, None)
        if name.isupper():
            self.result.unresolved.add(name)

    def evaluate(self, node: ast.expr) -> Any:
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        if isinstance(node, ast.Name) and node.id in self.result.values:
            return self.result.values[node.id]
        if isinstance(node, ast.Name) and node.id == "__file__":
            return str(self.current)
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            return self.path_value(node.value).parent
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self.path_value(node.left) / self.evaluate(node.right)
        if isinstance(node, (ast.List, ast.Tuple)):
            items: list[Any] = []
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    items.extend(self.evaluate(element.value))
                else:
                    items.append(self.evaluate(element))
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.Dict):
            return self.dictionary(node)
        if isinstance(node, ast.ListComp):
            return self.filtered(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            return self.arithmetic(node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Call):
            return (
                self.path_call(node) if _is_path_call(node) else self.method_call(node)
            )
        raise _Unresolvable

    def path_value(self, node: ast.expr) -> Path:
        value = self.evaluate(node)
        if not isinstance(value, Path):
            raise _Unresolvable
        return value

    def path_call(self, node: ast.Call) -> Any:
        """``Path(__file__).resolve().parent``, ``os.path.join/dirname/abspath`` — BASE_DIR idioms."""
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in {"resolve", "absolute"} and isinstance(func, ast.Attribute):
            return self.path_value(func.value)
        args = [self.evaluate(arg) for arg in node.args]
        try:
            if name == "Path":
                return Path(*args)
            if name == "join":
                return os.path.join(*args)
            if name == "dirname":
                return os.path.dirname(*args)
            return os.path.abspath(*args)
        except TypeError as exc:
            raise _Unresolvable from exc

    def arithmetic(self, node: ast.BinOp) -> Any:
        left, right = self.evaluate(node.left), self.evaluate(node.right)
        if isinstance(left, tuple) and isinstance(right, list):
            right = tuple(right)
        if isinstance(left, list) and isinstance(right, tuple):
            right = list(right)
        try:
            return left + right if isinstance(node.op, ast.Add) else left - right
        except TypeError as exc:
            raise _Unresolvable from exc

    def subscript(self, node: ast.Subscript) -> Any:
        """``X[i]``, ``X["key"]`` and ``X[a:b]`` on known values."""
        value = self.evaluate(node.value)
        if isinstance(node.slice, ast.Slice):
            bounds = [
                None if part is None else self.evaluate(part)
                for part in (node.slice.lower, node.slice.upper, node.slice.step)
            ]
            key: Any = slice(*bounds)
        else:
            key = self.evaluate(node.slice)
        try:
            return value[key]
        except (LookupError, TypeError) as exc:
            raise _Unresolvable from exc

    def method_call(self, node: ast.Call) -> Any:
        """Side-effect-free lookups on known values: ``X.index(v)``, ``X.get(k, d)``, ``X.copy()``."""
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr in {"index", "get", "copy"}
            and not node.keywords
        ):
            raise _Unresolvable
        target = self.evaluate(func.value)
        args = [self.evaluate(arg) for arg in node.args]
        if not isinstance(target, (list, tuple, dict)):
            raise _Unresolvable
        try:
            return getattr(target, func.attr)(*args)
        except (ValueError, TypeError, AttributeError) as exc:
            raise _Unresolvable from exc

    def filtered(self, node: ast.ListComp) -> list[Any]:
        """``[x for x in KNOWN if x != "literal"]``, the usual way to drop an app or middleware."""
        if len(node.generators) != 1:
            raise _Unresolvable
        loop = node.generators[0]
        if not (
            isinstance(loop.target, ast.Name)
            and isinstance(node.elt, ast.Name)
            and node.elt.id == loop.target.id
            and not loop.is_async
        ):
            raise _Unresolvable
        items = self.evaluate(loop.iter)
        kept = []
        for item in items:
            if all(self.condition(test, loop.target.id, item) for test in loop.ifs):
                kept.append(item)
        return kept

    def condition(self, test: ast.expr, name: str, item: Any) -> bool:
        if not (
            isinstance(test, ast.Compare)
            and isinstance(test.left, ast.Name)
            and test.left.id == name
            and len(test.ops) == 1
        ):
            raise _Unresolvable
        other = self.evaluate(test.comparators[0])
        op = test.ops[0]
        if isinstance(op, ast.Eq):
            return bool(item == other)
        if isinstance(op, ast.NotEq):
            return bool(item != other)
        if isinstance(op, ast.In):
            return item in other
        if isinstance(op, ast.NotIn):
            return item not in other
        raise _Unresolvable

    def dictionary(self, node: ast.Dict) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                result.update(self.evaluate(value))
            else:
                result[self.evaluate(key)] = self.evaluate(value)
        return result
