"""The privileged fields of installed models, for W253 inside Django (the scan reads them from source)."""

from __future__ import annotations

from django.apps import apps

from django_chained.scan.python.privileges import privileged_among


def installed_privileged_fields(class_name: str) -> frozenset[str] | None:
    """The privileged fields of the installed models called ``class_name``; ``None`` when none is installed."""
    named = [m for m in apps.get_models() if m.__name__ == class_name]
    if not named:
        return None
    return frozenset().union(
        *(
            privileged_among(field.name for field in model._meta.get_fields())
            for model in named
        )
    )
