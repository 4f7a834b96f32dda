"""Owner-scoped writes: a model form may only point a row at objects the user may use.

Scoping ``get_queryset()`` decides which rows a user reaches; it does not stop a form from
pointing a new or edited row at someone else's object (``owner_field = "project__members"`` and a
posted ``project`` id of another user's project, or a second relation such as ``parent`` or
``milestone`` to another user's row).  ``limit_owner_choices`` narrows every relation field of the
form whose model belongs to users, so such an id fails validation like any invalid choice (and the
other users' rows are never listed as options); ``unowned_relation`` verifies an instance just
before it is saved.

Which rows of a related model a user may use: for a model the view's owner path crosses, that path
(``Task.parent`` under ``team__members`` uses ``team__members``, ``Task.team`` uses ``members``);
for any other model, every owner path the audit finds on it (``owner_paths``), any one sufficing.
Models without an owner path, and relations to the user model itself (other than a direct owner
field), are left alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.forms import BaseForm, ModelChoiceField

from django_chained.ownership import (
    is_user_model,
    owner_key,
    owner_paths,
    resolve_owner_path,
    scope_to_any_path,
)


def owner_lookups(
    target: type[Model], model: type[Model], lookup: str
) -> tuple[str, ...]:
    """The lookups from ``target`` to the user that decide which of its rows a ``model`` row may point at (none: unowned)."""
    path = resolve_owner_path(model, lookup)
    parts = lookup.split("__")
    crossed = [model, *(hop.related_model for hop in path.hops[:-1])]
    # The deepest match: under ``parent__owner`` a task's parent must be a task the user owns.
    for index in reversed(range(len(crossed))):
        if crossed[index]._meta.concrete_model is target._meta.concrete_model:
            return ("__".join(parts[index:]),)
    if is_user_model(target):
        return ()
    return owner_paths(target)


def usable_rows(
    queryset: QuerySet[Any], user: Any, model: type[Model], lookup: str
) -> QuerySet[Any] | None:
    """``queryset`` narrowed to the rows ``user`` may link a ``model`` row to; ``None`` when its model is not owned."""
    lookups = owner_lookups(queryset.model, model, lookup)
    return scope_to_any_path(queryset, user, lookups) if lookups else None


def limit_owner_choices(
    form: BaseForm, user: Any, lookup: str, *, superuser_bypass: bool = False
) -> None:
    """Narrow every model choice field of a ModelForm to rows ``user`` may use (other forms are left alone).

    ``project__members`` offers only the user's projects, and a second relation (``parent``,
    ``milestone``) only the user's rows of that model; a direct ``owner`` foreign key offers only
    the user.  A many-to-many to the user model (``members``) is left alone: adding other users to
    a row the user keeps is sharing, not a leak.
    """
    if superuser_bypass and getattr(user, "is_superuser", False):
        return
    instance = getattr(form, "instance", None)
    if not isinstance(instance, Model):
        return
    model = type(instance)
    for name, form_field in form.fields.items():
        if isinstance(form_field, ModelChoiceField) and form_field.queryset is not None:
            form_field.queryset = usable_choices(
                form_field.queryset, name, user, model, lookup
            )


def usable_choices(
    queryset: QuerySet[Any], name: str, user: Any, model: type[Model], lookup: str
) -> QuerySet[Any]:
    """The rows a ``model`` field called ``name`` may offer ``user``: forms and serializers share this rule.

    The owner path's first hop to the user model offers only the user; another relation to the
    user model (sharing) and one to a model nobody owns keep ``queryset``.
    """
    if is_user_model(queryset.model):
        first_hop = resolve_owner_path(model, lookup).hops[0]
        if name == first_hop.name and not first_hop.many_to_many:
            return queryset.filter(pk=user.pk)
        return queryset
    narrowed = usable_rows(queryset, user, model, lookup)
    return queryset if narrowed is None else narrowed


def unowned_relation(instance: Model, user: Any, lookup: str) -> str | None:
    """The field through which ``instance``, as about to be saved, would leave ``user``'s rows; ``None`` when none would.

    Every forward foreign key and one-to-one of ``instance`` is checked: the owner path's first hop
    (``owner``, ``project`` of ``project__members``) must be set, to the user or one of the user's
    rows; any other relation to an owned model (``parent``, ``milestone``) may be empty, but when set
    must be a row the user may use.  To-many relations are written after the row is saved;
    ``limit_owner_choices`` guards them in the form.
    """
    model = type(instance)
    first_hop = resolve_owner_path(model, lookup).hops[0]
    relations = [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and not _parent_link(field)
    ]
    relations.sort(key=lambda field: field is not first_hop)  # the owner relation first
    for field in relations:
        if _foreign(instance, field, user, lookup, required=field is first_hop):
            return str(field.name)
    return None


def _parent_link(field: Any) -> bool:
    """Multi-table inheritance's link to the parent row: the same object, not a choice."""
    return bool(getattr(field.remote_field, "parent_link", False))


def _foreign(
    instance: Model, field: Any, user: Any, lookup: str, *, required: bool
) -> bool:
    """Whether ``field`` of ``instance`` points outside what ``user`` may use (or, if ``required``, nowhere)."""
    value = getattr(instance, field.attname)
    if value is None:
        return required
    target = field.related_model
    if is_user_model(target):
        return required and value != owner_key(field, user)
    usable = usable_rows(target._default_manager.all(), user, type(instance), lookup)
    if usable is None:
        return False
    return not usable.filter(**{field.target_field.attname: value}).exists()
