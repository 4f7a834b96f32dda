"""The tree's classes and where each base of a class comes from, read without importing anything.

A base is the tree's own class when its name is defined in the same module or imported from a
module of the tree (``from .mixins import X``, ``from app.views import X as Y``, ``mixins.X``);
otherwise it is an outside class, named as imported (``guardian.mixins.PermissionRequiredMixin``
for ``from guardian.mixins import PermissionRequiredMixin as GuardianMixin``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django_chained.sourcetree.class_facts import ClassFacts, MethodFacts, ModuleClasses

#: Bases followed from a class at most: deeper chains are not read (and a cycle ends).
MAX_ANCESTRY = 40
#: Modules a name is followed through when one re-exports another's class (``from .base import View``).
MAX_REEXPORTS = 5


@dataclass(frozen=True)
class TreeClass:
    """A class defined in the tree."""

    module: str
    klass: ClassFacts
    path: Path

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.klass.name}"


@dataclass(frozen=True)
class OutsideClass:
    """A base the tree does not define: its name and the module it is imported from, if known."""

    name: str
    module: str | None


class ClassIndex:
    """Every top-level class of the parsed modules, and how each module names its imports."""

    def __init__(
        self,
        modules: Iterable[ModuleClasses],
        method_names: Callable[[Path, MethodFacts], frozenset[str]],
    ) -> None:
        """``method_names``: the names a method of a class of the file uses (``class_facts.names_in``)."""
        self._classes: dict[tuple[str, str], TreeClass] = {}
        self._imports: dict[str, dict[str, tuple[str, str | None]]] = {}
        for of_module in modules:
            self._imports[of_module.module] = of_module.imports
            for klass in of_module.classes:
                found = TreeClass(of_module.module, klass, of_module.path)
                self._classes[(of_module.module, klass.name)] = found
        self._extended: set[str] | None = None
        self._method_names = method_names

    def names(self, owner: TreeClass, method: MethodFacts) -> frozenset[str]:
        """The names ``method`` of the class ``owner`` uses."""
        return self._method_names(owner.path, method)

    def is_base_of_another(self, dotted: str) -> bool:
        """Whether some class of the tree names the class ``module.Name`` among its bases."""
        if self._extended is None:
            self._extended = {
                base.dotted
                for (module, _), found in self._classes.items()
                for base in (self.resolve(module, b) for b in found.klass.bases)
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
                return self._classes[(module, head)]
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
                return found
            imported = self._imports.get(module, {}).get(name)
            if imported is None or imported[1] is None:
                break
            module, name = imported[0], imported[1]
        return OutsideClass(name, module or None)

    def ancestry(self, start: TreeClass) -> Iterator[TreeClass | OutsideClass]:
        """The class, then its bases depth-first, left to right (Python's MRO for simple hierarchies)."""
        pending: list[TreeClass | OutsideClass] = [start]
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
