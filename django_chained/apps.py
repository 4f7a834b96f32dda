from __future__ import annotations

from django.apps import AppConfig
from django.core import checks


class DjangoChainedAppConfig(AppConfig):
    """Registers django-chained's system checks when the app is installed."""

    name = "django_chained"
    verbose_name = "django-chained"
    default = True

    def ready(self) -> None:
        from django_chained.checks import REGISTRY

        for entry in REGISTRY:
            checks.register(entry.check, *entry.tags, deploy=entry.deploy)
