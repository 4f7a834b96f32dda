"""HTTP to HTTPS, HSTS, cookie flags and the proxy-header spoofing test."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.checks import CheckMessage

from django_chained.probe import messages as m
from django_chained.probe.http import Response
from django_chained.probe.project import ProjectFacts

PRELOAD_MIN_SECONDS = 31_536_000
MAX_AGE_CAP = 10**18
_MAX_AGE = re.compile(r'^max-age\s*=\s*"?(\d+)"?$', re.IGNORECASE)


@dataclass(frozen=True)
class Hsts:
    max_age: int | None
    include_subdomains: bool
    preload: bool


@dataclass(frozen=True)
class Cookie:
    name: str
    attributes: frozenset[str]
    """Lower-case attribute names: ``secure``, ``httponly``, ``max-age`` …"""
    deleted: bool


def parse_hsts(value: str) -> Hsts:
    max_age: int | None = None
    directives: set[str] = set()
    for part in value.split(";"):
        part = part.strip()
        match = _MAX_AGE.match(part)
        if match:
            digits = match.group(1).lstrip("0") or "0"
            # Past 18 digits it is "forever" anyway; int() of thousands of digits raises.
            max_age = int(digits) if len(digits) <= 18 else MAX_AGE_CAP
        elif part:
            directives.add(part.lower())
    return Hsts(max_age, "includesubdomains" in directives, "preload" in directives)


def parse_set_cookie(value: str) -> Cookie:
    pair, *attributes = value.split(";")
    names: set[str] = set()
    deleted = False
    for attribute in attributes:
        key, _, attr_value = attribute.strip().partition("=")
        key = key.strip().lower()
        names.add(key)
        if key == "max-age" and attr_value.strip() in {"0", "-1"}:
            deleted = True
    return Cookie(pair.partition("=")[0].strip(), frozenset(names), deleted)


def location_messages(responses: Iterable[Response]) -> list[CheckMessage]:
    """W174 for each redirect whose Location is no URL (a bad IPv6 literal, a port out of range)."""
    return [
        m.w174_location_unusable(
            url=response.url,
            location=response.header("Location") or "",
            reason=response.location_error,
        )
        for response in responses
        if response.location_error is not None
    ]


def redirect_messages(response: Response, host: str) -> list[CheckMessage]:
    """W160/W161: the first answer over plain HTTP must be a redirect to HTTPS on the same host (W174: to no URL)."""
    if response.location_error is not None:
        return location_messages([response])
    if not response.is_redirect:
        return [m.w160_http_not_redirected(url=response.url, status=response.status)]
    location = response.location or ""
    parts = urlsplit(location)
    if parts.scheme != "https" or parts.hostname != host.lower():
        return [m.w161_http_redirect_elsewhere(url=response.url, location=location)]
    return []


def hsts_messages(response: Response, facts: ProjectFacts) -> list[CheckMessage]:
    """W164-W168: HSTS present once, long enough, as strong as the settings, preload-ready if asked."""
    url = response.url
    values = response.all("Strict-Transport-Security")
    if not values:
        return [m.w164_hsts_missing(url=url)]
    found: list[CheckMessage] = []
    if len(values) > 1:
        found.append(m.w168_hsts_repeated(url=url, count=len(values)))
    hsts = parse_hsts(values[0])
    seconds = hsts.max_age or 0
    if seconds < facts.hsts_minimum:
        found.append(
            m.w165_hsts_too_short(url=url, seconds=seconds, minimum=facts.hsts_minimum)
        )
    weaker = facts.hsts_seconds > 0 and (
        seconds < facts.hsts_seconds
        or (facts.hsts_include_subdomains and not hsts.include_subdomains)
        or (facts.hsts_preload and not hsts.preload)
    )
    if weaker:
        found.append(
            m.w166_hsts_weaker_than_settings(
                url=url, served=values[0], expected=facts.expected_hsts
            )
        )
    if hsts.preload:
        missing = [
            text
            for text, ok in (
                (f"max-age >= {PRELOAD_MIN_SECONDS}", seconds >= PRELOAD_MIN_SECONDS),
                ("includeSubDomains", hsts.include_subdomains),
            )
            if not ok
        ]
        if missing:
            found.append(
                m.w167_hsts_preload_unmet(url=url, missing=" and ".join(missing))
            )
    return found


def cookie_messages(
    responses: Iterable[Response], facts: ProjectFacts
) -> list[CheckMessage]:
    """W170/W171 once per cookie name: Secure on every HTTPS cookie, HttpOnly on the session's (I172: none seen)."""
    found: list[CheckMessage] = []
    reported: set[tuple[str, str]] = set()
    secure_responses = [r for r in responses if r.url.startswith("https://")]
    session_seen = False
    for response in secure_responses:
        for value in response.all("Set-Cookie"):
            cookie = parse_set_cookie(value)
            if cookie.deleted:
                continue
            session_seen = session_seen or cookie.name == facts.session_cookie
            if "secure" not in cookie.attributes and (cookie.name, "s") not in reported:
                reported.add((cookie.name, "s"))
                found.append(
                    m.w170_cookie_not_secure(url=response.url, name=cookie.name)
                )
            is_session = cookie.name == facts.session_cookie
            if (
                is_session
                and "httponly" not in cookie.attributes
                and (cookie.name, "h") not in reported
            ):
                reported.add((cookie.name, "h"))
                found.append(
                    m.w171_session_cookie_script_readable(
                        url=response.url, name=cookie.name
                    )
                )
    if secure_responses and not session_seen:
        found.append(
            m.i172_session_cookie_unseen(
                url=secure_responses[0].url, name=facts.session_cookie
            )
        )
    return found


def spoofing_messages(
    plain: Response, spoofed: Response, facts: ProjectFacts
) -> list[CheckMessage]:
    """W175: the header flips the answer (no HTTPS redirect any more, or HSTS over plain HTTP)."""

    def to_https(response: Response) -> bool:
        return urlsplit(response.location or "").scheme == "https"

    lost_redirect = to_https(plain) and not to_https(spoofed)
    gained_hsts = bool(spoofed.all("Strict-Transport-Security")) and not plain.all(
        "Strict-Transport-Security"
    )
    if lost_redirect or gained_hsts:
        header = f"{facts.proxy_header[0]}: {facts.proxy_header[1]}"
        return [m.w175_proxy_header_spoofable(url=spoofed.url, header=header)]
    return []
