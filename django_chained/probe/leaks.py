"""Django leaks a deployed site should not show: debug pages, the default admin URL, open media."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from urllib.parse import quote

from django.core.checks import CheckMessage

from django_chained.probe import messages as m
from django_chained.probe.http import Client, ProbeError, Response
from django_chained.probe.project import ProjectFacts

#: Both of Django's technical pages say so, in every version since 1.x.
DEBUG_MARKER = b"<code>DEBUG = True</code>"
ADMIN_MARKERS = (b"Django administration", b'id="login-form"', b"Django site admin")
LISTING_MARKERS = (b"<title>Index of ", b"<h1>Index of ")
#: Never a valid host name (RFC 2606), so ALLOWED_HOSTS rejects it.
BOGUS_HOST = "django-chained-probe.invalid"
MAX_GUESSABLE_REPORTED = 5


def _get(
    client: Client,
    scheme: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> Response | None:
    try:
        return client.get(scheme, path, headers=headers, method=method)
    except ProbeError:
        return None


def debug_messages(client: Client, scheme: str) -> list[CheckMessage]:
    """W080/W081: a path that cannot exist, then a host ALLOWED_HOSTS rejects (400 page in DEBUG)."""
    found: list[CheckMessage] = []
    missing = _get(client, scheme, f"/django-chained-probe-{secrets.token_hex(6)}/")
    if missing is not None and missing.status == 404 and DEBUG_MARKER in missing.body:
        found.append(m.w080_technical_404(url=missing.url))
    bogus = _get(client, scheme, "/", headers={"Host": BOGUS_HOST})
    if bogus is not None and bogus.status >= 400 and DEBUG_MARKER in bogus.body:
        found.append(m.w081_technical_500(url=f"{bogus.url} (Host: {BOGUS_HOST})"))
    return found


def is_admin(response: Response) -> bool:
    if response.status == 200:
        return any(marker in response.body for marker in ADMIN_MARKERS)
    return "/admin/login/" in (response.location or "")


def admin_messages(client: Client, scheme: str) -> list[CheckMessage]:
    """W082: the admin answers at ``/admin/``, the first URL every bot tries."""
    response = _get(client, scheme, "/admin/")
    if response is not None and is_admin(response):
        return [m.w082_admin_default_url(url=response.url)]
    return []


def _media_urls(facts: ProjectFacts) -> Iterator[str]:
    if facts.media_path is None:
        return
    base = (
        facts.media_path if facts.media_path.endswith("/") else facts.media_path + "/"
    )
    yield base
    for directory in facts.media_dirs:
        yield base + quote(directory)


def media_messages(
    client: Client, scheme: str, facts: ProjectFacts
) -> list[CheckMessage]:
    """W660 for a listing under MEDIA_URL; W661 for stored files with guessable names served to anyone."""
    found: list[CheckMessage] = []
    for path in _media_urls(facts):
        response = _get(client, scheme, path)
        if (
            response is not None
            and response.status == 200
            and any(marker in response.body for marker in LISTING_MARKERS)
        ):
            found.append(m.w660_media_listing(url=response.url))
            break
    if facts.media_path is None:
        return found
    base = facts.media_path.rstrip("/") + "/"
    served = 0
    for name in facts.media_files:
        response = _get(client, scheme, base + quote(name), method="HEAD")
        if response is not None and response.status == 200:
            found.append(m.w661_media_guessable(url=response.url))
            served += 1
            if served >= MAX_GUESSABLE_REPORTED:
                break
    return found
