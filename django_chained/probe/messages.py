"""Every finding of the live probe, by ID; ``obj`` is the URL (or host:port) that showed it.

Blocks: 080-099 Django leaks, 160-199 HTTPS/TLS/cookies/headers, 560-569 framing, 660-669 media.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.checks import Error, Info, Warning
from django.core.checks.messages import WARNING

from django_chained.chained_message import ChainedMessage


# 0xx: Django leaks on the live site.
def w080_technical_404(*, url: str) -> ChainedMessage:
    parts = urlsplit(url)
    return ChainedMessage(
        WARNING,
        "The site serves Django's technical 404 page: DEBUG is on in production.",
        hint="Set DEBUG = False on the deployed site; the debug page lists every URL pattern.",
        obj=url,
        id="django_chained.W080",
        # The probed path is random each run: the site, not the URL, is what a baseline must match.
        subject=f"{parts.scheme}://{parts.netloc}/",
    )


def w081_technical_500(*, url: str) -> Warning:
    return Warning(
        "The site serves Django's technical error page with a traceback and settings: DEBUG is on.",
        hint="Set DEBUG = False on the deployed site; the page leaks settings, paths and local variables.",
        obj=url,
        id="django_chained.W081",
    )


def w082_admin_default_url(*, url: str) -> Warning:
    return Warning(
        "The Django admin answers at its default URL /admin/.",
        hint="Mount admin.site.urls under a path of your own and restrict it (VPN, IP allow-list, 2FA).",
        obj=url,
        id="django_chained.W082",
    )


# 1xx: HTTPS redirect, HSTS, cookies, headers, the proxy header.
def w160_http_not_redirected(*, url: str, status: int) -> Warning:
    return Warning(
        f"Plain HTTP answered {status} instead of redirecting to HTTPS.",
        hint="Set SECURE_SSL_REDIRECT = True (or redirect at the proxy) so no page is served over HTTP.",
        obj=url,
        id="django_chained.W160",
    )


def w161_http_redirect_elsewhere(*, url: str, location: str) -> Warning:
    return Warning(
        f"Plain HTTP redirects to {location}, not first to HTTPS on the same host.",
        hint="Redirect http:// to https:// on the same host before any other redirect, or HSTS cannot apply.",
        obj=url,
        id="django_chained.W161",
    )


def i162_http_unreachable(*, url: str, error: str, answered: bool = False) -> Info:
    if answered:
        what = f"Plain HTTP answered with nothing the probe could read ({error})"
        hint = "Something listens for plain HTTP there but does not answer in HTTP/1.x in time: check what serves that port."
    else:
        what = f"Plain HTTP could not be reached ({error})"
        hint = "Pass --http-port if the site listens for plain HTTP on another port."
    return Info(
        f"{what}; the HTTPS redirect was not tested.",
        hint=hint,
        obj=url,
        id="django_chained.I162",
    )


def w163_https_unreachable(*, url: str, error: str) -> Warning:
    return Warning(
        f"HTTPS could not be reached ({error}); the site is not served over HTTPS.",
        hint="Serve the site over HTTPS, or pass --https-port if it listens on another port.",
        obj=url,
        id="django_chained.W163",
    )


def w164_hsts_missing(*, url: str) -> Warning:
    return Warning(
        "The HTTPS response has no Strict-Transport-Security header.",
        hint="Set SECURE_HSTS_SECONDS (at least 31536000 once HTTPS works everywhere).",
        obj=url,
        id="django_chained.W164",
    )


def w165_hsts_too_short(*, url: str, seconds: int, minimum: int) -> Warning:
    return Warning(
        f"Strict-Transport-Security max-age is {seconds} seconds, under {minimum}.",
        hint="Raise SECURE_HSTS_SECONDS (or the proxy's header) to at least CHAINED_HSTS_MIN_SECONDS.",
        obj=url,
        id="django_chained.W165",
    )


def w166_hsts_weaker_than_settings(*, url: str, served: str, expected: str) -> Warning:
    return Warning(
        f"The served Strict-Transport-Security {served!r} is weaker than the settings' {expected!r}.",
        hint="Something in front of Django rewrites the header, or the deployed settings differ: align them.",
        obj=url,
        id="django_chained.W166",
    )


def w167_hsts_preload_unmet(*, url: str, missing: str) -> Warning:
    return Warning(
        f"Strict-Transport-Security asks for preload but misses {missing}.",
        hint="Preload needs max-age >= 31536000 and includeSubDomains; fix them or drop preload.",
        obj=url,
        id="django_chained.W167",
    )


def w168_hsts_repeated(*, url: str, count: int) -> Warning:
    return Warning(
        f"The response carries {count} Strict-Transport-Security headers; browsers use only the first.",
        hint="Emit HSTS in one place: either the proxy or SecurityMiddleware, not both.",
        obj=url,
        id="django_chained.W168",
    )


def w170_cookie_not_secure(*, url: str, name: str) -> Warning:
    return Warning(
        f"Cookie {name!r} is set over HTTPS without the Secure flag.",
        hint="Set SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, LANGUAGE_COOKIE_SECURE (secure=True for your own).",
        obj=url,
        id="django_chained.W170",
    )


def w171_session_cookie_script_readable(*, url: str, name: str) -> Warning:
    return Warning(
        f"Session cookie {name!r} is set without HttpOnly.",
        hint="Set SESSION_COOKIE_HTTPONLY = True so scripts cannot read the session.",
        obj=url,
        id="django_chained.W171",
    )


def i172_session_cookie_unseen(*, url: str, name: str) -> Info:
    return Info(
        f"No page the probe visits sets the session cookie {name!r}; its flags were not checked live.",
        hint="Normal for anonymous pages; SESSION_COOKIE_SECURE and SESSION_COOKIE_HTTPONLY are checked statically.",
        obj=url,
        id="django_chained.I172",
    )


def w173_not_judged(*, url: str, checks: str, reason: str) -> Warning:
    return Warning(
        f"Could not judge {checks}: {reason}.",
        hint="The site gave the probe no answer it could read in time; fix the server (or raise --timeout/--deadline) and probe again.",
        obj=url,
        id="django_chained.W173",
    )


def w174_location_unusable(*, url: str, location: str, reason: str) -> Warning:
    return Warning(
        f"The redirect's Location {location!r} is not a URL a browser can follow ({reason}).",
        hint="Send an absolute https:// URL (or a path) in Location; the probe stopped following there.",
        obj=url,
        id="django_chained.W174",
    )


def w175_proxy_header_spoofable(*, url: str, header: str) -> Warning:
    return Warning(
        f"A plain-HTTP request carrying '{header}' is treated as secure.",
        hint="Have the proxy overwrite the header; where none does, unset SECURE_PROXY_SSL_HEADER and the server's forwarded-allow-ips.",
        obj=url,
        id="django_chained.W175",
    )


def w177_nosniff_missing(*, url: str) -> Warning:
    return Warning(
        "The response has no 'X-Content-Type-Options: nosniff' header.",
        hint="Keep SECURE_CONTENT_TYPE_NOSNIFF = True with SecurityMiddleware, or add it at the proxy.",
        obj=url,
        id="django_chained.W177",
    )


def w178_referrer_policy_weak(*, url: str, value: str | None) -> Warning:
    return Warning(
        f"The response's Referrer-Policy is {value or 'missing'}.",
        hint="Set SECURE_REFERRER_POLICY, e.g. 'same-origin' or 'strict-origin-when-cross-origin'.",
        obj=url,
        id="django_chained.W178",
    )


# 1xx: TLS.
def e180_certificate_untrusted(*, endpoint: str, reason: str) -> Error:
    return Error(
        f"The TLS certificate is not trusted: {reason}.",
        hint="Serve the full chain from a trusted CA; pass --cafile for a private CA.",
        obj=endpoint,
        id="django_chained.E180",
    )


def e181_certificate_wrong_host(*, endpoint: str, reason: str) -> Error:
    return Error(
        f"The TLS certificate does not cover this host name: {reason}.",
        hint="Issue the certificate for every name the site answers to (subjectAltName).",
        obj=endpoint,
        id="django_chained.E181",
    )


def e182_certificate_out_of_date(*, endpoint: str, reason: str) -> Error:
    return Error(
        f"The TLS certificate is out of its validity period: {reason}.",
        hint="Renew the certificate and automate renewal (ACME).",
        obj=endpoint,
        id="django_chained.E182",
    )


def w183_certificate_expires_soon(*, endpoint: str, days: int) -> Warning:
    return Warning(
        f"The TLS certificate expires in {days} days.",
        hint="Renew it now and check that automatic renewal runs.",
        obj=endpoint,
        id="django_chained.W183",
    )


def w184_old_tls_accepted(*, endpoint: str, version: str) -> Warning:
    return Warning(
        f"The server accepts {version}, a deprecated protocol version (RFC 8996).",
        hint="Accept TLS 1.2 and 1.3 only (e.g. nginx ssl_protocols TLSv1.2 TLSv1.3;).",
        obj=endpoint,
        id="django_chained.W184",
    )


def w185_weak_cipher(*, endpoint: str, cipher: str, reason: str) -> Warning:
    return Warning(
        f"The server accepts the weak cipher suite {cipher} ({reason}).",
        hint="Offer only AEAD suites with forward secrecy (ECDHE with AES-GCM or ChaCha20-Poly1305).",
        obj=endpoint,
        id="django_chained.W185",
    )


def i186_tls_version_untestable(*, endpoint: str, version: str, reason: str) -> Info:
    return Info(
        f"Cannot test whether the server accepts {version}: {reason}.",
        hint="Run the probe where OpenSSL still allows that version, or use a dedicated TLS scanner.",
        obj=endpoint,
        id="django_chained.I186",
    )


# 5xx: framing.
def w560_framing_unprotected(*, url: str) -> Warning:
    return Warning(
        "The page has neither X-Frame-Options nor a CSP frame-ancestors directive.",
        hint="Add XFrameOptionsMiddleware (X_FRAME_OPTIONS = 'DENY') or a CSP with frame-ancestors.",
        obj=url,
        id="django_chained.W560",
    )


def w561_frame_options_invalid(*, url: str, value: str) -> Warning:
    return Warning(
        f"X-Frame-Options is {value!r}, which browsers ignore, and no CSP frame-ancestors.",
        hint="Use X-Frame-Options DENY or SAMEORIGIN; ALLOW-FROM is obsolete, use frame-ancestors instead.",
        obj=url,
        id="django_chained.W561",
    )


# 6xx: media.
def w660_media_listing(*, url: str) -> Warning:
    return Warning(
        "A directory listing is served under MEDIA_URL.",
        hint="Turn off autoindex at the web server (and show_indexes in django.views.static.serve).",
        obj=url,
        id="django_chained.W660",
    )


def w661_media_guessable(*, url: str) -> Warning:
    return Warning(
        "An uploaded file with a guessable name is served to anyone under MEDIA_URL.",
        hint="Give uploads random names (django_chained.storage.RandomFileSystemStorage); serve private files through a view.",
        obj=url,
        id="django_chained.W661",
    )
