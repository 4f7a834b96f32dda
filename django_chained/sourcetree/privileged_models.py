"""The privileged fields of the tree's models, read from source: the standalone twin of
``django_chained.privileges.installed_privileged_fields`` for W253."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django_chained.facts.site import installed_apps
from django_chained.scan.python.privileges import (
    PERMISSIONS_MIXIN_FIELDS,
    USER_FIELDS,
    privileged_among,
)
from django_chained.sourcetree.models_reader import STARTPROJECT_APPS
from django_chained.sourcetree.settings_reader import StaticSettings

if TYPE_CHECKING:
    from django_chained.sourcetree.file_facts import FileFacts

#: Fields a base class outside the tree gives its subclasses.
_BASE_FIELDS = {
    "AbstractUser": USER_FIELDS,
    "PermissionsMixin": PERMISSIONS_MIXIN_FIELDS,
}
#: Inheritance followed this many levels up through the tree's own classes.
_MAX_DEPTH = 8


def privileged_model_judge(
    read: Iterable[FileFacts], settings: StaticSettings | None
) -> Callable[[str], frozenset[str] | None]:
    """The privileged fields of the model class of that name, as inside Django; ``None`` for an unknown name.

    Classes of the tree's models modules (their bases in the tree followed), then Django's ``User``
    when ``django.contrib.auth`` is installed and the tree defines no ``User``.
    """
    classes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for facts in read:
        for candidate in facts.models:  # the classes of models modules
            classes.setdefault(
                candidate.model.name, (candidate.fields, candidate.bases)
            )
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
