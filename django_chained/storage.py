"""Storage that never keeps the uploader's file name: random, unguessable names for any backend.

``RandomFilenameMixin`` goes first in the bases of any ``Storage`` subclass
(``class MediaStorage(RandomFilenameMixin, S3Storage)``); ``RandomFileSystemStorage`` is the ready local one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible

from django_chained import filenames
from django_chained.conf import conf

# Validating and normalising the setting costs more than the rest of the naming: do it once per value.
_active_cache: list[frozenset[str]] = []


def _active_extensions() -> frozenset[str]:
    if not _active_cache:
        _active_cache.append(
            filenames.normalise_extensions(conf.CHAINED_ACTIVE_EXTENSIONS)
        )
    return _active_cache[0]


@receiver(setting_changed)
def _forget_active_extensions(*, setting: str, **kwargs: Any) -> None:
    if setting == "CHAINED_ACTIVE_EXTENSIONS":
        _active_cache.clear()


if TYPE_CHECKING:
    _StorageBase = Storage
else:
    _StorageBase = object


class RandomFilenameMixin(_StorageBase):
    """Names every saved file ``<upload_to dir>/<random base32 stem><safe extension>``.

    The stem has at least 128 bits from ``secrets``; the original name leaves no trace;
    active-content extensions (``CHAINED_ACTIVE_EXTENSIONS``) become ``neutral_extension``.
    """

    #: Replaces an active-content extension (``.html``, ``.svg`` …).
    neutral_extension: str = filenames.NEUTRAL_EXTENSION
    #: Ask the backend ``exists()`` before each save. Off: a 128-bit name does not collide in practice,
    #: and ``FileSystemStorage`` refuses to overwrite anyway (``O_EXCL``). Turn on for a backend that
    #: silently overwrites if you want the belt with the braces; it costs one round trip per save.
    probe_existing: bool = False
    #: Names tried per save when ``probe_existing`` finds them taken, before giving up.
    max_attempts: int = 8

    def get_active_extensions(self) -> frozenset[str]:
        """Extensions that must not be stored as they are; ``CHAINED_ACTIVE_EXTENSIONS`` by default."""
        return _active_extensions()

    def get_safe_extension(self, filename: str) -> str:
        """The lower-cased extension of ``filename``, or ``neutral_extension`` when it is active or odd."""
        return filenames.safe_extension(
            filename, self.get_active_extensions(), self.neutral_extension
        )

    def get_valid_name(self, name: str) -> str:
        """A random file name with ``name``'s safe extension (Django's hook for the basename)."""
        return filenames.random_name(
            "", self.get_safe_extension(name), filenames.DEFAULT_STEM_LENGTH
        )

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        """A fresh random name in ``name``'s directory that fits ``max_length``."""
        directory, filename = filenames.split_directory(name)
        extension = self.get_safe_extension(filename)
        previous_stem = filename.rpartition(".")[0] or filename
        length = filenames.stem_length_for(
            directory, extension, max_length, previous=previous_stem
        )
        for _ in range(self.max_attempts):
            candidate = filenames.random_name(directory, extension, length)
            if not self.probe_existing or not self.exists(candidate):
                return candidate
        raise SuspiciousFileOperation(
            f"{self.max_attempts} random names under {directory!r} were all taken; "
            "the storage's exists() looks broken."
        )


@deconstructible(path="django_chained.storage.RandomFileSystemStorage")
class RandomFileSystemStorage(RandomFilenameMixin, FileSystemStorage):
    """``FileSystemStorage`` with random, unguessable names and neutralised active extensions."""
