"""The text report's groups: the seven concerns the catalogue names, then everything else."""

from __future__ import annotations

from django_chained.rules.catalogue import CONCERNS as CATALOGUE_CONCERNS

#: The seven concerns by the hundreds digit of an ID (0xx, our own settings and leaks, is none of them).
CONCERNS: dict[int, str] = {n: name for n, name in CATALOGUE_CONCERNS.items() if n}

#: The group for django-chained's own settings (0xx) and other apps' IDs, e.g. Django's ``security.*``.
OTHER = "Other checks"


def concern_title(concern: int | None) -> str:
    return f"{CONCERNS[concern]} ({concern}xx)" if concern in CONCERNS else OTHER
