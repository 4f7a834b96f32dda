"""1xx rules as pure functions of a settings-like object (``django_chained.conf.SettingsLike``).

Each rule reads only the object it is given, falling back to Django's global defaults (and to
django-chained's defaults for ``CHAINED_*``), so the same rule runs on ``django.conf.settings`` and on the
``StaticSettings`` of a settings module read without importing it.
"""

from __future__ import annotations

import re
from typing import cast

from django.conf import global_settings
from django.core.checks import CheckMessage

from django_chained.checks import https_messages as m
from django_chained.conf import SettingsLike, read
from django_chained.redirect_exempt import EXEMPT_CONTAINERS, redirect_exempt_patterns

SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
HTTPS_MIDDLEWARE = "django_chained.middleware.HttpsMiddleware"
SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"
#: The preload list (hstspreload.org) requires at least this max-age and includeSubDomains.
PRELOAD_MIN_SECONDS = 31_536_000
#: What CHAINED_TLS_TERMINATED_UPSTREAM turns into one Info: the proxy or CDN is expected to do it.
UPSTREAM_COVERED = frozenset(
    {
        m.W101.id,
        m.W102.id,
        "django_chained.W103",
        m.W105.id,
        "django_chained.W106",
        m.W116.id,
    }
)
#: Paths no exemption meant for a health check or an ACME challenge would match all at once.
SAMPLE_PATHS = ("", "admin/", "accounts/login/", "api/v1/items/42", "zz9")
META_HEADER = re.compile(r"HTTP_[A-Z0-9_]+\Z")


def setting(s: SettingsLike, name: str) -> object:
    """A Django setting from ``s``, or Django's global default when ``s`` does not define it."""
    return getattr(s, name, getattr(global_settings, name, None))


def middleware(s: SettingsLike) -> list[str]:
    value = setting(s, "MIDDLEWARE")
    if not isinstance(value, (list, tuple)):
        return []
    return [entry for entry in value if isinstance(entry, str)]


def installed_apps(s: SettingsLike) -> list[str]:
    value = setting(s, "INSTALLED_APPS")
    return list(value) if isinstance(value, (list, tuple)) else []


def redirect_messages(s: SettingsLike) -> list[CheckMessage]:
    """W101: no middleware redirects HTTP to HTTPS; W116: an exemption switches the redirect off everywhere.

    With SecurityMiddleware listed, Django's ``security.W008`` already reports a disabled redirect.
    """
    listed = middleware(s)
    redirect_on = setting(s, "SECURE_SSL_REDIRECT") is True
    if SECURITY_MIDDLEWARE not in listed and not (
        HTTPS_MIDDLEWARE in listed and redirect_on
    ):
        return [m.W101]
    if redirect_on and exempts_every_path(setting(s, "SECURE_REDIRECT_EXEMPT")):
        return [m.W116]
    return []


def exempts_every_path(exempt: object) -> bool:
    """Whether a SECURE_REDIRECT_EXEMPT pattern (``""``, ``"^"``, ``".*"`` ...) matches any path at all."""
    patterns, _ = redirect_exempt_patterns(exempt)
    return any(all(p.search(path) for path in SAMPLE_PATHS) for p in patterns)


