from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.core.checks import CheckMessage

CheckFunction = Callable[..., list[CheckMessage]]

#: The tag on every django-chained check: ``manage.py check --tag django_chained``. Never Django's
#: ``security`` tag, so ``check --deploy --tag security`` still runs exactly Django's own security checks.
TAG = "django_chained"


class Registration(NamedTuple):
    """One check function and how ``AppConfig.ready()`` registers it."""

    check: CheckFunction
    tags: tuple[str, ...]
    deploy: bool


def deploy(check: CheckFunction, *extra_tags: str) -> Registration:
    """A deployment check: runs under ``check --deploy``."""
    return Registration(check, (TAG, *extra_tags), True)


def always(check: CheckFunction, *extra_tags: str) -> Registration:
    """A check that runs on every management command (configuration mistakes)."""
    return Registration(check, (TAG, *extra_tags), False)


def every_registration() -> tuple[Registration, ...]:
    """Every check of every concern, in the order ``ready()`` registers them."""
    from django_chained.checks import (
        authorization,
        code_rules,
        config,
        csrf,
        https,
        media,
        sql,
        versions,
        xss,
    )

    return (
        *config.REGISTRY,
        *https.REGISTRY,
        *authorization.REGISTRY,
        *xss.REGISTRY,
        *sql.REGISTRY,
        *csrf.REGISTRY,
        *media.REGISTRY,
        *versions.REGISTRY,
        *code_rules.REGISTRY,
    )
