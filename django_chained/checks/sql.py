"""4xx: SQL injection, found by the scan engine in first-party code (``django_chained.scan.python.sql``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage

from django_chained.checks.registry import Registration, deploy
from django_chained.scan.project import scan_messages


def check_sql_injection(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags raw SQL (execute, raw, extra, RawSQL) built from values by formatting, which lets input rewrite the query."""
    return scan_messages(4)


REGISTRY: tuple[Registration, ...] = (deploy(check_sql_injection),)
