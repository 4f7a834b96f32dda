"""3xx: XSS, found by the scan engine in first-party Python code and templates."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage

from django_chained.checks.registry import Registration, deploy
from django_chained.scan.project import scan_messages


def check_xss(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags markup marked safe or sent as HTML without escaping, in code and templates, where input becomes script."""
    return scan_messages(3)


REGISTRY: tuple[Registration, ...] = (deploy(check_xss),)
