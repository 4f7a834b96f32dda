"""Models read from source: which ones belong to users, and their file fields."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField"})
FILE_FIELDS = frozenset({"FileField", "ImageField"})
#: How many relation hops lead from a model to the user model (as in ``django_chained.ownership``).
OWNER_SEARCH_DEPTH = 2


def dotted_name(node: ast.expr) -> str:
    """``models.ForeignKey`` → ``"models.ForeignKey"``; anything else → ``""``.

    A loop, not recursion: a scanned file may chain thousands of attributes (``a.x.x.x…``).
    """
    wrappers: list[ast.Attribute | ast.Call] = []
    while isinstance(node, (ast.Attribute, ast.Call)):
        wrappers.append(node)
        node = node.value if isinstance(node, ast.Attribute) else node.func
    name = node.id if isinstance(node, ast.Name) else ""
    for wrapper in reversed(wrappers):
        if isinstance(wrapper, ast.Attribute):
            name = f"{name}.{wrapper.attr}" if name else ""
        else:
            name += "()"
    return name


def last_name(node: ast.expr) -> str:
    return dotted_name(node).rsplit(".", 1)[-1]


@dataclass(frozen=True)
class FileFieldSource:
    label: str
    """``app_label.Model.field``, as Django prints a field."""
    path: Path
    line: int
    upload_to: str | None
    """The ``upload_to`` string (``""`` when absent), ``None`` when it is a callable."""
    storage: str | None
    """The source text of ``storage=``, ``None`` when the field uses the default storage."""


@dataclass
class ModelSource:
    app_label: str
    name: str
    path: Path
    line: int
    relations: dict[str, str] = field(default_factory=dict)
    """Field name → target as written: ``settings.AUTH_USER_MODEL``, ``"auth.User"``, ``Project`` …"""
    file_fields: list[FileFieldSource] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.name}"


def is_models_file(path: Path) -> bool:
    return path.name == "models.py" or path.parent.name == "models"


def app_label_of(path: Path) -> str:
    folder = path.parent.parent if path.parent.name == "models" else path.parent
    return folder.name


@dataclass(frozen=True)
class ModelClass:
    """A top-level class of a models module, read as a model: whether it is one depends on the other files."""

    bases: tuple[str, ...]
    """The last name of each base (``Model``, ``TimeStampedModel``)."""
    model: ModelSource
    fields: tuple[str, ...] = ()
    """Names the class body assigns a call to or annotates: the fields it may declare."""


def declared_fields(node: ast.ClassDef) -> tuple[str, ...]:
    """``name = models.XField(...)`` and ``name: type`` in the class body, sorted."""
    fields: set[str] = set()
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
            fields.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            fields.add(stmt.target.id)
    return tuple(sorted(fields))


def model_classes(path: Path, tree: ast.Module) -> list[ModelClass]:
    """The top-level classes of a models module (none for other modules)."""
    if not is_models_file(path):
        return []
    return [
        ModelClass(
            tuple(last_name(base) for base in node.bases),
            _model(node, path),
            declared_fields(node),
        )
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]


def read_models(files: Iterable[tuple[Path, ast.Module]]) -> dict[str, ModelSource]:
    """Every ``models.Model`` subclass in models modules, keyed by class name."""
    return models_of(model_classes(path, tree) for path, tree in files)


def models_of(classes: Iterable[Iterable[ModelClass]]) -> dict[str, ModelSource]:
    """The models among the classes of each models module, in module order.

    A class counts whatever order the modules come in (``MailAccount(ModelWithOwner)`` with its
    base in another app), and inherits the relations of the models it subclasses, as Django's
    abstract and concrete inheritance gives them. The models are copies: the classes, read once
    and cached per file, are left as read.
    """
    candidates = [candidate for of_file in classes for candidate in of_file]
    accepted: set[int] = set()
    names: set[str] = set()
    grew = True
    while grew:
        grew = False
        for number, candidate in enumerate(candidates):
            if number not in accepted and _looks_like_model(candidate.bases, names):
                accepted.add(number)
                names.add(candidate.model.name)
                grew = True
    # In module order, so that of two models with one name the later one wins, as it always did.
    found: dict[str, ModelSource] = {}
    bases: dict[str, list[str]] = {}
    for number, candidate in enumerate(candidates):
        if number in accepted:
            model = candidate.model
            found[model.name] = replace(model, relations=dict(model.relations))
            bases[model.name] = list(candidate.bases)
    for name in found:
        _inherit(name, found, bases, seen=(name,))
    return found


def _inherit(
    name: str,
    found: dict[str, ModelSource],
    bases: dict[str, list[str]],
    seen: tuple[str, ...],
) -> None:
    """Give model ``name`` the relations of its model bases (its own fields win)."""
    model = found[name]
    for base in bases.get(name, []):
        if base not in found or base in seen:
            continue
        _inherit(base, found, bases, (*seen, base))
        for field_name, target in found[base].relations.items():
            model.relations.setdefault(field_name, target)


def _looks_like_model(bases: tuple[str, ...], known: Collection[str]) -> bool:
    return any(base in {"Model", *known} or base.endswith("Model") for base in bases)


def _model(node: ast.ClassDef, path: Path) -> ModelSource:
    model = ModelSource(app_label_of(path), node.name, path, node.lineno)
    for statement in node.body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Call)
        ):
            continue
        name, call = statement.targets[0].id, statement.value
        kind = last_name(call.func)
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        if kind in RELATIONS:
            target = call.args[0] if call.args else keywords.get("to")
            if target is not None:
                model.relations[name] = _target_text(target)
        elif kind in FILE_FIELDS:
            model.file_fields.append(_file_field(model, name, statement, keywords))
    return model


def _target_text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return dotted_name(node)


def _file_field(
    model: ModelSource, name: str, statement: ast.Assign, keywords: dict[str, ast.expr]
) -> FileFieldSource:
    upload_to_node = keywords.get("upload_to")
    call = statement.value
    assert isinstance(call, ast.Call)
    if upload_to_node is None and call.args:
        upload_to_node = call.args[2] if len(call.args) > 2 else None
    if upload_to_node is None:
        upload_to: str | None = ""
    elif isinstance(upload_to_node, ast.Constant) and isinstance(
        upload_to_node.value, str
    ):
        upload_to = upload_to_node.value
    else:
        upload_to = None
    storage = keywords.get("storage")
    return FileFieldSource(
        label=f"{model.label}.{name}",
        path=model.path,
        line=statement.lineno,
        upload_to=upload_to,
        storage=_source_text(storage) if storage is not None else None,
    )


def _source_text(node: ast.expr) -> str:
    try:
        return ast.unparse(node)
    except (
        RecursionError
    ):  # thousands of nested terms: any text says "an explicit storage"
        return "…"


def user_model_references(auth_user_model: str) -> frozenset[str]:
    """How source code names the user model: the setting, ``get_user_model()``, its label or class."""
    class_name = auth_user_model.rsplit(".", 1)[-1]
    return frozenset(
        {
            "settings.AUTH_USER_MODEL",
            "AUTH_USER_MODEL",
            "get_user_model()",
            "auth.get_user_model()",
            auth_user_model,
            auth_user_model.lower(),
            class_name,
        }
    )


def owner_paths(
    models: Mapping[str, ModelSource],
    name: str,
    auth_user_model: str = "auth.User",
    depth: int = OWNER_SEARCH_DEPTH,
) -> tuple[str, ...]:
    """Lookups from the model ``name`` to the user model (``owner``, ``project__members``), sorted,
    as ``django_chained.ownership.owner_paths`` finds them inside Django."""
    users = user_model_references(auth_user_model)

    def paths(model: ModelSource, depth: int, seen: tuple[str, ...]) -> Iterator[str]:
        for field_name, target in model.relations.items():
            if target in users:
                yield field_name
                continue
            inner = models.get(target.rsplit(".", 1)[-1])
            if depth > 1 and inner is not None and inner.name not in seen:
                for rest in paths(inner, depth - 1, (*seen, inner.name)):
                    yield f"{field_name}__{rest}"

    model = models.get(name)
    return () if model is None else tuple(sorted(paths(model, depth, (name,))))


def owner_path(
    models: Mapping[str, ModelSource],
    name: str,
    auth_user_model: str = "auth.User",
    owner_models: Sequence[str] = (),
    depth: int = OWNER_SEARCH_DEPTH,
) -> str | None:
    """The lookup a view of model ``name`` should filter on; ``"<owner>"`` for a model listed in
    ``CHAINED_OWNER_MODELS`` without one; ``None`` when no user owns the model's rows."""
    model = models.get(name)
    if model is None:
        return None
    listed = model.label.lower() in {label.lower() for label in owner_models}
    if name == auth_user_model.rsplit(".", 1)[-1] and not listed:
        return None
    paths = owner_paths(models, name, auth_user_model, depth)
    if paths:
        return paths[0]
    return "<owner>" if listed else None


