"""owner_required views routed with and without the URL kwarg they read (E209)."""

from __future__ import annotations

from django.urls import include, path, re_path

from tests import views_authorization as views

with_defaults = [path("title/", views.async_document_title)]

urlpatterns = [
    path("renamed/<int:id>/", views.document_title),
    re_path(r"^positional/(\d+)/$", views.async_document_title),
    path("captured/<int:pk>/", views.document_title),
    path("default/", views.document_title, {"pk": 1}),
    path("included/", include(with_defaults), {"pk": 1}),
]
