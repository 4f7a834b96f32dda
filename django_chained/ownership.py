"""Owner lookup paths: validate them, scope querysets with them, find them on models.

Shared by ``OwnerQuerysetMixin``, ``owner_required``, the 2xx checks and ``django_chained.testing``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.signals import setting_changed
from django.db.models import Model, Q, QuerySet
from django.dispatch import receiver

from django_chained.attribution import only_attribution
from django_chained.conf import conf

_M = TypeVar("_M", bound=Model)

#: How many relation hops the audit follows from a model to find the user model.
OWNER_SEARCH_DEPTH = 2


class InvalidOwnerField(ValueError):
    """An ``owner_field`` that does not lead from the model to ``AUTH_USER_MODEL``."""


@dataclass(frozen=True)
class OwnerPath:
    """A validated lookup path such as ``owner`` or ``project__members``."""

    model: type[Model]
    lookup: str
    hops: tuple[Any, ...]
    """The model fields (or reverse relations) the path crosses, in order."""

    many_valued_hops: int
    """How many of the hops are to-many (``ManyToManyField`` or a reverse ``ForeignKey``)."""

    @property
    def direct_foreign_key(self) -> Any | None:
        """The owner field when it is a single forward ``ForeignKey``/``OneToOneField``."""
        hop = self.hops[0]
        if (
            len(self.hops) == 1
            and is_forward_relation(hop)
            and (hop.many_to_one or hop.one_to_one)
        ):
            return hop
        return None

    def owner_value(self, user: Any) -> Any:
        """What the path's last column holds for ``user``: its ``to_field`` (e.g. a username) or its pk."""
        last = self.hops[-1]
        if is_forward_relation(last) and (last.many_to_one or last.one_to_one):
            return owner_key(last, user)
        return user.pk

    @property
    def direct_many_to_many(self) -> Any | None:
        """The owner field when it is a single forward ``ManyToManyField``."""
        hop = self.hops[0]
        if len(self.hops) == 1 and is_forward_relation(hop) and hop.many_to_many:
            return hop
        return None


def is_forward_relation(field: Any) -> bool:
    """A relation declared on this model (FK, one-to-one, many-to-many), not a reverse accessor.

    Not ``field.concrete``: Django 6.0 made ``ManyToManyField.concrete`` False (it has no column).
    """
    return bool(
        field.is_relation
        and not field.auto_created
        and (field.many_to_one or field.one_to_one or field.many_to_many)
    )


def user_model() -> type[Model]:
    """The concrete model behind ``AUTH_USER_MODEL``."""
    model: type[Model] = apps.get_model(settings.AUTH_USER_MODEL)._meta.concrete_model
    return model


def is_user_model(model: Any) -> bool:
    """Whether ``model`` is (a proxy of) ``AUTH_USER_MODEL``."""
    if not (isinstance(model, type) and issubclass(model, Model)):
        return False
    try:
        return model._meta.concrete_model is user_model()
    except LookupError:
        # AUTH_USER_MODEL's app is not installed: no row belongs to a user.
        return False


@functools.lru_cache(maxsize=1024)
def resolve_owner_path(model: type[Model], lookup: str) -> OwnerPath:
    """Validate ``lookup`` on ``model``; raise ``InvalidOwnerField`` saying what is wrong.

    Cached: views resolve the same path on every request (errors are not cached).
    """
    if not lookup:
        raise InvalidOwnerField(
            f"owner_field must be a non-empty string, not {lookup!r}"
        )
    current: Any = model
    hops: list[Any] = []
    for part in lookup.split("__"):
        field = _get_field(current, part)
        if field is None:
            raise InvalidOwnerField(
                f"{current._meta.label} has no field {part!r} (owner_field {lookup!r})"
            )
        if not field.is_relation or field.related_model is None:
            raise InvalidOwnerField(
                f"{current._meta.label}.{part} is not a relation (owner_field {lookup!r})"
            )
        hops.append(field)
        current = field.related_model
    if not is_user_model(current):
        raise InvalidOwnerField(
            f"owner_field {lookup!r} of {model._meta.label} ends at "
            f"{current._meta.label}, not at {settings.AUTH_USER_MODEL}"
        )
    many = sum(1 for hop in hops if hop.many_to_many or hop.one_to_many)
    return OwnerPath(
        model=model, lookup=lookup, hops=tuple(hops), many_valued_hops=many
    )


@receiver(setting_changed)
def _forget_paths(*, setting: str, **kwargs: Any) -> None:
    if setting == "AUTH_USER_MODEL":
        resolve_owner_path.cache_clear()
        owner_paths.cache_clear()


def _get_field(model: Any, name: str) -> Any | None:
    try:
        return model._meta.get_field(name)  # by attname too: "owner_id" is "owner"
    except FieldDoesNotExist:
        return None


