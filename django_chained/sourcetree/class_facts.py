"""A module's top-level classes as plain data: what the class index and the view guard read of them.

Every fact depends only on the file's bytes, its path and its module name, so it is cached with the
file (``facts_cache``). The names a method uses are read only when a judgement follows the method
(``names_in``): most methods of a tree never are.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.models_reader import dotted_name, last_name

#: Class-body assignments the view guard reads through a view's bases (``view_guard``), and the
#: serializer a view writes through (``serializer_writers``).
DECLARED = ("permission_classes", "filter_backends", "serializer_class")


class MethodFacts(NamedTuple):
    """A method of a class: its name and where its ``def`` starts, to read the names it uses when asked.

    A named tuple: a warm scan of a large tree makes thousands of them from the facts cache.
    """

    name: str
    line: int
    column: int

    @property
    def key(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True)
class ClassFacts:
    """A top-level class as plain data: all the view guard reads of its statement."""

    name: str
    bases: tuple[str | None, ...]
    """Each base as written (``generic.DetailView``; ``Generic`` for ``Generic[T]``), ``None`` if unnamed."""
    methods: tuple[MethodFacts, ...]
    """Its ``def`` statements in order: the first of a name counts."""
    declared: tuple[tuple[str, tuple[str, ...]], ...]
    """Class names assigned to ``DECLARED`` attributes (``permission_classes = [IsOwner]``)."""

    def declares(self, name: str) -> tuple[str, ...] | None:
        """The class names the body assigns to ``name``; ``None`` when it does not assign it."""
        return next((names for attr, names in self.declared if attr == name), None)


@dataclass(frozen=True)
class ModuleClasses:
    """A module's top-level classes and how it names its imports."""

    module: str
    imports: dict[str, tuple[str, str | None]]
    classes: tuple[ClassFacts, ...]
    path: Path


def _package_of(module: str, is_package: bool, level: int) -> str:
    parts = module.split(".")
    keep = len(parts) - level + (1 if is_package else 0)
    return ".".join(parts[: max(keep, 0)])


def _imports(
    tree: ast.Module, module: str, is_package: bool
) -> dict[str, tuple[str, str | None]]:
    """Local name → (module it comes from, name there; ``None`` for ``import a.b`` of a module)."""
    names: dict[str, tuple[str, str | None]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                package = _package_of(module, is_package, node.level)
                source = ".".join(p for p in (package, source) if p)
            for alias in node.names:
                names[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = (alias.name, None)
                else:
                    head = alias.name.split(".")[0]
                    names[head] = (head, None)
    return names


def _base_text(base: ast.expr) -> str | None:
    if isinstance(base, ast.Subscript):  # Generic[T]
        base = base.value
    dotted = dotted_name(base)
    return None if not dotted or "()" in dotted else dotted


def names_in(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The attributes and names a function's body uses: its bytecode's ``co_names``, near enough."""
    names = set()
    for node in every_node(function):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
    return frozenset(names)


def _class_names(value: ast.expr) -> list[str]:
    """Class names in ``[IsAuthenticated & IsOwner, perms.IsAdmin]`` (lists, tuples, ``&``/``|``/``~``)."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return [name for element in value.elts for name in _class_names(element)]
    if isinstance(value, ast.BinOp):
        return _class_names(value.left) + _class_names(value.right)
    if isinstance(value, ast.UnaryOp):
        return _class_names(value.operand)
    return [last_name(value)]


def assigned(node: ast.ClassDef, name: str) -> ast.expr | None:
    """The value the class body assigns to ``name``, if it does."""
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == name
        ):
            return statement.value
    return None


def class_facts(node: ast.ClassDef) -> ClassFacts:
    """What the view guard reads of a class statement."""
    declared = []
    for name in DECLARED:
        value = assigned(node, name)
        if value is not None:
            declared.append((name, tuple(_class_names(value))))
    return ClassFacts(
        node.name,
        tuple(_base_text(base) for base in node.bases),
        tuple(
            MethodFacts(item.name, item.lineno, item.col_offset)
            for item in node.body
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        tuple(declared),
    )


def module_classes(tree: ast.Module, module: str, path: Path) -> ModuleClasses:
    """The top-level classes of the module ``module``, read from the file ``path``."""
    return ModuleClasses(
        module,
        _imports(tree, module, path.name == "__init__.py"),
        tuple(class_facts(n) for n in tree.body if isinstance(n, ast.ClassDef)),
        path,
    )


def method_node(
    tree: ast.Module, method: MethodFacts
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The ``def`` of ``method`` in the module's top-level classes."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                    item.lineno,
                    item.col_offset,
                ) == (method.line, method.column):
                    return item
    return None


def names_in_trees(
    trees: Mapping[Path, ast.Module],
) -> Callable[[Path, MethodFacts], frozenset[str]]:
    """Reads the names a method uses from the parsed modules, by path."""

    def names(path: Path, method: MethodFacts) -> frozenset[str]:
        tree = trees.get(path)
        node = method_node(tree, method) if tree is not None else None
        return names_in(node) if node is not None else frozenset()

    return names
