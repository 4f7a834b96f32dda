"""1xx: HTTPS deployment (redirect, HSTS, Secure cookies, proxy settings, middleware order).

Every settings-level rule is a pure function of a settings-like object (``conf.SettingsLike``)
in ``django_chained.checks.https_rules``; the checks registered here are thin wrappers passing
``django.conf.settings``.
``settings_messages(s)`` runs all of those rules against any such object and returns exactly what the
registered checks would report for it, so a scanner that reads a settings module without importing it
(into a ``StaticSettings`` of its literal assignments) emits the same 1xx IDs.
Settings missing from ``s`` fall back to Django's global defaults, ``CHAINED_*`` ones to ours.

Like the registered checks, the rules stay silent where Django's own ``security.*`` checks already
speak (e.g. ``security.W004``/``W008`` with SecurityMiddleware listed), and keep covering redirect and
HSTS when SecurityMiddleware is swapped for ``HttpsMiddleware``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage

from django_chained.checks.https_rules import (
    cookie_messages,
    forwarded_host_messages,
    middleware_order_messages,
    proxy_ssl_header_messages,
    redirect_and_hsts_messages,
    redirect_settings_messages,
    trusted_origins_messages,
)
from django_chained.checks.registry import Registration, always, deploy
from django_chained.conf import SettingsLike

SETTINGS_RULES = (
    redirect_and_hsts_messages,
    cookie_messages,
    trusted_origins_messages,
    forwarded_host_messages,
    proxy_ssl_header_messages,
    redirect_settings_messages,
    middleware_order_messages,
)


def settings_messages(s: SettingsLike) -> list[CheckMessage]:
    """Every settings-level 1xx message for the settings-like object ``s``."""
    return [message for rule in SETTINGS_RULES for message in rule(s)]


def check_https_redirect_and_hsts(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags a missing HTTPS redirect or weak HSTS, which leave first visits open to SSL stripping."""
    return redirect_and_hsts_messages(settings)


def check_https_cookies(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags cookies that travel over plain HTTP or that browsers drop (SameSite=None without Secure)."""
    return cookie_messages(settings)


def check_csrf_trusted_origins_https(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags http:// CSRF trusted origins, whose pages an on-path attacker can rewrite."""
    return trusted_origins_messages(settings)


def check_forwarded_host(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags USE_X_FORWARDED_HOST, which lets a client header pick the host used in redirects and links."""
    return forwarded_host_messages(settings)


def check_proxy_ssl_header(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags a malformed SECURE_PROXY_SSL_HEADER, which raises per request or never detects HTTPS."""
    return proxy_ssl_header_messages(settings)


def check_redirect_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags a SECURE_REDIRECT_EXEMPT or SECURE_SSL_HOST that breaks start-up or every HTTPS redirect."""
    return redirect_settings_messages(settings)


def check_https_middleware_order(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags HttpsMiddleware placed where another middleware can answer or set cookies before it."""
    return middleware_order_messages(settings)


REGISTRY: tuple[Registration, ...] = (
    deploy(check_https_redirect_and_hsts),
    deploy(check_https_cookies),
    deploy(check_csrf_trusted_origins_https),
    deploy(check_forwarded_host),
    always(check_proxy_ssl_header),
    always(check_redirect_settings),
    deploy(check_https_middleware_order),
)
