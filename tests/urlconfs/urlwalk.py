"""Every shape of URL pattern the walker must flatten: path, re_path, includes, namespaces, broken parts."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.urls.resolvers import RoutePattern
from django.views.generic import RedirectView


def page(request, **kwargs):
    return HttpResponse("page")


def api_view(request, **kwargs):
    return HttpResponse("api")


class ApiView:
    """Stands in for a REST framework view: the callback carries the class as ``cls``."""


api_view.cls = ApiView  # type: ignore[attr-defined]

inner: list[URLPattern | URLResolver] = [
    path("item/<slug:slug>/", page, name="item"),
    re_path(r"^legacy/(?P<year>[0-9]{4})/$", page, name="legacy"),
]

outer: list[URLPattern | URLResolver] = [
    path("", page, name="home"),
    path("inner/", include((inner, "inner"))),
]

urlpatterns = [
    path("docs/<int:pk>/", page, name="doc"),
    re_path(r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", page),
    path("go/", RedirectView.as_view(url="/", permanent=False), name="go"),
    path("api/<uuid:key>/", api_view),
    path("outer/", include((outer, "outer"))),
    path("plain/", include(inner)),
    URLResolver(RoutePattern("broken/"), "tests.urlconfs.does_not_exist"),
    path("after-broken/", page, name="after"),
]
