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

from django_chained.sourcetree.models_reader import dotted_name

#: Bases followed from a class at most: deeper chains are not read (and a cycle ends).
MAX_ANCESTRY = 40
#: Modules a name is followed through when one re-exports another's class (``from .base import View``).
MAX_REEXPORTS = 5


@dataclass(frozen=True)
class TreeClass:
    """A class defined in the tree."""

    module: str
    node: ast.ClassDef

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.node.name}"


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


class ClassIndex:
    """Every top-level class of the parsed modules, and how each module names its imports."""

    def __init__(self, modules: Iterable[tuple[str, bool, ast.Module]]) -> None:
        """``modules``: (dotted module name, whether it is a package's ``__init__``, its tree)."""
        self._classes: dict[tuple[str, str], ast.ClassDef] = {}
        self._imports: dict[str, dict[str, tuple[str, str | None]]] = {}
        for module, is_package, tree in modules:
            self._imports[module] = _imports(tree, module, is_package)
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    self._classes[(module, node.name)] = node
        self._extended: set[str] | None = None

    def is_base_of_another(self, dotted: str) -> bool:
        """Whether some class of the tree names the class ``module.Name`` among its bases."""
        if self._extended is None:
            self._extended = {
                base.dotted
                for (module, _), node in self._classes.items()
                for base in (self.resolve(module, b) for b in node.bases)
                if isinstance(base, TreeClass)
            }
        return dotted in self._extended

    def resolve(self, module: str, base: ast.expr) -> TreeClass | OutsideClass | None:
        """What the base expression ``base`` of a class in ``module`` names; ``None`` if unreadable."""
        if isinstance(base, ast.Subscript):  # Generic[T]
            base = base.value
        dotted = dotted_name(base)
        if not dotted or "()" in dotted:
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
        self, module: str, node: ast.ClassDef
    ) -> Iterator[TreeClass | OutsideClass]:
        """The class, then its bases depth-first, left to right (Python's MRO for simple hierarchies)."""
        pending: list[TreeClass | OutsideClass] = [TreeClass(module, node)]
        seen: set[tuple[str, str]] = set()
        while pending and len(seen) < MAX_ANCESTRY:
            current = pending.pop(0)
            if isinstance(current, OutsideClass):
                yield current
                continue
            key = (current.module, current.node.name)
            if key in seen:
                continue
            seen.add(key)
            yield current
            bases = [self.resolve(current.module, base) for base in current.node.bases]
            pending[:0] = [base for base in bases if base is not None]
