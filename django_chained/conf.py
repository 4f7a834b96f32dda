"""Typed, lazy access to django-chained's ``CHAINED_*`` settings.

Django's own knobs (``SECURE_HSTS_SECONDS``, ``SECURE_SSL_REDIRECT`` …) are read from
``django.conf.settings`` directly and never twinned here.
A value that fails validation reads as the default, so a bad setting never raises at import or
request time; ``django_chained.E001``/``E002`` report it instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.conf import settings

from django_chained import settings_spec as v
from django_chained.active_content import default_active_extensions
from django_chained.settings_spec import SettingsLike, SettingSpec

__all__ = ["SPECS", "Settings", "SettingsLike", "conf", "read"]

# Extensions a browser renders or runs as active content from your origin, or that a server executes:
# decided from what the MIME tables map them to (``django_chained.active_content`` says which tables).
ACTIVE_CONTENT_EXTENSIONS: tuple[str, ...] = default_active_extensions()

SPECS: dict[str, SettingSpec] = {
    spec.name: spec
    for spec in (
        # 1xx HTTPS
        SettingSpec("CHAINED_SECURE_ALL_COOKIES", True, v.is_bool),
        SettingSpec("CHAINED_HSTS_MIN_SECONDS", 31_536_000, v.positive_int),
        SettingSpec("CHAINED_TLS_TERMINATED_UPSTREAM", False, v.is_bool),
        # 2xx authorization
        SettingSpec("CHAINED_AUTHZ_EXEMPT_VIEWS", {}, v.reason_map),
        SettingSpec("CHAINED_OWNER_MODELS", (), v.str_sequence),
        # scan engine (3xx, 4xx, 5xx and the code-level rules)
        SettingSpec("CHAINED_SCAN_PATHS", (), v.path_sequence),
        SettingSpec("CHAINED_SCAN_EXCLUDE", (), v.path_sequence),
        SettingSpec("CHAINED_SCAN_MAX_BYTES", 1_000_000, v.positive_int),
        SettingSpec("CHAINED_CACHE_DIR", None, v.optional_path),
        # 5xx CSRF and clickjacking
        SettingSpec("CHAINED_CSRF_EXEMPT_ALLOWED", {}, v.reason_map),
        # 6xx media
        SettingSpec(
            "CHAINED_ACTIVE_EXTENSIONS", ACTIVE_CONTENT_EXTENSIONS, v.str_sequence
        ),
        # 7xx outdated Django
        SettingSpec("CHAINED_EOL_WARNING_DAYS", 90, v.non_negative_int),
        SettingSpec("CHAINED_DATA_MAX_AGE_DAYS", 180, v.positive_int),
        SettingSpec("CHAINED_ADVISORY_PATHS", (), v.path_sequence),
        # reports
        SettingSpec("CHAINED_ACCEPTED_RISKS", {}, v.nested_reason_map),
    )
}


def read(name: str, source: SettingsLike = settings) -> Any:
    """The setting's value in ``source``, or its default when unset or invalid.

    The one way django-chained reads a ``CHAINED_*`` setting: inside Django and in the standalone scan.
    """
    spec = SPECS[name]
    value = getattr(source, name, spec.default)
    return value if spec.validate(value) is None else spec.default


def _fspaths(value: Any) -> tuple[str, ...]:
    """Path settings as strings: ``BASE_DIR / "x"`` entries are accepted and read as ``str``."""
    return tuple(os.fspath(item) for item in value)


class Settings:
    """Typed access to each ``CHAINED_*`` setting of ``source``, read at call time (``override_settings``-safe).

    ``conf`` reads ``django.conf.settings``; ``Settings(static)`` reads a settings module read from source.
    """

    def __init__(self, source: SettingsLike = settings) -> None:
        self._source = source

    @property
    def CHAINED_SECURE_ALL_COOKIES(self) -> bool:
        return cast(bool, read("CHAINED_SECURE_ALL_COOKIES", self._source))

    @property
    def CHAINED_HSTS_MIN_SECONDS(self) -> int:
        return cast(int, read("CHAINED_HSTS_MIN_SECONDS", self._source))

    @property
    def CHAINED_TLS_TERMINATED_UPSTREAM(self) -> bool:
        return cast(bool, read("CHAINED_TLS_TERMINATED_UPSTREAM", self._source))

    @property
    def CHAINED_AUTHZ_EXEMPT_VIEWS(self) -> Mapping[str, str]:
        return cast(
            "Mapping[str, str]", read("CHAINED_AUTHZ_EXEMPT_VIEWS", self._source)
        )

    @property
    def CHAINED_OWNER_MODELS(self) -> Sequence[str]:
        return cast("Sequence[str]", read("CHAINED_OWNER_MODELS", self._source))

    @property
    def CHAINED_SCAN_PATHS(self) -> Sequence[str]:
        return _fspaths(read("CHAINED_SCAN_PATHS", self._source))

    @property
    def CHAINED_SCAN_EXCLUDE(self) -> Sequence[str]:
        return _fspaths(read("CHAINED_SCAN_EXCLUDE", self._source))

    @property
    def CHAINED_SCAN_MAX_BYTES(self) -> int:
        return cast(int, read("CHAINED_SCAN_MAX_BYTES", self._source))

    @property
    def CHAINED_CACHE_DIR(self) -> str | None:
        value = read("CHAINED_CACHE_DIR", self._source)
        return None if value is None else os.fspath(value)

    @property
    def CHAINED_CSRF_EXEMPT_ALLOWED(self) -> Mapping[str, str]:
        return cast(
            "Mapping[str, str]", read("CHAINED_CSRF_EXEMPT_ALLOWED", self._source)
        )

    @property
    def CHAINED_ACTIVE_EXTENSIONS(self) -> Sequence[str]:
        return cast("Sequence[str]", read("CHAINED_ACTIVE_EXTENSIONS", self._source))

    @property
    def CHAINED_EOL_WARNING_DAYS(self) -> int:
        return cast(int, read("CHAINED_EOL_WARNING_DAYS", self._source))

    @property
    def CHAINED_DATA_MAX_AGE_DAYS(self) -> int:
        return cast(int, read("CHAINED_DATA_MAX_AGE_DAYS", self._source))

    @property
    def CHAINED_ADVISORY_PATHS(self) -> Sequence[str]:
        return _fspaths(read("CHAINED_ADVISORY_PATHS", self._source))

    @property
    def CHAINED_ACCEPTED_RISKS(self) -> Mapping[str, Mapping[str, str]]:
        return cast(
            "Mapping[str, Mapping[str, str]]",
            read("CHAINED_ACCEPTED_RISKS", self._source),
        )


conf = Settings()
