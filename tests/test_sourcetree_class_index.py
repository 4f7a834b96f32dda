"""The tree's classes and where each base comes from: relative imports, aliases, re-exports, cycles."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from django_chained.sourcetree.class_facts import module_classes, names_in_trees
from django_chained.sourcetree.class_index import ClassIndex, OutsideClass, TreeClass

MODULES = {
    ("shop", True): """\
        from .permissions import StaffOnly as PublicStaffOnly
    """,
    ("shop.permissions", False): """\
        from guardian.mixins import PermissionRequiredMixin as GuardedMixin
        from django.contrib.auth import mixins

        class StaffOnly(mixins.UserPassesTestMixin):
            pass

        class Guarded(GuardedMixin):
            pass
    """,
    ("shop.views.orders", False): """\
        from typing import Generic
        from django.views import generic
        from ..permissions import Guarded
        from .. import permissions
        from shop import PublicStaffOnly
        from helpers import *

        class Local(generic.DetailView):
            pass

        class ViaParent(Guarded, Local):
            pass

        class ViaModule(permissions.StaffOnly):
            pass

        class ViaReexport(PublicStaffOnly):
            pass

        class FromStar(StarMixin):
            pass

        class Odd(Generic[T], make_base()):
            pass

        class Ping(Pong):
            pass

        class Pong(Ping):
            pass
    """,
}


def index() -> ClassIndex:
    trees = {
        Path(name.replace(".", "/") + ("/__init__.py" if is_package else ".py")): (
            name,
            ast.parse(textwrap.dedent(source)),
        )
        for (name, is_package), source in MODULES.items()
    }
    return ClassIndex(
        (module_classes(tree, name, path) for path, (name, tree) in trees.items()),
        names_in_trees({path: tree for path, (_, tree) in trees.items()}),
    )


def class_node(found: ClassIndex, module: str, name: str) -> TreeClass:
    resolved = found.lookup(module, name)
    assert isinstance(resolved, TreeClass)
    return resolved


def names(found: ClassIndex, module: str, name: str) -> list[str]:
    return [
        c.dotted if isinstance(c, TreeClass) else f"{c.module}:{c.name}"
        for c in found.ancestry(class_node(found, module, name))
    ]


def test_relative_imports_and_aliases_lead_to_the_tree_class_or_its_source():
    found = index()
    assert names(found, "shop.views.orders", "ViaParent") == [
        "shop.views.orders.ViaParent",
        "shop.permissions.Guarded",
        "guardian.mixins:PermissionRequiredMixin",
        "shop.views.orders.Local",
        "django.views.generic:DetailView",
    ]


def test_module_attributes_and_reexports_are_followed():
    found = index()
    expected_tail = [
        "shop.permissions.StaffOnly",
        "django.contrib.auth.mixins:UserPassesTestMixin",
    ]
    assert names(found, "shop.views.orders", "ViaModule")[1:] == expected_tail
    assert names(found, "shop.views.orders", "ViaReexport")[1:] == expected_tail


def test_unknown_origins_unreadable_bases_and_cycles():
    found = index()
    star = list(found.ancestry(class_node(found, "shop.views.orders", "FromStar")))
    assert star[1] == OutsideClass("StarMixin", None)
    # Generic[T] is read as Generic; a call cannot be named.
    assert names(found, "shop.views.orders", "Odd")[1:] == ["typing:Generic"]
    assert names(found, "shop.views.orders", "Ping") == [
        "shop.views.orders.Ping",
        "shop.views.orders.Pong",
    ]


def test_classes_other_classes_extend():
    found = index()
    assert found.is_base_of_another("shop.views.orders.Local")
    assert found.is_base_of_another("shop.permissions.StaffOnly")
    assert not found.is_base_of_another("shop.views.orders.ViaParent")
