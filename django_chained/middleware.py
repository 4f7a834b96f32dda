"""``HttpsMiddleware``: HTTPS redirect, HSTS and the ``Secure`` flag on every cookie.

It reads Django's own settings with Django's semantics (``SECURE_SSL_REDIRECT``, ``SECURE_SSL_HOST``,
``SECURE_REDIRECT_EXEMPT``, ``SECURE_HSTS_*``, ``SECURE_PROXY_SSL_HEADER`` through ``request.is_secure()``),
so it can run beside ``SecurityMiddleware`` or replace its HTTPS part.
Like ``SecurityMiddleware`` it reads them once, when the handler builds the middleware chain.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponsePermanentRedirect

from django_chained.conf import conf
from django_chained.redirect_exempt import EXEMPT_CONTAINERS as EXEMPT_CONTAINERS
from django_chained.redirect_exempt import (
    redirect_exempt_patterns as redirect_exempt_patterns,
)

GetResponse = Callable[[HttpRequest], HttpResponseBase]
AsyncGetResponse = Callable[[HttpRequest], Awaitable[HttpResponseBase]]

HSTS_HEADER = "Strict-Transport-Security"


def hsts_header_value(seconds: int, include_subdomains: bool, preload: bool) -> str:
    """The ``Strict-Transport-Security`` value in the exact format ``SecurityMiddleware`` sends."""
    value = f"max-age={seconds}"
    if include_subdomains:
        value += "; includeSubDomains"
    if preload:
        value += "; preload"
    return value


def _has_secure_attribute(set_cookie: str) -> bool:
    return any(part.strip().lower() == "secure" for part in set_cookie.split(";")[1:])


def secure_all_cookies(response: HttpResponseBase) -> None:
    """Add the ``Secure`` attribute to every cookie the response sets.

    That includes a ``Set-Cookie`` header written by hand (``response.headers["Set-Cookie"] = ...``),
    which Django sends beside ``response.cookies``.
    """
    for morsel in response.cookies.values():
        if not morsel["secure"]:
            morsel["secure"] = True
    raw = response.headers.get("Set-Cookie")
    if isinstance(raw, str) and not _has_secure_attribute(raw):
        response.headers["Set-Cookie"] = f"{raw}; Secure"


class HttpsMiddleware:
    """Redirects HTTP to HTTPS, sends HSTS on secure responses and marks every cookie ``Secure``."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse | AsyncGetResponse) -> None:
        # Typed loosely so the hot path needs no cast() call: sync or async, as async_mode says.
        self.get_response: Callable[[HttpRequest], Any] = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)
        self.redirect = bool(settings.SECURE_SSL_REDIRECT)
        self.redirect_host: str | None = settings.SECURE_SSL_HOST
        self.redirect_exempt, _ = redirect_exempt_patterns(
            settings.SECURE_REDIRECT_EXEMPT
        )
        seconds = settings.SECURE_HSTS_SECONDS
        self.hsts: str | None = (
            hsts_header_value(
                seconds,
                settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
                settings.SECURE_HSTS_PRELOAD,
            )
            if seconds
            else None
        )
        self.secure_cookies = conf.CHAINED_SECURE_ALL_COOKIES

    def __call__(self, request: HttpRequest) -> Any:
        if self.async_mode:
            return self.__acall__(request)
        secure = request.is_secure()
        if not secure and self.redirect:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if secure:
            self._secure(response)
        return response

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        secure = request.is_secure()
        if not secure and self.redirect:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        response: HttpResponseBase = await self.get_response(request)
        if secure:
            self._secure(response)
        return response

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        """The request step: a 301 to ``https://`` for an insecure, non-exempt request, else ``None``."""
        if self.redirect and not request.is_secure():
            return self._redirect(request)
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        """The response step: HSTS and ``Secure`` cookies, on secure requests only."""
        if request.is_secure():
            self._secure(response)
        return response

    def _redirect(self, request: HttpRequest) -> HttpResponsePermanentRedirect | None:
        path = request.path.lstrip("/")
        if any(pattern.search(path) for pattern in self.redirect_exempt):
            return None
        # get_host() validates against ALLOWED_HOSTS: a hostile Host header raises
        # DisallowedHost, which the handler turns into a 400, never a redirect elsewhere.
        host = self.redirect_host or request.get_host()
        return HttpResponsePermanentRedirect(f"https://{host}{request.get_full_path()}")

    def _secure(self, response: HttpResponseBase) -> None:
        headers = response.headers
        if self.hsts is not None and HSTS_HEADER not in headers:
            headers[HSTS_HEADER] = self.hsts
        if self.secure_cookies and (response.cookies or "Set-Cookie" in headers):
            secure_all_cookies(response)
