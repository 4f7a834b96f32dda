"""Expressions of a settings module evaluated without running it: literals, list arithmetic, BASE_DIR idioms."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any


class Unresolvable(Exception):
    """The expression needs running code (environment, I/O, arbitrary calls) to know its value."""


#: What combining known values of unexpected types raises (``BASE_DIR / 5``, ``[*None]``, ``A[::0]``), and
#: what a very long expression (``A + A + …`` two thousand times) raises: such a value is left unresolved.
ODD_VALUE_ERRORS = (
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    OverflowError,
    RecursionError,
    MemoryError,
)


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


class StaticEvaluator:
    """Evaluates expressions against the names a settings module has assigned so far."""

    def __init__(self, values: dict[str, Any], current: Path) -> None:
        self.values = values
        self.current = current
        """The file being read, for ``__file__``."""

    def evaluate(self, node: ast.expr) -> Any:
        """The value of ``node``; raises ``Unresolvable`` when reading the source cannot tell it."""
        try:
            return self._evaluate(node)
        except ODD_VALUE_ERRORS as exc:
            raise Unresolvable from exc

    def _evaluate(self, node: ast.expr) -> Any:
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        if isinstance(node, ast.Name) and node.id in self.values:
            return self.values[node.id]
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
        raise Unresolvable

    def path_value(self, node: ast.expr) -> Path:
        value = self.evaluate(node)
        if not isinstance(value, Path):
            raise Unresolvable
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
            raise Unresolvable from exc

    def arithmetic(self, node: ast.BinOp) -> Any:
        left, right = self.evaluate(node.left), self.evaluate(node.right)
        if isinstance(left, tuple) and isinstance(right, list):
            right = tuple(right)
        if isinstance(left, list) and isinstance(right, tuple):
            right = list(right)
        try:
            return left + right if isinstance(node.op, ast.Add) else left - right
        except TypeError as exc:
            raise Unresolvable from exc

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
            raise Unresolvable from exc

    def method_call(self, node: ast.Call) -> Any:
        """Side-effect-free lookups on known values: ``X.index(v)``, ``X.get(k, d)``, ``X.copy()``."""
        func = node.func
        if not (
            isinstance(func, ast.Attribute)
            and func.attr in {"index", "get", "copy"}
            and not node.keywords
        ):
            raise Unresolvable
        target = self.evaluate(func.value)
        args = [self.evaluate(arg) for arg in node.args]
        if not isinstance(target, (list, tuple, dict)):
            raise Unresolvable
        try:
            return getattr(target, func.attr)(*args)
        except (ValueError, TypeError, AttributeError) as exc:
            raise Unresolvable from exc

    def filtered(self, node: ast.ListComp) -> list[Any]:
        """``[x for x in KNOWN if x != "literal"]``, the usual way to drop an app or middleware."""
        if len(node.generators) != 1:
            raise Unresolvable
        loop = node.generators[0]
        if not (
            isinstance(loop.target, ast.Name)
            and isinstance(node.elt, ast.Name)
            and node.elt.id == loop.target.id
            and not loop.is_async
        ):
            raise Unresolvable
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
            raise Unresolvable
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
        raise Unresolvable

    def dictionary(self, node: ast.Dict) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                result.update(self.evaluate(value))
            else:
                result[self.evaluate(key)] = self.evaluate(value)
        return result
