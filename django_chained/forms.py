"""Owner-scoped writes: a model form may only point a row at objects the user owns.

Scoping ``get_queryset()`` decides which rows a user reaches; it does not stop a form from
pointing a new or edited row at someone else's object (``owner_field = "project__members"`` and a
posted ``project`` id of another user's project).  ``limit_owner_choices`` narrows the form field
of the owner path's first hop, so such an id fails validation like any invalid choice;
``unowned_relation`` verifies an instance just before it is saved.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.forms import BaseForm, ModelChoiceField

from django_chained.ownership import (
    is_forward_relation,
    owner_key,
    resolve_owner_path,
    scope_queryset,
)


def _first_hop(model: type[Model], lookup: str) -> tuple[Any, str | None]:
    """The owner path's first field, and the rest of the path from its target (``None`` when it is the user model)."""
    path = resolve_owner_path(model, lookup)
    rest = lookup.split("__", 1)[1] if len(path.hops) > 1 else None
    return path.hops[0], rest


def limit_owner_choices(
    form: BaseForm, user: Any, lookup: str, *, superuser_bypass: bool = False
) -> None:
    """Narrow the form field of ``lookup``'s first hop to what ``user`` owns (a ModelForm; others are left alone).

    ``project__members`` offers only the user's projects; a direct ``owner`` foreign key offers only
    the user.  A direct many-to-many to the user model (``members``) is left alone: adding other
    users to a row the user keeps is sharing, not a leak.
    """
    if superuser_bypass and getattr(user, "is_superuser", False):
        return
    instance = getattr(form, "instance", None)
    if not isinstance(instance, Model):
        return
    hop, rest = _first_hop(type(instance), lookup)
    form_field = form.fields.get(hop.name)
    if not (is_forward_relation(hop) and isinstance(form_field, ModelChoiceField)):
        return
    queryset = form_field.queryset
    if queryset is None:
        return
    if rest is not None:
        form_field.queryset = scope_queryset(queryset, user, rest)
    elif not hop.many_to_many:
        form_field.queryset = queryset.filter(pk=user.pk)


def unowned_relation(instance: Model, user: Any, lookup: str) -> str | None:
    """The field through which ``instance``, as about to be saved, would not belong to ``user``; ``None`` when it would.

    Decided for a first hop that is a forward foreign key or one-to-one (``owner``, ``project__members``):
    an empty relation, another user, or an object outside the user's rows.  To-many first hops are
    written after the row is saved; ``limit_owner_choices`` guards them in the form.
    """
    hop, rest = _first_hop(type(instance), lookup)
    if not is_forward_relation(hop) or hop.many_to_many:
        return None
    value = getattr(instance, hop.attname)
    if value is None:
        return str(hop.name)
    if rest is None:
        return None if value == owner_key(hop, user) else str(hop.name)
    owned = scope_queryset(hop.related_model._default_manager.all(), user, rest)
    if owned.filter(**{hop.target_field.attname: value}).exists():
        return None
    return str(hop.name)
