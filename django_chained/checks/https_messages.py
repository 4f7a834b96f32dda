"""1xx messages: every HTTPS-deployment check ID, as a constant or a keyword-only factory."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.checks import Error, Info, Warning

W101 = Warning(
    "HTTP requests are redirected to HTTPS by neither SecurityMiddleware nor HttpsMiddleware.",
    hint="Set SECURE_SSL_REDIRECT = True, with 'django.middleware.security.SecurityMiddleware' or 'django_chained.middleware.HttpsMiddleware' first in MIDDLEWARE.",
    id="django_chained.W101",
)

W102 = Warning(
    "Strict-Transport-Security (HSTS) is sent by neither SecurityMiddleware nor HttpsMiddleware.",
    hint="Set SECURE_HSTS_SECONDS (ramp up to 31536000, one year), with 'django.middleware.security.SecurityMiddleware' or 'django_chained.middleware.HttpsMiddleware' first in MIDDLEWARE.",
    id="django_chained.W102",
)


def w103_hsts_too_short(*, seconds: int, minimum: int) -> Warning:
    return Warning(
        f"SECURE_HSTS_SECONDS is {seconds}, below CHAINED_HSTS_MIN_SECONDS ({minimum}).",
        hint=f"Raise SECURE_HSTS_SECONDS to {minimum} or more once HTTPS works everywhere; a short max-age leaves first visits after expiry open to SSL stripping.",
        id="django_chained.W103",
    )


def e104_hsts_seconds_invalid(*, value: object) -> Error:
    return Error(
        f"SECURE_HSTS_SECONDS must be a non-negative integer; got {value!r:.60}.",
        hint="Set SECURE_HSTS_SECONDS to an int such as 31536000; browsers ignore a malformed max-age.",
        id="django_chained.E104",
    )


W105 = Warning(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS is not True: HttpsMiddleware's HSTS leaves subdomains on plain HTTP.",
    hint="Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True once every subdomain serves HTTPS.",
    id="django_chained.W105",
)


def w106_preload_not_eligible(*, reasons: Sequence[str]) -> Warning:
    return Warning(
        f"SECURE_HSTS_PRELOAD is True but the header does not qualify for the browsers' preload list: {'; '.join(reasons)}.",
        hint="Set SECURE_HSTS_INCLUDE_SUBDOMAINS = True and SECURE_HSTS_SECONDS >= 31536000, or drop SECURE_HSTS_PRELOAD.",
        id="django_chained.W106",
    )


def i107_tls_terminated_upstream(*, covered: Sequence[str]) -> Info:
    return Info(
        f"CHAINED_TLS_TERMINATED_UPSTREAM is True: HTTPS redirect and HSTS are left to the proxy or CDN ({', '.join(covered)} not reported).",
        hint="Verify the live site: http:// must answer 301 to https://, and https:// responses must carry Strict-Transport-Security.",
        id="django_chained.I107",
    )


def w108_cookie_not_secure(*, setting: str) -> Warning:
    return Warning(
        f"{setting} is not True: that cookie is also sent over plain HTTP.",
        hint=f"Set {setting} = True.",
        id="django_chained.W108",
    )


def w109_samesite_none_without_secure(*, cookie: str) -> Warning:
    return Warning(
        f"{cookie}_SAMESITE is 'None' but {cookie}_SECURE is not True: browsers reject such a cookie.",
        hint=f"Set {cookie}_SECURE = True, or use SameSite 'Lax' if cross-site requests need not carry the cookie.",
        id="django_chained.W109",
    )


def w110_http_trusted_origins(*, origins: Sequence[str]) -> Warning:
    return Warning(
        f"CSRF_TRUSTED_ORIGINS trusts plain-HTTP origins: {', '.join(origins)}.",
        hint="Use https:// origins only; a page served over HTTP can be rewritten in transit to post forms to your site.",
        id="django_chained.W110",
    )


W111 = Warning(
    "USE_X_FORWARDED_HOST is True: request.get_host(), redirects and absolute URLs trust the client-supplied X-Forwarded-Host header.",
    hint="Set USE_X_FORWARDED_HOST = False unless your proxy always overwrites X-Forwarded-Host; keep ALLOWED_HOSTS strict either way.",
    id="django_chained.W111",
)


def e112_proxy_ssl_header_malformed(*, problem: str, value: object) -> Error:
    return Error(
        f"SECURE_PROXY_SSL_HEADER {problem}; got {value!r:.80}.",
        hint="Use a (header, value) tuple with the request.META name, e.g. ('HTTP_X_FORWARDED_PROTO', 'https'), or None.",
        id="django_chained.E112",
    )


def w113_https_middleware_not_first(*, before: str) -> Warning:
    return Warning(
        f"HttpsMiddleware comes after {before} in MIDDLEWARE, which can answer or set cookies first.",
        hint="Place 'django_chained.middleware.HttpsMiddleware' first in MIDDLEWARE, or directly after SecurityMiddleware.",
        obj=before,
        id="django_chained.W113",
    )


W116 = Warning(
    "SECURE_REDIRECT_EXEMPT has a pattern that matches every path, so no request is redirected to HTTPS.",
    hint="Anchor each pattern to the few paths that must stay on plain HTTP, e.g. r'^healthz/$'; '', '^' or '.*' exempt the whole site.",
    id="django_chained.W116",
)


def e114_redirect_exempt_malformed(*, problem: str, value: object) -> Error:
    return Error(
        f"SECURE_REDIRECT_EXEMPT {problem}; got {value!r:.80}.",
        hint="Use a list of regex strings searched in the path without its leading slash, e.g. [r'^healthz/$']; SecurityMiddleware fails to start on the bad entries and HttpsMiddleware redirects them.",
        id="django_chained.E114",
    )


def e115_ssl_host_malformed(*, value: object) -> Error:
    return Error(
        f"SECURE_SSL_HOST must be a host name with an optional port; got {value!r:.80}, so every HTTPS redirect points to a broken URL.",
        hint="Set SECURE_SSL_HOST = 'www.example.com' (no scheme, no path), or None to redirect to the request's own validated host.",
        id="django_chained.E115",
    )
