"""CSRF and clickjacking (5xx): csrf_exempt and xframe_options_exempt views, and the settings Django does not check.

The settings rules are pure functions over a settings-like object (``settings_messages``), shared with
the standalone scanner; the view inventories need the running project's URLconf.
The template rule (a POST form without ``{% csrf_token %}``) runs in the scan engine (``django_chained.scan``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage

from django_chained.checks.csrf_settings import settings_messages
from django_chained.checks.csrf_views import (
    check_csrf_exempt_views,
    check_xframe_exempt_views,
)
from django_chained.checks.registry import Registration, deploy
from django_chained.scan.project import scan_messages

__all__ = [
    "REGISTRY",
    "check_csrf_exempt_views",
    "check_csrf_settings",
    "check_csrf_templates",
    "check_xframe_exempt_views",
    "settings_messages",
]


def check_csrf_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags CSRF/clickjacking settings that break or silently weaken protection."""
    return settings_messages(settings)


def check_csrf_templates(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags POST forms without {% csrf_token %}: they fail with 403, or their view was made csrf_exempt."""
    return scan_messages(5)


REGISTRY: tuple[Registration, ...] = (
    deploy(check_csrf_settings),
    deploy(check_csrf_exempt_views),
    deploy(check_xframe_exempt_views),
    deploy(check_csrf_templates),
)
