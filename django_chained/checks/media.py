from __future__ import annotations

from django_chained.checks.registry import Registration

REGISTRY: tuple[Registration, ...] = ()