def hsts_messages(s: SettingsLike) -> list[CheckMessage]:
    """E104 malformed max-age, W102 no HSTS, W103 too short, W105 no includeSubDomains, W106 bad preload."""
    value = setting(s, "SECURE_HSTS_SECONDS")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < 0
    ):
        return [m.e104_hsts_seconds_invalid(value=value)]
    seconds = value or 0
    listed = middleware(s)
    security = SECURITY_MIDDLEWARE in listed
    if not security and (HTTPS_MIDDLEWARE not in listed or not seconds):
        return [m.W102]
    if not seconds:
        return []  # SecurityMiddleware is listed: Django's security.W004 says it.
    messages: list[CheckMessage] = []
    minimum = cast(int, read("CHAINED_HSTS_MIN_SECONDS", s))
    if seconds < minimum:
        messages.append(m.w103_hsts_too_short(seconds=seconds, minimum=minimum))
    include_subdomains = setting(s, "SECURE_HSTS_INCLUDE_SUBDOMAINS")
    preload = setting(s, "SECURE_HSTS_PRELOAD")
    # With preload on, W106 already names the missing includeSubDomains: one root cause, one message.
    if not security and include_subdomains is not True and not preload:
        messages.append(
            m.W105
        )  # Django's security.W005, which is silent without SecurityMiddleware.
    if preload:
        reasons = []
        if not include_subdomains:
            reasons.append("includeSubDomains is missing")
        if seconds < PRELOAD_MIN_SECONDS:
            reasons.append(f"max-age={seconds} is below {PRELOAD_MIN_SECONDS}")
        if reasons:
            messages.append(m.w106_preload_not_eligible(reasons=reasons))
    return messages


def redirect_and_hsts_messages(s: SettingsLike) -> list[CheckMessage]:
    """W101-W106 and W116, or one I107 in their place when TLS is declared terminated upstream."""
    messages = redirect_messages(s) + hsts_messages(s)
    if not read("CHAINED_TLS_TERMINATED_UPSTREAM", s):
        return messages
    covered = [msg for msg in messages if msg.id in UPSTREAM_COVERED]
    if not covered:
        return messages
    rest = [msg for msg in messages if msg.id not in UPSTREAM_COVERED]
    ids = sorted({str(msg.id) for msg in covered})
    return [*rest, m.i107_tls_terminated_upstream(covered=ids)]


def _custom_middleware_named(
    listed: list[str], class_name: str, django_path: str
) -> bool:
    return any(
        entry != django_path and entry.rsplit(".", 1)[-1].endswith(class_name)
        for entry in listed
    )


def cookies_secured_by_https_middleware(s: SettingsLike) -> bool:
    """Whether HttpsMiddleware marks every cookie the browser can get ``Secure`` (``CHAINED_SECURE_ALL_COOKIES``).

    It must redirect plain HTTP before any view runs and sit where no other middleware sets
    cookies after its pass (no W113); then no ``*_COOKIE_SECURE`` setting can leave a cookie on plain
    HTTP, bar the paths SECURE_REDIRECT_EXEMPT exempts from the redirect.
    """
    return (
        HTTPS_MIDDLEWARE in middleware(s)
        and not middleware_order_messages(s)
        and setting(s, "SECURE_SSL_REDIRECT") is True
        and read("CHAINED_SECURE_ALL_COOKIES", s) is True
    )


def cookie_messages(s: SettingsLike) -> list[CheckMessage]:
    """W109 SameSite=None without Secure, W108 a cookie Django's own checks do not look at is not Secure.

    Django's security.W010-W012 and W016 cover the session and CSRF cookies only when its own
    middleware paths or the sessions app are listed; a subclass under another path goes unreported
    there. The language cookie gets no W108: it carries only a UI language code, nothing an
    eavesdropper could reuse; nor a W109 without a locale middleware, the only reader of it.
    Neither is reported while HttpsMiddleware secures every cookie.
    """
    if cookies_secured_by_https_middleware(s):
        return []
    listed = middleware(s)
    csrf_cookie_used = not setting(s, "CSRF_USE_SESSIONS")
    candidates = {
        "SESSION_COOKIE": True,
        "CSRF_COOKIE": csrf_cookie_used,
        "LANGUAGE_COOKIE": any(
            entry.rsplit(".", 1)[-1].endswith("LocaleMiddleware") for entry in listed
        ),
    }
    messages: list[CheckMessage] = []
    samesite_reported = set()
    for cookie, used in candidates.items():
        samesite = setting(s, f"{cookie}_SAMESITE")
        none = isinstance(samesite, str) and samesite.lower() == "none"
        if used and none and setting(s, f"{cookie}_SECURE") is not True:
            messages.append(m.w109_samesite_none_without_secure(cookie=cookie))
            samesite_reported.add(cookie)
    unreported_by_django = {
        "SESSION_COOKIE": "django.contrib.sessions" not in installed_apps(s)
        and SESSION_MIDDLEWARE not in listed
        and _custom_middleware_named(listed, "SessionMiddleware", SESSION_MIDDLEWARE),
        "CSRF_COOKIE": csrf_cookie_used
        and CSRF_MIDDLEWARE not in listed
        and _custom_middleware_named(listed, "CsrfViewMiddleware", CSRF_MIDDLEWARE),
    }
    for cookie, applies in unreported_by_django.items():
        if (
            applies
            and cookie not in samesite_reported
            and setting(s, f"{cookie}_SECURE") is not True
        ):
            messages.append(m.w108_cookie_not_secure(setting=f"{cookie}_SECURE"))
    return messages


