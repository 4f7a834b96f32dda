"""Owner scoping for Django REST framework views: serializer relations and saves.

``OwnerQuerysetMixin`` calls these when it sits on an ``APIView`` subclass.  Nothing here imports
REST framework at module level: projects without it never load it.
"""

from __future__ import annotations

from typing import Any

from django.db import router, transaction
from django.db.models import Model

from django_chained.forms import unowned_relation, usable_choices
from django_chained.ownership import (
    add_owner_after_save,
    resolve_owner_path,
)


def serializer_model(serializer: Any) -> type[Model] | None:
    """The model a ``ModelSerializer`` (or a list of them) writes, ``None`` for other serializers."""
    meta = getattr(getattr(serializer, "child", serializer), "Meta", None)
    model = getattr(meta, "model", None)
    return model if isinstance(model, type) and issubclass(model, Model) else None


def limit_serializer_choices(serializer: Any, user: Any, lookup: str) -> None:
    """Narrow every writable relation of a ``ModelSerializer`` to rows ``user`` may use.

    The same rule as ``limit_owner_choices`` for forms: the owner relation to the user model offers
    only the user, a relation to another owned model only the user's rows of it, and a
    many-to-many to the user model (sharing) is left alone.
    """
    model = serializer_model(serializer)
    if model is None:
        return
    fields = getattr(serializer, "child", serializer).fields
    for name, field in fields.items():
        relation = getattr(field, "child_relation", field)  # ManyRelatedField wraps one
        queryset = getattr(relation, "queryset", None)
        if queryset is not None and not getattr(field, "read_only", False):
            relation.queryset = usable_choices(queryset, name, user, model, lookup)


def save_owned(serializer: Any, user: Any, lookup: str, *, check: bool) -> Model:
    """Save through ``serializer`` as ``user``'s row: set a direct owner on create, refuse a row outside the user's.

    The save and the check share one transaction, so a refused row is rolled back: the client gets
    a 400 naming the field it chose, or a 404 when the view's own code set the relation.
    """
    from rest_framework.exceptions import NotFound, ValidationError

    model = serializer_model(serializer)
    if model is None:
        saved: Model = serializer.save()
        return saved
    creating = serializer.instance is None
    extra: dict[str, Any] = {}
    owner_fk = resolve_owner_path(model, lookup).direct_foreign_key
    if creating and owner_fk is not None:
        extra[owner_fk.name] = user
    with transaction.atomic(using=router.db_for_write(model)):
        instance: Model = serializer.save(**extra)
        field = unowned_relation(instance, user, lookup) if check else None
        if field is not None:
            if field in serializer.fields:
                raise ValidationError({field: ["Select a row you have access to."]})
            raise NotFound(
                f"{model._meta.label} would not belong to the requesting user "
                f"through {lookup!r}."
            )
        if creating:
            add_owner_after_save(instance, user, lookup)
    return instance
