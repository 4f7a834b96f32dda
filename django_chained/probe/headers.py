"""Browser-side protections a page should carry: framing, MIME sniffing, referrer."""

from __future__ import annotations

import re

from django.core.checks import CheckMessage

from django_chained.probe import messages as m
from django_chained.probe.http import Response

VALID_FRAME_OPTIONS = {"DENY", "SAMEORIGIN"}
#: Policies that send the full URL to other origins, or over plain HTTP.
LEAKY_REFERRER_POLICIES = {"unsafe-url", "no-referrer-when-downgrade"}
_FRAME_ANCESTORS = re.compile(r"(^|;)\s*frame-ancestors\s", re.IGNORECASE)


def framing_messages(response: Response) -> list[CheckMessage]:
    """W560/W561: the page can be framed by any site (clickjacking)."""
    if any(_FRAME_ANCESTORS.search(p) for p in response.all("Content-Security-Policy")):
        return []
    value = response.header("X-Frame-Options")
    if value is None:
        return [m.w560_framing_unprotected(url=response.url)]
    if value.strip().upper() not in VALID_FRAME_OPTIONS:
        return [m.w561_frame_options_invalid(url=response.url, value=value)]
    return []


def content_messages(response: Response) -> list[CheckMessage]:
    """W177/W178: MIME sniffing allowed, full URLs leaked through Referer."""
    found: list[CheckMessage] = []
    if (response.header("X-Content-Type-Options") or "").strip().lower() != "nosniff":
        found.append(m.w177_nosniff_missing(url=response.url))
    policy = response.header("Referrer-Policy")
    # The header may list fallbacks; browsers apply the last one they know.
    last = (policy or "").split(",")[-1].strip().lower()
    if not last or last in LEAKY_REFERRER_POLICIES:
        found.append(m.w178_referrer_policy_weak(url=response.url, value=policy))
    return found