def trusted_origins_messages(s: SettingsLike) -> list[CheckMessage]:
    """W110: ``http://`` entries in CSRF_TRUSTED_ORIGINS."""
    origins = setting(s, "CSRF_TRUSTED_ORIGINS")
    if not isinstance(origins, (list, tuple)):
        return []
    plain = [
        o for o in origins if isinstance(o, str) and o.lower().startswith("http://")
    ]
    return [m.w110_http_trusted_origins(origins=plain)] if plain else []


def forwarded_host_messages(s: SettingsLike) -> list[CheckMessage]:
    """W111: USE_X_FORWARDED_HOST lets a client-supplied header choose the host."""
    return [m.W111] if setting(s, "USE_X_FORWARDED_HOST") else []


def proxy_ssl_header_messages(s: SettingsLike) -> list[CheckMessage]:
    """E112: a SECURE_PROXY_SSL_HEADER that raises at request time or never matches."""
    value = setting(s, "SECURE_PROXY_SSL_HEADER")
    if not value:
        return []
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        problem = "must be a (header, value) pair"
    elif not all(isinstance(item, str) for item in value):
        problem = "must hold two strings"
    elif not META_HEADER.match(value[0]):
        problem = f"names {value[0]!r}, not a request.META key like 'HTTP_X_FORWARDED_PROTO', so it never matches"
    else:
        return []
    return [m.e112_proxy_ssl_header_malformed(problem=problem, value=value)]


def redirect_settings_messages(s: SettingsLike) -> list[CheckMessage]:
    """E114 unusable SECURE_REDIRECT_EXEMPT entries, E115 a SECURE_SSL_HOST that is not a host."""
    messages: list[CheckMessage] = []
    exempt = setting(s, "SECURE_REDIRECT_EXEMPT")
    _, rejected = redirect_exempt_patterns(exempt)
    if not isinstance(exempt, EXEMPT_CONTAINERS):
        problem = "must be a list or tuple of regular expressions"
        messages.append(m.e114_redirect_exempt_malformed(problem=problem, value=exempt))
    elif rejected:
        problem = "holds entries that are not valid regular-expression strings"
        messages.append(
            m.e114_redirect_exempt_malformed(problem=problem, value=rejected)
        )
    ssl_host = setting(s, "SECURE_SSL_HOST")
    if ssl_host and not (isinstance(ssl_host, str) and _host_of(ssl_host)):
        messages.append(m.e115_ssl_host_malformed(value=ssl_host))
    return messages


def _host_of(value: str) -> str:
    """The host part of ``value`` as Django splits it (empty when it is none)."""
    # Imported when needed: django.http loads the ORM and forms, which a scan never needs.
    from django.http.request import split_domain_port

    return split_domain_port(value.lower())[0]


def middleware_order_messages(s: SettingsLike) -> list[CheckMessage]:
    """W113: HttpsMiddleware listed after a middleware other than SecurityMiddleware."""
    listed = middleware(s)
    if HTTPS_MIDDLEWARE not in listed:
        return []
    for entry in listed[: listed.index(HTTPS_MIDDLEWARE)]:
        if entry != SECURITY_MIDDLEWARE:
            return [m.w113_https_middleware_not_first(before=entry)]
    return []
