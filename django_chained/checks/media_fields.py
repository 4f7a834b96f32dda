"""6xx, model level: file fields whose uploads are public under a name someone can guess."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage, Storage, default_storage

from django_chained.facts.files import (
    DERIVED_NAME,
    ORIGINAL_NAME,
    RANDOM_NAME,
    FileField,
)
from django_chained.facts.place import place_of
from django_chained.judgement.media import judge_file_field
from django_chained.storage import RandomFilenameMixin

if TYPE_CHECKING:
    from django.db import models

#: django-random-filestorage's class, recognised by its dotted path so the package need not be installed.
LEGACY_RANDOM_STORAGE = "randomfilestorage.storage.RandomFileSystemStorage"
_PROBE_STEM = "chainedprobeq7x"
_STRFTIME = re.compile(r"%[-_0^#]?[aAbBcdDeFgGhHIjmMpsSuUVwWxXyYzZ]")


def e611_legacy_random_storage(*, obj: object) -> Error:
    return Error(
        f"{LEGACY_RANDOM_STORAGE} (django-random-filestorage) fails every save on this Django.",
        hint=(
            "Its get_available_name() lacks max_length; switch to "
            "django_chained.storage.RandomFileSystemStorage and run makemigrations."
        ),
        obj=obj,
        id="django_chained.E611",
    )


def is_legacy_random_storage(storage: object) -> bool:
    """Whether ``storage`` is (a subclass of) django-random-filestorage's broken class."""
    return any(
        f"{cls.__module__}.{cls.__qualname__}" == LEGACY_RANDOM_STORAGE
        for cls in storage.__class__.__mro__
    )


def names_randomly(storage: Storage) -> bool:
    """Whether ``RandomFilenameMixin`` really names the storage's files.

    ``class S(FileSystemStorage, RandomFilenameMixin)`` is an instance of the mixin whose naming
    methods are never called: ``Storage``'s come first in its MRO.
    """
    cls = storage.__class__  # not type(): the default storage is a LazyObject
    for hook in ("get_valid_name", "get_available_name"):
        owner = next((klass for klass in cls.__mro__ if hook in vars(klass)), object)
        if not issubclass(owner, RandomFilenameMixin):
            return False
    return True


def public_exposure(storage: Storage) -> str | None:
    """How the storage's files are reachable without a signed URL, or ``None`` when they are not (or unknown).

    Reads attribute names only (FileSystemStorage's ``base_url``, django-storages' ``querystring_auth``,
    ``default_acl``, ``custom_domain``): never the network.
    """
    if isinstance(storage, FileSystemStorage):
        # An unset MEDIA_URL ("") reads back as the script prefix "/": nothing serves it.
        base_url = storage.base_url
        return f"under MEDIA_URL {base_url!r}" if base_url not in ("", "/") else None
    acl = getattr(storage, "default_acl", None)
    if acl and "public" in str(acl).lower():
        return f"with the ACL {acl!r}"
    if getattr(storage, "querystring_auth", None) is False:
        return "without query-string auth"
    if getattr(storage, "custom_domain", None) and not getattr(
        storage, "cloudfront_signer", None
    ):
        return "through the unsigned custom domain"
    return None


class _StandIn:
    """Any attribute, item or call of it is itself; as text it is ``"1"``: an unsaved row's missing relation."""

    def __getattr__(self, name: str) -> _StandIn:
        return self

    def __getitem__(self, key: object) -> _StandIn:
        return self

    def __call__(self, *args: object, **kwargs: object) -> _StandIn:
        return self

    def __str__(self) -> str:
        return "1"

    def __format__(self, spec: str) -> str:
        return "1"

    def __int__(self) -> int:
        return 1

    def __index__(self) -> int:
        return 1


class _ProbeInstance:
    """An unsaved instance whose attributes that raise (``instance.user`` with no user) read as a ``_StandIn``."""

    def __init__(self, instance: models.Model) -> None:
        self._instance = instance

    def __getattr__(self, name: str) -> object:
        try:
            return getattr(self._instance, name)
        except Exception:
            return _StandIn()


