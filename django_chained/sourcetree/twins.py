"""Static twins of the checks that walk live objects inside Django: same IDs, read from source.

- 2xx: class-based views over users' rows that do not scope them (``django_chained.W201``);
- 5xx: ``csrf_exempt`` and ``xframe_options_exempt`` views (in ``csrf_twins``);
- 6xx: file fields on the default, public storage that keep the uploader's name (``W601``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from django.core.checks import Warning

from django_chained.checks.authorization import HOW_TO_SCOPE
from django_chained.checks.https_rules import installed_apps
from django_chained.checks.media_fields import w601_public_original_name
from django_chained.conf import Settings
from django_chained.report import Record
from django_chained.sourcetree.csrf_twins import (
    csrf_exempt_findings,
    xframe_exempt_findings,
)
from django_chained.sourcetree.models_reader import (
    STARTPROJECT_APPS,
    ModelSource,
    installed_models_without_owner,
    owned_models,
    read_models,
)
from django_chained.sourcetree.settings_reader import StaticSettings
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.twin_record import record_at
from django_chained.sourcetree.urls_reader import routes
from django_chained.sourcetree.views_reader import (
    object_views,
)

#: The 2xx audit's ID; its factory needs live URL patterns and models, so the twin words its own message.
UNSCOPED_VIEW_ID = "django_chained.W201"
#: Every ID the twins report: for these, the standalone scan is as complete as the checks inside Django.
TWIN_IDS = frozenset(
    {UNSCOPED_VIEW_ID}
    | {f"django_chained.{n}" for n in ("W501", "I502", "I503", "W504", "I505", "W601")}
)
_STRFTIME = re.compile(r"%[-_0^#]?[a-zA-Z]")
_FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"


#: ``django-admin startproject``'s middleware: what a tree without a readable settings module most likely runs.
STARTPROJECT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def startproject_settings(root: Path) -> StaticSettings:
    return StaticSettings(
        path=root, values={"MIDDLEWARE": list(STARTPROJECT_MIDDLEWARE)}
    )


def twin_findings(
    tree: SourceTree,
    parsed: list[tuple[Path, ast.Module]],
    settings: StaticSettings | None,
) -> list[Record]:
    """All static-twin findings for the tree, judged against ``settings`` (Django's defaults if ``None``)."""
    s = settings if settings is not None else startproject_settings(tree.root)
    models = read_models(parsed)
    url_routes = [
        entry
        for path, module in parsed
        for entry in routes(module, tree.module_name(path), path)
    ]
    return [
        *unscoped_view_findings(tree, parsed, models, s),
        *csrf_exempt_findings(tree, parsed, url_routes, s),
        *xframe_exempt_findings(tree, parsed, url_routes, s),
        *file_field_findings(tree, models.values(), s),
    ]


def _owner_models(s: StaticSettings | None) -> tuple[str, ...]:
    return tuple(Settings(s).CHAINED_OWNER_MODELS) if s is not None else ()


def _owned(models: dict[str, ModelSource], s: StaticSettings | None) -> set[str]:
    return owned_models(
        models,
        str(getattr(s, "AUTH_USER_MODEL", "auth.User")),
        _owner_models(s),
    )


def owned_model_judge(
    parsed: list[tuple[Path, ast.Module]], settings: StaticSettings | None
) -> Callable[[str], bool | None]:
    """Whether the model class of that name has an owner, as ``is_owned_model_named`` says inside Django.

    The tree's models modules first, then the installed contrib apps' models and the user model;
    ``None`` for a name neither defines.
    """
    models = read_models(parsed)
    owned = _owned(models, settings)
    apps = installed_apps(settings) if settings else STARTPROJECT_APPS
    outside = installed_models_without_owner(
        apps, str(getattr(settings, "AUTH_USER_MODEL", "auth.User"))
    )
    listed = {label.lower() for label in _owner_models(settings)}

    def judge(name: str) -> bool | None:
        if name in models:
            return name in owned
        label = outside.get(name)
        return None if label is None else label.lower() in listed

    return judge


def unscoped_view_findings(
    tree: SourceTree,
    parsed: list[tuple[Path, ast.Module]],
    models: dict[str, ModelSource],
    s: StaticSettings,
) -> list[Record]:
    owned = _owned(models, s)
    exempt = set(Settings(s).CHAINED_AUTHZ_EXEMPT_VIEWS)
    records = []
    for path, module in parsed:
        name = tree.module_name(path)
        for view in object_views(module, name, path, exempt):
            if view.model not in owned or view.scoped or view.exempt:
                continue
            label = models[view.model].label
            message = Warning(
                f"{view.dotted} serves {label} objects through the {view.kind} view "
                "without scoping them to the requesting user.",
                hint=f"Anyone who can open this URL can read other users' rows by changing the key in it: {HOW_TO_SCOPE}.",
                obj=view.dotted,
                id=UNSCOPED_VIEW_ID,
            )
            records.append(record_at(message, tree, path, view.line))
    return records


def _default_storage_backend(s: Any) -> str:
    storages = getattr(s, "STORAGES", None)
    default = storages.get("default") if isinstance(storages, dict) else None
    if not isinstance(default, dict):
        return _FILE_SYSTEM_STORAGE
    return str(default.get("BACKEND", _FILE_SYSTEM_STORAGE))


def _media_base_url(s: Any) -> str:
    url = str(getattr(s, "MEDIA_URL", "") or "")
    # Django prefixes a relative MEDIA_URL with the script prefix, "/" outside a request.
    if url and not url.startswith(("/", "http://", "https://")):
        url = "/" + url
    return url


def file_field_findings(
    tree: SourceTree, models: Iterable[ModelSource], s: Any
) -> list[Record]:
    """W601 for file fields on the default FileSystemStorage, public under MEDIA_URL, keeping names."""
    if _default_storage_backend(s) != _FILE_SYSTEM_STORAGE:
        return []  # another backend (ours, S3 …): only running it tells how public it is
    base_url = _media_base_url(s)
    if not base_url:
        return []
    where = f"under MEDIA_URL {base_url!r}"
    records = []
    for model in models:
        for field in model.file_fields:
            if field.storage is not None or field.upload_to is None:
                continue  # an explicit storage or a callable upload_to: judged inside Django only
            dated = bool(_STRFTIME.search(field.upload_to))
            # The factory only stores the field as the message's object; the label is what Django prints.
            message = w601_public_original_name(
                field=cast(Any, field.label), where=where, dated=dated
            )
            records.append(record_at(message, tree, field.path, field.line))
    return records
