"""A URLconf with an include that fails only when its patterns are read, beside a working unscoped view."""

from __future__ import annotations

from django.urls import URLResolver, path
from django.urls.resolvers import RoutePattern

from tests import views_authorization as views

urlpatterns = [
    path("unscoped/<int:pk>/", views.UnscopedDocumentDetailView.as_view()),
    URLResolver(RoutePattern("broken/"), "tests.urlconfs.does_not_exist"),
]
