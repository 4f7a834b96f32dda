"""0xx: django-chained's own ``CHAINED_*`` settings are valid."""

from __future__ import annotations

import difflib
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning

from django_chained.checks.registry import Registration, always
from django_chained.conf import SPECS


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


def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags ``CHAINED_*`` settings of the wrong type or value, which would otherwise be ignored."""
    errors: list[CheckMessage] = []
    for name, spec in SPECS.items():
        if not hasattr(settings, name):
            continue
        value = getattr(settings, name)
        problem = spec.validate(value)
        if problem is None:
            continue
        factory = e001_bad_type if problem.kind == "type" else e002_bad_value
        errors.append(factory(name=name, detail=problem.detail, value=value))
    return errors


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


def check_unknown_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags ``CHAINED_*`` names django-chained does not know, usually a typo that silently does nothing."""
    return [
        w003_unknown_setting(name=name)
        for name in dir(settings)
        if name.startswith("CHAINED_") and name not in SPECS
    ]


REGISTRY: tuple[Registration, ...] = (
    always(check_settings),
    always(check_unknown_settings),
)
