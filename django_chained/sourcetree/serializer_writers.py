"""W258 judged from the tree: what a serializer's model field relates to, and which views write through it.

The scan's twin of ``django_chained.checks.serializer_writers``: the tree's models modules stand for
the app registry, and the tree's classes declaring ``serializer_class`` (with their bases, followed
through the class index) for the routed views.
"""

from __future__ import annotations

from collections.abc import Callable

from django_chained.facts.serializer_writers import (
    WRITING_BASES,
    checks_the_row,
    function_checks_the_row,
)
from django_chained.scan.python.identity import ACTOR_FIELDS
from django_chained.sourcetree.class_index import ClassIndex, OutsideClass, TreeClass
from django_chained.sourcetree.file_facts import FileFacts
from django_chained.sourcetree.models_reader import models_of, user_model_references
from django_chained.sourcetree.settings_reader import StaticSettings


def related_model_judge(read: list[FileFacts]) -> Callable[[str, str], str | None]:
    """``related(model, field)``: the class name the tree's model field relates to, or ``None``."""
    models = models_of(f.models for f in read)

    def related(model: str, field: str) -> str | None:
        source = models.get(model)
        target = source.relations.get(field) if source is not None else None
        if target is None:
            return None
        return model if target == "self" else target.rsplit(".", 1)[-1]

    return related


def relation_fields_judge(read: list[FileFacts]) -> Callable[[str], list[str]]:
    """``relation_fields(model)``: the tree's model's relation fields, inherited ones included."""
    models = models_of(f.models for f in read)

    def relation_fields(model: str) -> list[str]:
        source = models.get(model)
        return list(source.relations) if source is not None else []

    return relation_fields


def users_row_judge(
    read: list[FileFacts], settings: StaticSettings | None
) -> Callable[[str], bool]:
    """``is_users_row(model)``: the tree's model relates to the user model by a field naming who owns
    or made the row (``owner``, ``user``, ``author``), inherited ones included."""
    models = models_of(f.models for f in read)
    users = user_model_references(
        str(getattr(settings, "AUTH_USER_MODEL", "auth.User"))
    )

    def is_users_row(model: str) -> bool:
        source = models.get(model)
        return source is not None and any(
            field in ACTOR_FIELDS and target in users
            for field, target in source.relations.items()
        )

    return is_users_row


def unchecked_writer_judge(
    read: list[FileFacts], index: ClassIndex
) -> Callable[[str, str, str], bool]:
    """``written_unchecked(serializer, field, related)``: a view of the tree writes through the
    serializer (a create or update base of REST framework among its bases) and its methods, and
    those of its tree bases, do not check the row (``checks_the_row``); or a function view gives
    the serializer request data and saves it without checking the row (``function_checks_the_row``)."""
    views = [
        TreeClass(f.module, klass, f.path)
        for f in read
        for klass in f.classes
        if klass.declares("serializer_class")
    ]

    def written_unchecked(serializer: str, field: str, related: str) -> bool:
        for view in views:
            if serializer not in (view.klass.declares("serializer_class") or ()):
                continue
            ancestry = list(index.ancestry(view))
            outside = {c.name for c in ancestry if isinstance(c, OutsideClass)}
            if not outside & WRITING_BASES:
                continue
            methods = [
                (method.name, index.names(owner, method))
                for owner in ancestry
                if isinstance(owner, TreeClass)
                for method in owner.klass.methods
            ]
            if not checks_the_row(field, related, methods):
                return True
        return any(
            not function_checks_the_row(field, related, frozenset(writer.used))
            for facts in read
            for writer in facts.function_writers
            if serializer in writer.serializers
        )

    return written_unchecked
