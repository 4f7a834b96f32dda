"""The settings the view rules depend on, read from any settings-like object (live or parsed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django_chained.facts.views import CsrfSite

CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
XFRAME_MIDDLEWARE = "django.middleware.clickjacking.XFrameOptionsMiddleware"
SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


def installed_apps(s: Any) -> list[str]:
    """``INSTALLED_APPS`` as a list of names; another type reads as none."""
    value = getattr(s, "INSTALLED_APPS", None)
    if not isinstance(value, (list, tuple)):
        return []
    return [entry for entry in value if isinstance(entry, str)]


def _middleware(s: Any) -> list[str]:
    value = getattr(s, "MIDDLEWARE", None)
    if not isinstance(value, (list, tuple)):
        return []
    return [entry for entry in value if isinstance(entry, str)]


def csrf_site(s: Any, allowed: Mapping[str, str]) -> CsrfSite:
    """``s``'s middleware, and ``allowed`` (``CHAINED_CSRF_EXEMPT_ALLOWED``, read as each entry point reads it)."""
    installed = _middleware(s)
    return CsrfSite(
        csrf_middleware=CSRF_MIDDLEWARE in installed,
        xframe_middleware=XFRAME_MIDDLEWARE in installed,
        session_authentication=SESSION_MIDDLEWARE in installed
        and AUTHENTICATION_MIDDLEWARE in installed,
        allowed=dict(allowed),
    )
