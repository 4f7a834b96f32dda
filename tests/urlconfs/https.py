"""URLconf for the HttpsMiddleware end-to-end tests: a sync and an async view, each setting cookies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path


def sync_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("sync")
    response.set_cookie("theme", "dark")
    return response


async def async_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("async")
    response.set_cookie("theme", "dark")
    return response


urlpatterns = [
    path("sync/", sync_view),
    path("async/", async_view),
    re_path(r"", sync_view),
]
