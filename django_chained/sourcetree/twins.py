"""The standalone scan's facts about views and file fields, read from source and judged as inside Django.

- 2xx: class-based views over users' rows that do not scope them (``W201``, ``I202`` when exempt);
- 5xx: ``csrf_exempt`` and ``xframe_options_exempt`` views (in ``csrf_twins``);
- 6xx: file fields on the default, public storage that keep the uploader's name (``W601``).

The judgement (``django_chained.judgement``) is the one ``manage.py check`` uses: only the facts are read
differently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django_chained.attribution import only_attribution, reads_only
from django_chained.conf import Settings
from django_chained.facts import files
from django_chained.facts import views as facts
from django_chained.facts.place import Place
from django_chained.facts.site import installed_apps
from django_chained.judgement.authorization import judge_object_view
from django_chained.judgement.media import judge_file_field
from django_chained.report import Record
from django_chained.sourcetree.class_facts import MethodFacts
from django_chained.sourcetree.class_index import ClassIndex, TreeClass
from django_chained.sourcetree.csrf_twins import (
    csrf_exempt_findings,
    site_facts,
    xframe_exempt_findings,
)
from django_chained.sourcetree.file_facts import FileFacts
from django_chained.sourcetree.models_reader import (
    OWNER_SEARCH_DEPTH,
    STARTPROJECT_APPS,
    FileFieldSource,
    ModelSource,
    installed_models_without_owner,
    models_of,
    owned_models,
    owner_path,
    owner_paths,
)
from django_chained.sourcetree.router_reader import DETAIL, detail_route
from django_chained.sourcetree.settings_reader import StaticSettings
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.urls_reader import (
    RouteSource,
    full_routes,
    root_urlconf,
)
from django_chained.sourcetree.view_guard import read_guard
from django_chained.sourcetree.views_reader import ObjectView

#: Every ID the twins report: for these, the standalone scan is as complete as the checks inside Django.
TWIN_IDS = frozenset(
    {f"django_chained.{n}" for n in ("W201", "I202", "I213", "W501", "I502", "I503", "W504", "I505", "W601")}
)  # fmt: skip
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
    read: list[FileFacts],
    settings: StaticSettings | None,
    method_names: Callable[[Path, MethodFacts], frozenset[str]],
    index: ClassIndex | None = None,
) -> list[Record]:
    """All static-twin findings for the tree, judged against ``settings`` (Django's defaults if ``None``).

    ``index``: the classes of ``read`` already indexed with ``method_names``, if the caller has them.
    """
    s: Any = settings if settings is not None else startproject_settings(tree.root)
    models = models_of(f.models for f in read)
    url_routes = [entry for f in read for entry in f.routes]
    if index is None:
        index = ClassIndex((f.class_module for f in read), method_names)
    site = site_facts(s, index)
    return [
        *unscoped_view_findings(tree, read, models, url_routes, s, index),
        *csrf_exempt_findings(tree, read, url_routes, s, site),
        *xframe_exempt_findings(tree, read, url_routes, s, site),
        *file_field_findings(tree, models.values(), s),
    ]


def _owner_models(s: Any) -> tuple[str, ...]:
    return tuple(Settings(s).CHAINED_OWNER_MODELS) if s is not None else ()


def _owned(
    models: dict[str, ModelSource], s: Any, depth: int = OWNER_SEARCH_DEPTH
) -> set[str]:
    return owned_models(
        models,
        str(getattr(s, "AUTH_USER_MODEL", "auth.User")),
        _owner_models(s),
        depth,
    )


def owned_model_judge(
    read: list[FileFacts],
    settings: StaticSettings | None,
    depth: int = OWNER_SEARCH_DEPTH,
) -> Callable[[str], bool | None]:
    """Whether the model class of that name has an owner, as ``is_owned_model_named`` says inside Django.

    The tree's models modules first, then the installed contrib apps' models and the user model;
    ``None`` for a name neither defines. ``depth`` 1 asks for a relation of the model's own.
    """
    models = models_of(f.models for f in read)
    owned = _owned(models, settings, depth)
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


def _attributed(models: dict[str, ModelSource], s: Any) -> set[str]:
    """Models whose only paths to the user are attribution fields, as ``is_attributed_model`` says inside Django."""
    user_model = str(getattr(s, "AUTH_USER_MODEL", "auth.User"))
    listed = {label.lower() for label in _owner_models(s)}
    return {
        name
        for name, model in models.items()
        if model.label.lower() not in listed
        and name != user_model.rsplit(".", 1)[-1]
        and only_attribution(owner_paths(models, name, user_model))
    }


def attributed_model_judge(
    read: list[FileFacts], settings: StaticSettings | None
) -> Callable[[str], bool]:
    """Whether the tree's model class of that name is only attributed (``is_attributed_model_named``)."""
    return _attributed(models_of(f.models for f in read), settings).__contains__


def _reads_only(view: ObjectView) -> bool:
    """Read from the class statement: a detail or list base (``generic.DetailView``), no writing method."""
    bases = [base.rsplit(".", 1)[-1] for base in view.klass.bases if base]
    return reads_only(bases, [method.name for method in view.klass.methods])


def unscoped_view_findings(
    tree: SourceTree,
    read: list[FileFacts],
    models: dict[str, ModelSource],
    url_routes: list[RouteSource],
    s: Any,
    index: ClassIndex,
) -> list[Record]:
    """W201 (I202 when exempt) for the tree's list and single-object views, at their first route."""
    user_model = str(getattr(s, "AUTH_USER_MODEL", "auth.User"))
    listed = _owner_models(s)
    exempt: dict[str, str] = dict(Settings(s).CHAINED_AUTHZ_EXEMPT_VIEWS)
    route_of = full_routes(url_routes, root_urlconf(s))
    attributed = _attributed(models, s)
    records = []
    for of_file in read:
        for view in of_file.views:
            route = _route(route_of, view)
            if route == facts.NOT_ROUTED and index.is_base_of_another(view.dotted):
                continue  # a base class: judged in the views that extend it, as inside Django
            owner = TreeClass(of_file.module, view.klass, view.path)
            guard = read_guard(index, owner, view.kind, api=view.api)
            model = models.get(view.model)
            facts_of_view = facts.ObjectView(
                route=route,
                dotted=view.dotted,
                place=Place(str(view.path), view.line),
                kind=view.kind,
                model=model.label if model else None,
                owner_path=owner_path(models, view.model, user_model, listed),
                scoped=guard.scoped,
                exemption=exempt.get(view.dotted) or view.exemption,
                unconfirmed_check=guard.unconfirmed_check,
                attributed=view.model in attributed,
                only_reads=_reads_only(view),
            )
            message = judge_object_view(facts_of_view)
            if message is not None:
                records.append(Record.from_check_message(message, tree.root))
    return records


def _route(route_of: dict[str, str], view: ObjectView) -> str:
    """The view's first full route; a viewset judged as a single-object view, at its router's detail route."""
    detail = route_of.get(view.dotted + DETAIL) if view.kind == facts.SINGLE else None
    if detail is not None:
        return detail_route(detail, view.api_lookup)
    return route_of.get(view.dotted, facts.NOT_ROUTED)


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


def file_field_facts(field: FileFieldSource, s: Any) -> files.FileField:
    """A field read from ``models.py``: only the default ``FileSystemStorage`` and a string
    ``upload_to`` can be judged without running code."""
    default = (
        field.storage is None and _default_storage_backend(s) == _FILE_SYSTEM_STORAGE
    )
    base_url = _media_base_url(s)
    upload_to = field.upload_to
    return files.FileField(
        label=field.label,
        place=Place(str(field.path), field.line),
        exposure=f"under MEDIA_URL {base_url!r}"
        if default and base_url not in ("", "/")
        else None,
        naming=files.ORIGINAL_NAME if upload_to is not None else None,
        example=upload_to or "",
        dated=bool(upload_to and _STRFTIME.search(upload_to)),
    )


def file_field_findings(
    tree: SourceTree, models: Iterable[ModelSource], s: Any
) -> list[Record]:
    """W601 for file fields on the default FileSystemStorage, public under MEDIA_URL, keeping names."""
    judged = (
        judge_file_field(file_field_facts(field, s))
        for model in models
        for field in model.file_fields
    )
    return [
        Record.from_check_message(message, tree.root)
        for message in judged
        if message is not None
    ]
