"""Whether a settings module picks its default file storage at run time, as far as reading it can tell.

``MEDIA_ROOT`` inside the source tree (W607) matters only while the default storage writes there.
babybuddy keeps ``FileSystemStorage`` but switches to S3 ``if AWS_STORAGE_BUCKET_NAME:``, a value from
the environment: which one a deployment uses only running it can tell, so the scan reports I613 instead.
Inside Django the settings are concrete and W607 is judged as it is.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

#: The settings naming the default storage backend: ``STORAGES`` (Django 4.2+) and the older one.
DEFAULT_STORAGE_SETTINGS = frozenset({"STORAGES", "DEFAULT_FILE_STORAGE"})
#: Backends that keep files in memory for tests: no deployment stores its uploads there.
_TEST_BACKENDS = frozenset({"InMemoryStorage"})

Evaluate = Callable[[ast.expr], object]


@dataclass(frozen=True)
class RunTimeStorage:
    """A default storage backend some runs use instead of the one read: ``backend`` None when read at run time."""

    backend: str | None
    condition: str

    def describe(self) -> str:
        """``'storages…S3Boto3Storage' when AWS_STORAGE_BUCKET_NAME``, as a message quotes it."""
        backend = repr(self.backend) if self.backend else "a backend read at run time"
        return f"{backend} when {self.condition}"


def on_file_system(backend: str) -> bool:
    """True for ``FileSystemStorage`` and backends named after it, and for test-only ones."""
    name = backend.rpartition(".")[2]
    return "FileSystem" in name or name in _TEST_BACKENDS


def backend_expression(target: ast.expr, value: ast.expr) -> ast.expr | None:
    """The expression an assignment gives the default backend, None when it sets no default backend.

    Understood: ``DEFAULT_FILE_STORAGE = x``, ``STORAGES = {"default": {"BACKEND": x}}`` (a whole
    ``STORAGES`` of another shape is its own expression), ``STORAGES["default"] = {"BACKEND": x}`` and
    ``STORAGES["default"]["BACKEND"] = x``.
    """
    keys: list[object] = []
    while isinstance(target, ast.Subscript):
        keys.insert(0, _constant(target.slice))
        target = target.value
    if not isinstance(target, ast.Name) or target.id not in DEFAULT_STORAGE_SETTINGS:
        return None
    if target.id == "DEFAULT_FILE_STORAGE":
        return value if not keys else None
    wanted = ["default", "BACKEND"]
    if keys != wanted[: len(keys)]:
        return None
    for key in wanted[len(keys) :]:
        if not isinstance(value, ast.Dict):
            return value
        found = [
            v
            for k, v in zip(value.keys, value.values, strict=True)
            if k and _constant(k) == key
        ]
        if not found:
            return None
        value = found[-1]
    return value


def choice_in_branches(
    node: ast.If, evaluate: Evaluate, unresolvable: type[Exception]
) -> RunTimeStorage | None:
    """The first non-file-system default backend a branch of ``node`` (a run-time condition) sets."""
    for statement, condition in _branch_statements(node, []):
        for target, value in _assignments(statement):
            choice = _choice(target, value, evaluate, unresolvable, condition)
            if choice is not None:
                return choice
    return None


def choice_from_run_time_value(
    target: ast.expr, value: ast.expr, evaluate: Evaluate, unresolvable: type[Exception]
) -> RunTimeStorage | None:
    """An unconditional assignment giving the default backend a value only running the code can tell."""
    expression = backend_expression(target, value)
    if expression is None:
        return None
    try:
        evaluate(expression)
    except unresolvable:
        return RunTimeStorage(None, f"{ast.unparse(expression)} names it")
    return None


def _choice(
    target: ast.expr,
    value: ast.expr,
    evaluate: Evaluate,
    unresolvable: type[Exception],
    condition: list[str],
) -> RunTimeStorage | None:
    expression = backend_expression(target, value)
    if expression is None:
        return None
    try:
        backend = evaluate(expression)
    except unresolvable:
        return RunTimeStorage(None, " and ".join(condition))
    if isinstance(backend, str) and not on_file_system(backend):
        return RunTimeStorage(backend, " and ".join(condition))
    return None


def _branch_statements(
    node: ast.If, outer: list[str]
) -> list[tuple[ast.stmt, list[str]]]:
    """Each statement under ``node`` with the conditions that lead to it (``elif`` and nested ``if`` included)."""
    negated = ast.unparse(ast.UnaryOp(op=ast.Not(), operand=node.test))
    found: list[tuple[ast.stmt, list[str]]] = []
    for body, condition in (
        (node.body, [*outer, ast.unparse(node.test)]),
        (node.orelse, [*outer, negated]),
    ):
        for statement in body:
            found.append((statement, condition))
            if isinstance(statement, ast.If):
                found.extend(_branch_statements(statement, condition))
    return found


def _assignments(statement: ast.stmt) -> list[tuple[ast.expr, ast.expr]]:
    if isinstance(statement, ast.Assign):
        return [(target, statement.value) for target in statement.targets]
    if isinstance(statement, ast.AnnAssign) and statement.value is not None:
        return [(statement.target, statement.value)]
    return []


def _constant(node: ast.expr) -> object:
    return node.value if isinstance(node, ast.Constant) else None
