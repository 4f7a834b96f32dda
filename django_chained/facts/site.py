"""The settings the view rules depend on, read from any settings-like object (live or parsed)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django_chained.facts.views import CsrfSite

CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
XFRAME_MIDDLEWARE = "django.middleware.clickjacking.XFrameOptionsMiddleware"
SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
LOGIN_REQUIRED_MIDDLEWARE = "django.contrib.auth.middleware.LoginRequiredMiddleware"
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


#: Whether the middleware at the first dotted path is a subclass of Django's at the second.
SubclassTest = Callable[[str, str], bool]


def _never(entry: str, django_path: str) -> bool:
    return False


def csrf_site(
    s: Any, allowed: Mapping[str, str], subclass_of: SubclassTest = _never
) -> CsrfSite:
    """``s``'s middleware, and ``allowed`` (``CHAINED_CSRF_EXEMPT_ALLOWED``, read as each entry point reads it).

    A project's subclass of Django's middleware (pretalx's ``CsrfViewMiddleware``) does its job:
    ``subclass_of`` tells, by importing inside Django and by reading the tree's classes in the scan.
    """
    installed = _middleware(s)

    def listed(django_path: str) -> bool:
        return django_path in installed or any(
            subclass_of(entry, django_path) for entry in installed
        )

    return CsrfSite(
        csrf_middleware=listed(CSRF_MIDDLEWARE),
        xframe_middleware=listed(XFRAME_MIDDLEWARE),
        session_authentication=listed(SESSION_MIDDLEWARE)
        and listed(AUTHENTICATION_MIDDLEWARE),
        allowed=dict(allowed),
        login_everywhere=listed(LOGIN_REQUIRED_MIDDLEWARE),
    )
