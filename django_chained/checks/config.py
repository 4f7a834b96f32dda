"""0xx: django-chained's own ``CHAINED_*`` settings are valid.

The rules take any settings-like object: ``manage.py check`` passes ``django.conf.settings`` and the
standalone scan a settings module read from source, so both report the same IDs for the same value.
"""

from __future__ import annotations

import difflib
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from django_chained.checks.registry import Registration, always
from django_chained.conf import SPECS, SettingsLike


def e001_bad_type(*, name: str, detail: str, value: object) -> Error:
    return Error(
        f"{name} {detail}; got {type(value).__name__} {value!r:.60}.",
        hint=f"Fix {name} in your settings, or delete it to use the default {SPECS[name].default!r:.60}.",
        id="django_chained.E001",
    )


def e002_bad_value(*, name: str, detail: str, value: object) -> Error:
    return Error(
        f"{name} {detail}; got {value!r:.60}.",
        hint=f"Fix {name} in your settings, or delete it to use the default {SPECS[name].default!r:.60}.",
        id="django_chained.E002",
    )


def w003_unknown_setting(*, name: str) -> Warning:
    close = difflib.get_close_matches(name, SPECS, n=1)
    hint = (
        f"Did you mean {close[0]}?"
        if close
        else "Remove it; django-chained does not read it."
    )
    return Warning(
        f"{name} is not a django-chained setting.", hint=hint, id="django_chained.W003"
    )


def _chained_names(s: SettingsLike) -> list[str]:
    # Only the names ``s`` defines are read: a static scan skips a rule that reads a run-time value.
    # A set: ``override_settings`` lists a name it overrides twice (its own and the one beneath).
    return sorted({name for name in dir(s) if name.startswith("CHAINED_")})


def invalid_setting_messages(s: SettingsLike) -> list[CheckMessage]:
    """E001/E002 for each ``CHAINED_*`` setting of ``s`` of the wrong type or value."""
    errors: list[CheckMessage] = []
    for name in _chained_names(s):
        spec = SPECS.get(name)
        if spec is None:
            continue
        value = getattr(s, name)
        problem = spec.validate(value)
        if problem is None:
            continue
        factory = e001_bad_type if problem.kind == "type" else e002_bad_value
        errors.append(factory(name=name, detail=problem.detail, value=value))
    return errors


def unknown_setting_messages(s: SettingsLike) -> list[CheckMessage]:
    """W003 for each ``CHAINED_*`` name of ``s`` django-chained does not know."""
    return [
        w003_unknown_setting(name=name)
        for name in _chained_names(s)
        if name not in SPECS
    ]


#: Run by the standalone scan on each settings module it reads (``sourcetree.settings_rules``).
SETTINGS_RULES = (invalid_setting_messages, unknown_setting_messages)


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags ``CHAINED_*`` settings of the wrong type or value, which would otherwise be ignored."""
    return invalid_setting_messages(settings)


def check_unknown_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags ``CHAINED_*`` names django-chained does not know, usually a typo that silently does nothing."""
    return unknown_setting_messages(settings)


REGISTRY: tuple[Registration, ...] = (
    always(check_settings),
    always(check_unknown_settings),
)
