"""A URLconf whose include() fails only when walked: the inventory skips it and keeps going."""

from __future__ import annotations

from django.urls import URLResolver, path
from django.urls.resolvers import RoutePattern

from tests import views_csrf as v

urlpatterns = [
    path("webhook/", v.webhook),
    URLResolver(RoutePattern("broken/"), "tests.urlconfs.does_not_exist"),
]
