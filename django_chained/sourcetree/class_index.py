"""The tree's classes and where each base of a class comes from, read without importing anything.

A base is the tree's own class when its name is defined in the same module or imported from a
module of the tree (``from .mixins import X``, ``from app.views import X as Y``, ``mixins.X``);
otherwise it is an outside class, named as imported (``guardian.mixins.PermissionRequiredMixin``
for ``from guardian.mixins import PermissionRequiredMixin as GuardianMixin``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django_chained.sourcetree.models_reader import dotted_name, last_name

#: Bases followed from a class at most: deeper chains are not read (and a cycle ends).
MAX_ANCESTRY = 40
#: Modules a name is followed through when one re-exports another's class (``from .base import View``).
MAX_REEXPORTS = 5


#: Class-body assignments the view guard reads through a view's bases (``view_guard``).
DECLARED = ("permission_classes", "filter_backends")


@dataclass(frozen=True)
class MethodFacts:
    """A method of a class: its name and the names its body uses (attributes and globals)."""

    name: str
    names: frozenset[str]


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


@dataclass(frozen=True)
class TreeClass:
    """A class defined in the tree."""

    module: str
    klass: ClassFacts

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.klass.name}"


@dataclass(frozen=True)
class OutsideClass:
    """A base the tree does not define: its name and the module it is imported from, if known."""

    name: str
    module: str | None


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


def _names_in(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    names = set()
    for node in ast.walk(function):
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
            MethodFacts(item.name, _names_in(item))
            for item in node.body
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
        ),
        tuple(declared),
    )


def module_classes(tree: ast.Module, module: str, is_package: bool) -> ModuleClasses:
    """The top-level classes of the module ``module`` (a package's ``__init__`` if ``is_package``)."""
    return ModuleClasses(
        module,
        _imports(tree, module, is_package),
        tuple(class_facts(n) for n in tree.body if isinstance(n, ast.ClassDef)),
    )


class ClassIndex:
    """Every top-level class of the parsed modules, and how each module names its imports."""

    def __init__(self, modules: Iterable[ModuleClasses]) -> None:
        self._classes: dict[tuple[str, str], ClassFacts] = {}
        self._imports: dict[str, dict[str, tuple[str, str | None]]] = {}
        for of_module in modules:
            self._imports[of_module.module] = of_module.imports
            for klass in of_module.classes:
                self._classes[(of_module.module, klass.name)] = klass
        self._extended: set[str] | None = None

    def is_base_of_another(self, dotted: str) -> bool:
        """Whether some class of the tree names the class ``module.Name`` among its bases."""
        if self._extended is None:
            self._extended = {
                base.dotted
                for (module, _), klass in self._classes.items()
                for base in (self.resolve(module, b) for b in klass.bases)
                if isinstance(base, TreeClass)
            }
        return dotted in self._extended

    def resolve(
        self, module: str, dotted: str | None
    ) -> TreeClass | OutsideClass | None:
        """What the base ``dotted`` (as written) of a class in ``module`` names; ``None`` if unreadable."""
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        imported = self._imports.get(module, {}).get(head)
        if imported is None:
            if not rest and (module, head) in self._classes:
                return TreeClass(module, self._classes[(module, head)])
            return OutsideClass(dotted.rsplit(".", 1)[-1], None)
        source, name = imported
        full = ".".join(p for p in (source, name, rest) if p)
        owner, _, class_name = full.rpartition(".")
        return self.lookup(owner, class_name)

    def lookup(self, module: str, name: str) -> TreeClass | OutsideClass:
        """The class ``name`` of ``module``, following re-exports (``from x import Y`` in that module)."""
        for _ in range(MAX_REEXPORTS):
            found = self._classes.get((module, name))
            if found is not None:
                return TreeClass(module, found)
            imported = self._imports.get(module, {}).get(name)
            if imported is None or imported[1] is None:
                break
            module, name = imported[0], imported[1]
        return OutsideClass(name, module or None)

    def ancestry(
        self, module: str, klass: ClassFacts
    ) -> Iterator[TreeClass | OutsideClass]:
        """The class, then its bases depth-first, left to right (Python's MRO for simple hierarchies)."""
        pending: list[TreeClass | OutsideClass] = [TreeClass(module, klass)]
        seen: set[tuple[str, str]] = set()
        while pending and len(seen) < MAX_ANCESTRY:
            current = pending.pop(0)
            if isinstance(current, OutsideClass):
                yield current
                continue
            key = (current.module, current.klass.name)
            if key in seen:
                continue
            seen.add(key)
            yield current
            bases = [self.resolve(current.module, base) for base in current.klass.bases]
            pending[:0] = [base for base in bases if base is not None]
