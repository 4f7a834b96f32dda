"""The privileged fields of the tree's models, read from source: the standalone twin of
``django_chained.privileges.installed_privileged_fields`` for W253."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from django_chained.facts.site import installed_apps
from django_chained.scan.python.privileges import (
    PERMISSIONS_MIXIN_FIELDS,
    USER_FIELDS,
    privileged_among,
)
from django_chained.sourcetree.models_reader import (
    STARTPROJECT_APPS,
    is_models_file,
    last_name,
)
from django_chained.sourcetree.settings_reader import StaticSettings

#: Fields a base class outside the tree gives its subclasses.
_BASE_FIELDS = {
    "AbstractUser": USER_FIELDS,
    "PermissionsMixin": PERMISSIONS_MIXIN_FIELDS,
}
#: Inheritance followed this many levels up through the tree's own classes.
_MAX_DEPTH = 8


def _declared(cls: ast.ClassDef) -> tuple[set[str], list[str]]:
    fields: set[str] = set()
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            fields.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            fields.add(stmt.target.id)
    return fields, [last_name(base) for base in cls.bases]


def privileged_model_judge(
    parsed: list[tuple[Path, ast.Module]], settings: StaticSettings | None
) -> Callable[[str], frozenset[str] | None]:
    """The privileged fields of the model class of that name, as inside Django; ``None`` for an unknown name.

    Classes of the tree's models modules (their bases in the tree followed), then Django's ``User``
    when ``django.contrib.auth`` is installed and the tree defines no ``User``.
    """
    classes: dict[str, tuple[set[str], list[str]]] = {}
    for path, module in parsed:
        if is_models_file(path):
            for node in module.body:
                if isinstance(node, ast.ClassDef):
                    classes.setdefault(node.name, _declared(node))
    apps = installed_apps(settings) if settings else list(STARTPROJECT_APPS)
    contrib_auth = any(
        app == "django.contrib.auth" or app.startswith("django.contrib.auth.apps.")
        for app in apps
    )

    def fields_of(name: str, depth: int) -> set[str]:
        declared, bases = classes[name]
        fields = set(declared)
        for base in bases:
            fields |= _BASE_FIELDS.get(base, frozenset())
            if base in classes and base != name and depth < _MAX_DEPTH:
                fields |= fields_of(base, depth + 1)
        return fields

    def judge(name: str) -> frozenset[str] | None:
        if name in classes:
            return privileged_among(fields_of(name, 0))
        if name == "User" and contrib_auth:
            return USER_FIELDS
        return None

    return judge
