"""The probe from start to finish: TLS first, then plain HTTP, the pages, the leaks."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.checks import CheckMessage

from django_chained.probe import headers, leaks, tls, transport
from django_chained.probe import messages as m
from django_chained.probe.http import Client, ProbeError, Response
from django_chained.probe.project import ProjectFacts
from django_chained.probe.target import Target


def check_tls(
    target: Target, now: datetime | None = None
) -> tuple[list[CheckMessage], ssl.SSLContext | None]:
    """Certificate, versions and ciphers; the context the page requests use (``None``: no HTTPS)."""
    endpoint = target.url("https", "/")
    verified = tls.verified_context(target.cafile)
    try:
        negotiated, certificate = tls.handshake(target, verified)
    except ProbeError as error:
        cause = error.__cause__
        if not isinstance(cause, ssl.SSLCertVerificationError):
            url = target.url("https", target.base_path)
            return [m.w163_https_unreachable(url=url, error=str(error))], None
        found = tls.certificate_messages(endpoint, cause)
        context = tls.unverified_context()
        try:
            negotiated, _ = tls.handshake(target, context)
        except ProbeError:
            return found, None
    else:
        found = tls.expiry_messages(endpoint, certificate, now)
        context = verified
    found += tls.protocol_messages(target, endpoint)
    found += tls.cipher_messages(target, endpoint, negotiated)
    return found, context


@dataclass
class ProbeRun:
    """The findings of one run, and why it failed whatever they say (``None``: it judged the site)."""

    messages: list[CheckMessage]
    failure: str | None = None


#: What each group of checks judges, as W173 names it.
PAGE_CHECKS = {
    "https": "HSTS, cookie flags and page headers (W164-W172, W177, W178, W560, W561)",
    "http": "page headers (W177, W178, W560, W561)",
}
DEBUG_CHECKS = "the DEBUG pages (W080, W081)"
ADMIN_CHECKS = "the admin URL (W082)"
MEDIA_CHECKS = "MEDIA_URL (W660, W661)"


def judged(
    client: Client, scheme: str, checks: str, run: Callable[[], list[CheckMessage]]
) -> tuple[list[CheckMessage], bool]:
    """``run()``'s findings, plus W173 when every request it made failed; and whether anything was read."""
    answers, failures = client.answers, len(client.failures)
    found = run()
    if client.answers > answers or len(client.failures) == failures:
        return found, True
    url = client.target.url(scheme, "/")
    reason = str(client.failures[failures])
    return [*found, m.w173_not_judged(url=url, checks=checks, reason=reason)], False


def check_plain_http(
    client: Client, facts: ProjectFacts
) -> tuple[list[CheckMessage], Response | None, bool]:
    """W160/W161 on the first page SECURE_REDIRECT_EXEMPT does not cover, then the spoofing test.

    Also says whether anything listens for plain HTTP (even when what it sends cannot be read).
    """
    target = client.target
    path = next(
        (p for p in facts.pages if not facts.is_redirect_exempt(p)), facts.pages[0]
    )
    try:
        plain = client.get("http", path)
    except ProbeError as error:
        url = target.url("http", path)
        unreachable = m.i162_http_unreachable(
            url=url, error=str(error), answered=error.answered
        )
        return [unreachable], None, error.answered
    found = transport.redirect_messages(plain, target.host)
    name, value = facts.proxy_header
    try:
        spoofed = client.get("http", path, headers={name: value})
    except ProbeError:
        return found, plain, True
    return found + transport.spoofing_messages(plain, spoofed, facts), plain, True


def check_pages(client: Client, scheme: str, facts: ProjectFacts) -> list[CheckMessage]:
    """HSTS on every HTTPS answer, cookies on all of them, page headers on the first page that renders."""
    responses: list[Response] = []
    for page in facts.pages:
        try:
            responses += client.follow(scheme, page)
        except ProbeError:
            continue
    if not responses:
        return []
    found = transport.location_messages(responses)
    if scheme == "https":
        found += transport.hsts_messages(responses[0], facts)
        found += transport.cookie_messages(responses, facts)
    rendered = next((r for r in responses if r.status == 200), responses[-1])
    found += headers.framing_messages(rendered)
    found += headers.content_messages(rendered)
    return found


def run_probe(
    target: Target, facts: ProjectFacts, now: datetime | None = None
) -> ProbeRun:
    """Every live finding for ``target``, in a stable order; a failure when no page could be judged.

    The run's clock starts here: no request outlives ``target.total_seconds``.
    """
    target = target.started()
    found, context = check_tls(target, now)
    scheme = "https" if context is not None else "http"
    client = Client(target, context or tls.unverified_context())
    plain_found, _, plain_listens = check_plain_http(client, facts)
    if context is None and not plain_listens:
        raise ProbeError(f"neither HTTPS nor plain HTTP answers on {target.host}")
    found += plain_found
    pages, any_page = judged(
        client, scheme, PAGE_CHECKS[scheme], lambda: check_pages(client, scheme, facts)
    )
    found += pages
    for checks, run in (
        (DEBUG_CHECKS, lambda: leaks.debug_messages(client, scheme)),
        (ADMIN_CHECKS, lambda: leaks.admin_messages(client, scheme)),
        (MEDIA_CHECKS, lambda: leaks.media_messages(client, scheme, facts)),
    ):
        found += judged(client, scheme, checks, run)[0]
    failure = None if any_page else f"no {scheme.upper()} response could be judged"
    return ProbeRun(found, failure)