def owned_models(
    models: Mapping[str, ModelSource],
    auth_user_model: str = "auth.User",
    owner_models: Sequence[str] = (),
    depth: int = OWNER_SEARCH_DEPTH,
) -> set[str]:
    """Class names of models with a relation path to the user model (or listed in ``CHAINED_OWNER_MODELS``)."""
    return {
        name
        for name in models
        if owner_path(models, name, auth_user_model, owner_models, depth) is not None
    }


#: Models of ``django.contrib`` apps with no relation to the user model, by app (labels as Django prints them).
CONTRIB_MODELS_WITHOUT_OWNER = {
    "django.contrib.auth": ("auth.Group", "auth.Permission"),
    "django.contrib.contenttypes": ("contenttypes.ContentType",),
    "django.contrib.sessions": ("sessions.Session",),
    "django.contrib.sites": ("sites.Site",),
    "django.contrib.flatpages": ("flatpages.FlatPage",),
    "django.contrib.redirects": ("redirects.Redirect",),
}
#: What ``django-admin startproject`` installs, for a tree without a readable settings module.
STARTPROJECT_APPS = (
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
)


def installed_models_without_owner(
    installed_apps: Iterable[str], auth_user_model: str = "auth.User"
) -> dict[str, str]:
    """Class name -> label of models outside the tree that no user owns: the contrib apps' and the user model."""
    apps = [str(app) for app in installed_apps]
    found = {auth_user_model.rsplit(".", 1)[-1]: auth_user_model}
    for app, labels in CONTRIB_MODELS_WITHOUT_OWNER.items():
        # An app is listed by module or by its AppConfig (``django.contrib.auth.apps.AuthConfig``).
        if any(entry == app or entry.startswith(f"{app}.apps.") for entry in apps):
            found.update((label.rsplit(".", 1)[-1], label) for label in labels)
    return found
