"""Project middleware as multi-domain sites write it: Django's CSRF and session middleware, subclassed."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.middleware import (
    SessionMiddleware as BaseSessionMiddleware,
)
from django.middleware.csrf import CsrfViewMiddleware as BaseCsrfMiddleware


class DomainCsrfViewMiddleware(BaseCsrfMiddleware):
    """Sets the CSRF cookie on the domain the request came in on."""

    def process_response(self, request: Any, response: Any) -> Any:
        return super().process_response(request, response)


class DomainSessionMiddleware(BaseSessionMiddleware):
    """Keeps one session per event domain."""


class CsrfViewMiddleware:
    """Named like Django's CSRF middleware, but checks nothing."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return self.get_response(request)
