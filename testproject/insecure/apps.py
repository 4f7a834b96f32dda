from __future__ import annotations

from django.apps import AppConfig


class InsecureConfig(AppConfig):
    """Vulnerable by design: one realistic example of each concern for django-chained to find."""

    name = "insecure"
    default_auto_field = "django.db.models.BigAutoField"
