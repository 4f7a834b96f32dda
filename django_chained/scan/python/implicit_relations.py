"""W258: a ModelSerializer's implicit relation field, written by a view that never checks the chosen row.

``fields = ("id", "document", "expiration")`` on a serializer of ``ShareLink`` makes REST framework
build ``document`` as a ``PrimaryKeyRelatedField`` over every document: a client posts another
user's document and gets a share link to it.  Unlike W255 nothing in the serializer names the
queryset, so the judgement needs three other files: the model (is ``document`` a relation, and to a
model with an owner of its own?) and the views that write through the serializer (does one of their
methods name the field or the related model, as a ``perform_create()`` checking the row or a
``get_owner_objects()`` listing it would?).  The scan reports each candidate field; which stand is
decided afterwards (``drop_checked_relations``) from the models and the views, inside Django from the
registry and the URLconf, in ``django-chained scan`` from the tree.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from django_chained.scan.findings import Finding
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.form_fields import (
    class_assignments,
    listed_strings,
    read_only_fields,
)
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.identity import ACTOR_FIELDS
from django_chained.scan.python.roles import base_names, is_test_code
from django_chained.scan.python.serializer_relations import (
    ALL_FIELDS,
    narrowed_fields,
)
from django_chained.scan.rule import Rule

W258 = Rule(
    id="django_chained.W258",
    message="Serializer {serializer} lets the client pick any row for {model}.{field}: the implicit relation field accepts every row, and the views writing through it never check the one chosen.",
    hint="Declare the field with a queryset narrowed to the requesting user's rows, check the row's owner or permission in validate_{field}(), or check it in the view's perform_create()/perform_update().",
)


#: The user model's own relations (groups, permissions) are W253's and W256's question.
_USER_MODELS = frozenset({"User", "AbstractUser", "get_user_model"})
#: Names REST framework gives to the row itself, never a relation the client picks.
_NO_RELATION = frozenset({"id", "pk", "url"})
#: The field of a candidate for ``fields = "__all__"`` or ``Meta.exclude``: every relation of the
#: model but the names after the dash (``*-document,tags``), known once the model's fields are.
EVERY_FIELD = "*-"


def subject_of(serializer: str, model: str, field: str) -> str:
    """The finding's subject: ``ShareLinkSerializer:ShareLink.document``."""
    return f"{serializer}:{model}.{field}"


def parts_of(subject: str) -> tuple[str, str, str] | None:
    """``(serializer, model, field)`` of a subject made by ``subject_of``."""
    serializer, _, rest = subject.partition(":")
    model, _, field = rest.partition(".")
    return (serializer, model, field) if serializer and model and field else None


def every_field_but(names: Iterable[str]) -> str:
    """The field part of a candidate standing for every model field but ``names``."""
    return EVERY_FIELD + ",".join(sorted(names))


def fields_named(
    model: str, field: str, relation_fields: Callable[[str], Iterable[str]]
) -> list[str]:
    """The fields a candidate's field part stands for: itself, or the model's relations a
    ``__all__``/``exclude`` candidate does not leave out."""
    if not field.startswith(EVERY_FIELD):
        return [field]
    left_out = set(field.removeprefix(EVERY_FIELD).split(","))  # an empty name: none
    return sorted(
        name
        for name in relation_fields(model)
        if name not in left_out
        and name not in _NO_RELATION
        and name not in ACTOR_FIELDS
    )


def _model_name(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _excluded(meta: dict[str, ast.expr]) -> list[str] | None:
    """The fields ``Meta`` leaves out of every model field: none for ``fields = "__all__"``, the
    ``exclude`` list without ``fields``; ``None`` for a list of fields or anything else."""
    fields = meta.get("fields")
    if isinstance(fields, ast.Constant) and fields.value == "__all__":
        return []
    return listed_strings(meta.get("exclude")) if fields is None else None


def check_model_serializer(cls: ast.ClassDef, ctx: FileContext) -> None:
    if is_test_code(ctx) or not any(b.endswith("Serializer") for b in base_names(cls)):
        return
    meta_class = next(
        (s for s in cls.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None
    )
    if meta_class is None:
        return
    meta = class_assignments(meta_class.body)
    model = _model_name(meta.get("model"))
    excluded = _excluded(meta)
    listed = [] if excluded is not None else listed_strings(meta.get("fields"))
    if model is None or listed is None or model in _USER_MODELS:
        return
    # Declared fields are W255's (or a field class of the project's own); read-only ones take no key.
    left_out = set(class_assignments(cls.body)) | read_only_fields(cls, meta)
    narrowed = narrowed_fields(cls)
    if ALL_FIELDS in left_out or ALL_FIELDS in narrowed:
        return
    if excluded is not None:
        listed = [every_field_but({*excluded, *left_out, *narrowed})]
    for field in listed:
        if (
            field in left_out
            or field in narrowed
            or field in _NO_RELATION
            or field in ACTOR_FIELDS  # who owns or made the row: W254's question
        ):
            continue
        ctx.report(
            W258,
            cls,
            subject=subject_of(cls.name, model, field),
            serializer=cls.name,
            model=model,
            field=field,
        )


def drop_checked_relations(
    findings: Iterable[Finding],
    related_model: Callable[[str, str], str | None],
    relation_fields: Callable[[str], Iterable[str]],
    is_users_row: Callable[[str], bool],
    is_owned: Callable[[str], bool | None],
    written_unchecked: Callable[[str, str, str], bool],
) -> list[Finding]:
    """The findings with the W258s that stand once the models and views are known, one per
    serializer naming all its standing fields.

    ``related_model(model, field)``: the class name the field relates to (``None``: not a relation,
    a relation to the user model, or unknown); ``relation_fields(model)``: the names of the model's
    own relation fields, what ``fields = "__all__"`` or ``exclude`` stand for; ``is_users_row(model)``: whether the serializer's
    model belongs to a user by a field naming its owner (``owner``, ``user``, ``author`` …: a share
    link, a log entry; not a workflow that assigns owners, which administrators configure);
    ``is_owned(name)``: whether the related model has an owner of its own;
    ``written_unchecked(serializer, field, related)``: whether a view writes through the
    serializer and does not check the row (``checks_the_row``).
    """
    kept: list[Finding] = []
    standing: dict[tuple[str, int, str, str], list[str]] = {}
    for finding in findings:
        if finding.id != W258.id:
            kept.append(finding)
            continue
        parts = parts_of(finding.subject or "")
        if parts is None:
            continue
        serializer, model, named = parts
        for field in fields_named(model, named, relation_fields):
            related = related_model(model, field)
            if (
                related is not None
                and is_users_row(model)
                and is_owned(related) is True
                and written_unchecked(serializer, field, related)
            ):
                key = (finding.path, finding.line, serializer, model)
                standing.setdefault(key, []).append(field)
    for (path, line, serializer, model), fields in standing.items():
        named = ", ".join(fields)
        kept.append(
            W258.at(
                path,
                line,
                subject=subject_of(serializer, model, named),
                serializer=serializer,
                model=model,
                field=named,
            )
        )
    return kept


HANDLERS = Handlers(classes=(check_model_serializer,), triggers=frozenset({"Meta"}))