def scope_queryset(
    queryset: QuerySet[_M], user: Any, lookup: str, *, superuser_bypass: bool = False
) -> QuerySet[_M]:
    """``queryset`` narrowed to rows ``user`` owns through ``lookup``, in the same one query."""
    if superuser_bypass and getattr(user, "is_superuser", False):
        return queryset
    return scope_to_any_path(queryset, user, (lookup,))


def scope_to_any_path(
    queryset: QuerySet[_M], user: Any, lookups: Sequence[str]
) -> QuerySet[_M]:
    """``queryset`` narrowed to rows ``user`` reaches through at least one of ``lookups``.

    A path without a to-many hop is a plain ``WHERE``.  A to-many hop (a many-to-many, a reverse
    foreign key) yields a row once per link, and a through model without a unique constraint can
    link the same user twice: the rows are then matched by ``pk IN (subquery)``, one row per object
    in one query, and unlike ``DISTINCT`` it keeps ``delete()``, ordering and wide columns working.
    """
    if not (lookups and getattr(user, "is_authenticated", False)):
        return queryset.none()
    paths = [resolve_owner_path(queryset.model, lookup) for lookup in lookups]
    reached = Q()
    for path in paths:
        reached |= Q(**{path.lookup: path.owner_value(user)})
    if not any(path.many_valued_hops for path in paths):
        return queryset.filter(reached)
    matching = queryset.model._base_manager.filter(reached).values("pk")
    return queryset.filter(pk__in=matching)


def owner_key(field: Any, user: Any) -> Any:
    """The value a foreign key to the user model holds for ``user`` (its ``to_field``, usually the pk)."""
    return getattr(user, field.target_field.attname)


def assign_owner_before_save(instance: Model, user: Any, lookup: str) -> None:
    """Set a direct ``ForeignKey`` owner on an unsaved ``instance``; other paths are left alone."""
    field = resolve_owner_path(type(instance), lookup).direct_foreign_key
    if field is not None:
        setattr(instance, field.attname, owner_key(field, user))


def add_owner_after_save(instance: Model, user: Any, lookup: str) -> None:
    """Add ``user`` to a direct ``ManyToManyField`` owner of a saved ``instance``."""
    field = resolve_owner_path(type(instance), lookup).direct_many_to_many
    if field is not None:
        getattr(instance, field.name).add(user.pk)


def _owned_by_setting(model: type[Model]) -> bool:
    labels = {label.lower() for label in conf.CHAINED_OWNER_MODELS}
    return model._meta.label_lower in labels


@functools.lru_cache(maxsize=1024)
def owner_paths(model: type[Model], depth: int = OWNER_SEARCH_DEPTH) -> tuple[str, ...]:
    """Forward ``ForeignKey``/``OneToOne``/``ManyToMany`` paths from ``model`` to the user model."""
    return tuple(sorted(_paths(model, depth, (model,))))


def _paths(model: Any, depth: int, seen: Sequence[Any]) -> Iterator[str]:
    for field in model._meta.get_fields():
        if not (is_forward_relation(field) and field.related_model):
            continue
        target = field.related_model
        if is_user_model(target):
            yield field.name
        elif depth > 1 and target not in seen and not isinstance(target, str):
            for rest in _paths(target, depth - 1, (*seen, target)):
                yield f"{field.name}__{rest}"


def is_owned_model_named(
    class_name: str, depth: int = OWNER_SEARCH_DEPTH
) -> bool | None:
    """Whether installed models called ``class_name`` belong to users: ``None`` when none is installed.

    Several apps may define a model of that name; if any of them is owned, the answer is True.
    """
    named = [m for m in apps.get_models() if m.__name__ == class_name]
    if not named:
        return None
    return any(is_owned_model(model, depth) for model in named)


def is_directly_owned_model_named(class_name: str) -> bool | None:
    """As ``is_owned_model_named``, by a relation of the model's own to the user model (``owner``, ``user``)."""
    return is_owned_model_named(class_name, depth=1)


def is_owned_model(model: type[Model], depth: int = OWNER_SEARCH_DEPTH) -> bool:
    """True when rows of ``model`` belong to users: a relation path to the user model (at most
    ``depth`` hops), or listed in ``CHAINED_OWNER_MODELS``."""
    if _owned_by_setting(model):
        return True
    if is_user_model(model):
        return False
    return bool(owner_paths(model, depth))


def is_attributed_model(model: type[Model]) -> bool:
    """True when ``model``'s only paths to the user model are attribution fields (``created_by``).

    A model listed in ``CHAINED_OWNER_MODELS`` is owned whatever its fields are named.
    """
    if _owned_by_setting(model) or is_user_model(model):
        return False
    return only_attribution(owner_paths(model))


def is_attributed_model_named(class_name: str) -> bool:
    """Whether every owned installed model called ``class_name`` is only attributed, and one is."""
    owned = [
        m for m in apps.get_models() if m.__name__ == class_name and is_owned_model(m)
    ]
    return bool(owned) and all(is_attributed_model(model) for model in owned)
