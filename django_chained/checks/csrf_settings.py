"""CSRF and clickjacking settings rules (5xx), as pure functions over any settings-like object.

The standalone scanner reads settings statically and calls ``settings_messages`` with its own object,
so nothing here imports project code or reads ``django.conf.settings``; a missing setting reads as
Django's default. Django's own ``security.W003`` (no ``CsrfViewMiddleware``), ``W002`` (no
``XFrameOptionsMiddleware``) and ``W016``/``W019`` are not repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.checks import CheckMessage, Error, Info, Warning

# Re-exported: the 5xx view checks and the standalone twins read MIDDLEWARE the same way.
from django_chained.checks.https_rules import CSRF_MIDDLEWARE as CSRF_MIDDLEWARE
from django_chained.checks.https_rules import SESSION_MIDDLEWARE as SESSION_MIDDLEWARE
from django_chained.checks.https_rules import middleware as middleware

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
XFRAME_MIDDLEWARE = "django.middleware.clickjacking.XFrameOptionsMiddleware"

# Suffixes under which anyone can get a host name: a wildcard below one trusts strangers.
SHARED_SUFFIXES = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp", "co.in",
        "com.br", "com.cn", "co.za", "com.mx", "com.tr",
        "herokuapp.com", "appspot.com", "azurewebsites.net", "cloudfront.net", "amazonaws.com",
        "elasticbeanstalk.com", "github.io", "gitlab.io", "netlify.app", "vercel.app", "pages.dev",
        "workers.dev", "onrender.com", "fly.dev", "pythonanywhere.com", "ngrok.io", "ngrok-free.app",
        "web.app", "firebaseapp.com", "up.railway.app", "ondigitalocean.app",
    }
)  # fmt: skip


def session_authentication_active(s: Any) -> bool:
    """Requests carry the logged-in user from the session cookie."""
    installed = middleware(s)
    return SESSION_MIDDLEWARE in installed and AUTHENTICATION_MIDDLEWARE in installed


def e510_csrf_sessions_order(*, problem: str) -> Error:
    return Error(
        f"CSRF_USE_SESSIONS is True but {problem}: every request fails with ImproperlyConfigured.",
        hint=f"Put {SESSION_MIDDLEWARE} before {CSRF_MIDDLEWARE} in MIDDLEWARE.",
        id="django_chained.E510",
    )


def w511_trusted_origin_wildcard(*, origin: str, why: str) -> Warning:
    return Warning(
        f"CSRF_TRUSTED_ORIGINS entry {origin!r} {why}.",
        hint="List exact origins, or a wildcard only below a domain you control (https://*.example.com).",
        id="django_chained.W511",
    )


def w512_x_frame_options_invalid(*, value: object) -> Warning:
    return Warning(
        f"X_FRAME_OPTIONS = {value!r} is not a value browsers honour, so every page can be framed.",
        hint='Set X_FRAME_OPTIONS = "DENY" (or "SAMEORIGIN" if the site frames itself).',
        id="django_chained.W512",
    )


I513 = Info(
    "CSRF_COOKIE_HTTPONLY = True adds no protection: the token is in every form and page anyway.",
    hint="Remove CSRF_COOKIE_HTTPONLY, or use CSRF_USE_SESSIONS = True to keep the token out of cookies.",
    id="django_chained.I513",
)


def w514_session_cookie_cross_site(*, value: object) -> Warning:
    return Warning(
        f"SESSION_COOKIE_SAMESITE = {value!r}: the session cookie rides along on cross-site requests.",
        hint="Set SESSION_COOKIE_SAMESITE = \"Lax\" (Django's default) unless the site must work inside other sites' frames.",
        id="django_chained.W514",
    )


def e515_samesite_invalid(*, setting: str, value: object) -> Error:
    return Error(
        f"{setting} = {value!r} is not 'Lax', 'Strict', 'None' or None: setting the cookie raises ValueError.",
        hint=f'Set {setting} = "Lax".',
        id="django_chained.E515",
    )


def check_csrf_sessions_order(s: Any) -> list[CheckMessage]:
    installed = middleware(s)
    if not getattr(s, "CSRF_USE_SESSIONS", False) or CSRF_MIDDLEWARE not in installed:
        return []
    if SESSION_MIDDLEWARE not in installed:
        return [
            e510_csrf_sessions_order(problem="SessionMiddleware is not in MIDDLEWARE")
        ]
    if installed.index(SESSION_MIDDLEWARE) > installed.index(CSRF_MIDDLEWARE):
        return [
            e510_csrf_sessions_order(
                problem="SessionMiddleware comes after CsrfViewMiddleware"
            )
        ]
    return []


def wildcard_problem(origin: str) -> str | None:
    """Why a ``CSRF_TRUSTED_ORIGINS`` wildcard trusts sites nobody controls, or ``None``."""
    if "*" not in origin or "://" not in origin:
        return None  # no wildcard, or no scheme (Django's 4_0.E001)
    try:
        host = urlsplit(origin).hostname or ""
    except ValueError:
        return None
    if not host.startswith("*"):
        return None  # Django only honours a leading wildcard
    suffix = host.lstrip("*").strip(".")
    if not suffix:
        return "is a bare wildcard: it reads as 'trust every site', and Django matches no host with it"
    if "." not in suffix:
        return f"trusts every site under .{suffix}"
    if suffix in SHARED_SUFFIXES:
        return f"trusts every site under .{suffix}, where anyone can get a host name"
    return None


def check_trusted_origin_wildcards(s: Any) -> list[CheckMessage]:
    origins = getattr(s, "CSRF_TRUSTED_ORIGINS", [])
    if not isinstance(origins, (list, tuple)):
        return []
    messages: list[CheckMessage] = []
    for origin in origins:
        why = wildcard_problem(origin) if isinstance(origin, str) else None
        if why is not None:
            messages.append(w511_trusted_origin_wildcard(origin=origin, why=why))
    return messages


def check_x_frame_options_value(s: Any) -> list[CheckMessage]:
    if XFRAME_MIDDLEWARE not in middleware(s):
        return []  # Django's security.W002 reports the missing middleware
    value = getattr(s, "X_FRAME_OPTIONS", "DENY")
    if isinstance(value, str) and value.strip().upper() in ("DENY", "SAMEORIGIN"):
        return []
    return [w512_x_frame_options_invalid(value=value)]


def check_csrf_cookie_httponly(s: Any) -> list[CheckMessage]:
    if getattr(s, "CSRF_COOKIE_HTTPONLY", False) is True and not getattr(
        s, "CSRF_USE_SESSIONS", False
    ):
        return [I513]
    return []


def check_samesite(s: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    sessions = SESSION_MIDDLEWARE in middleware(s)
    names = ["SESSION_COOKIE_SAMESITE"]
    if not getattr(s, "CSRF_USE_SESSIONS", False):
        names.append("CSRF_COOKIE_SAMESITE")
    for name in names:
        value = getattr(s, name, "Lax")
        valid = isinstance(value, str) and value.lower() in ("lax", "strict", "none")
        if value and not valid:
            messages.append(e515_samesite_invalid(setting=name, value=value))
        elif name == "SESSION_COOKIE_SAMESITE" and sessions and _cross_site(value):
            messages.append(w514_session_cookie_cross_site(value=value))
    return messages


def _cross_site(samesite: Any) -> bool:
    """No SameSite attribute, or an explicit ``"None"``: the cookie goes with cross-site requests."""
    return not samesite or str(samesite).lower() == "none"


RULES: tuple[Callable[[Any], list[CheckMessage]], ...] = (
    check_csrf_sessions_order,
    check_trusted_origin_wildcards,
    check_x_frame_options_value,
    check_csrf_cookie_httponly,
    check_samesite,
)


def settings_messages(s: Any) -> list[CheckMessage]:
    """Every settings-level 5xx message for ``s`` (``django.conf.settings`` or a static stand-in)."""
    return [message for rule in RULES for message in rule(s)]