def probe_upload_to(field: models.FileField) -> tuple[str, str] | None:
    """``upload_to``'s result for an unsaved instance and a probe name, twice; ``None`` if it fails.

    Django's own example, ``f"user_{instance.user.id}/{filename}"``, raises on an unsaved instance
    without a user: it is retried with the missing relations standing in.
    """
    upload_to = cast("Callable[[object, str], object]", field.upload_to)
    try:
        instance = field.model()
    except Exception:  # a model whose __init__ needs arguments stays unjudged
        return None
    for probe in (instance, _ProbeInstance(instance)):
        try:
            first = upload_to(probe, f"{_PROBE_STEM}.txt")
            second = upload_to(probe, f"{_PROBE_STEM}.txt")
        except Exception:  # user code; an upload_to that cannot run here stays unjudged
            continue
        return str(first), str(second)
    return None


def guessable_pattern(field: models.FileField) -> tuple[bool, str] | None:
    """``(embeds the original name, example name)`` when ``upload_to`` makes names guessable, else ``None``."""
    if not callable(field.upload_to):
        # A string upload_to is a directory: Django appends the uploader's file name.
        return True, f"{field.upload_to}{_PROBE_STEM}.txt"
    results = probe_upload_to(field)
    if results is None:
        return None
    first, second = results
    if _PROBE_STEM in first.lower():
        return True, first
    if (
        first == second
    ):  # the same instance always gets the same name: derived, not random
        return False, first
    return None


def is_dated(field: models.FileField, example: str) -> bool:
    """Whether ``upload_to`` files uploads into date folders (``%Y/%m/`` or today's year)."""
    if callable(field.upload_to):
        return str(datetime.date.today().year) in example
    return bool(_STRFTIME.search(str(field.upload_to)))


def file_fields(
    model_classes: Iterable[type[models.Model]],
) -> Iterator[models.FileField]:
    """Every ``FileField``/``ImageField`` declared on (or inherited into) a concrete model."""
    # Imported here: the standalone scan loads this module (through the media settings rules), never models.
    from django.db.models import FileField as ModelFileField

    for model in model_classes:
        for field in model._meta.local_fields:
            if isinstance(field, ModelFileField):
                yield field


def resolved_storage(field: models.FileField) -> Storage | None:
    """The field's storage, or ``None`` when the default one cannot even load (Django reports that)."""
    try:
        field.storage.__class__  # noqa: B018 - evaluates the lazy default storage
    except Exception:
        return None
    return field.storage


def file_field_facts(field: models.FileField) -> FileField | None:
    """What the 6xx judgement needs about a live field; ``None`` when its storage cannot load or is
    django-random-filestorage's (E611 says that once; its names would be random if it worked)."""
    storage = resolved_storage(field)
    if storage is None or is_legacy_random_storage(storage):
        return None
    misordered = isinstance(storage, RandomFilenameMixin)
    if names_randomly(storage):
        naming: str | None = RANDOM_NAME
        exposure, pattern = public_exposure(storage), None
    else:
        exposure = public_exposure(storage)
        pattern = guessable_pattern(field) if exposure else None
        naming = (
            None if pattern is None else ORIGINAL_NAME if pattern[0] else DERIVED_NAME
        )
    example = pattern[1] if pattern else ""
    return FileField(
        label=str(field),
        place=place_of(field),
        exposure=exposure,
        naming=naming,
        example=example,
        dated=bool(pattern) and is_dated(field, example),
        mixin_misordered=misordered,
    )


def public_name_messages(
    model_classes: Iterable[type[models.Model]],
) -> list[CheckMessage]:
    """W601/W602 for file fields that are public under the uploader's name or a guessable one."""
    judged = (
        judge_file_field(facts)
        for field in file_fields(model_classes)
        if (facts := file_field_facts(field)) is not None
    )
    return [message for message in judged if message is not None]


def legacy_storage_messages(
    model_classes: Iterable[type[models.Model]],
) -> list[CheckMessage]:
    """E611 for each field that names django-random-filestorage explicitly.

    A default storage of that class is reported once, from ``STORAGES``, not once per field.
    """
    return [
        e611_legacy_random_storage(obj=field)
        for field in file_fields(model_classes)
        if field.storage is not default_storage
        and is_legacy_random_storage(field.storage)
    ]


def models_of(app_configs: Any) -> list[type[models.Model]]:
    """Every model of ``app_configs``, or of every installed app when ``None``."""
    if app_configs is None:
        return list(apps.get_models())
    return [model for config in app_configs for model in config.get_models()]


def check_file_fields(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags file fields whose uploads are public under the uploader's name or a guessable pattern."""
    return public_name_messages(models_of(app_configs))


def check_legacy_field_storage(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags file fields on django-random-filestorage, whose every save raises TypeError on current Django."""
    return legacy_storage_messages(models_of(app_configs))
