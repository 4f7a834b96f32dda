"""URLconfs for the 6xx serve check: Django's development file server routed, directly and in an include."""

from __future__ import annotations

from django.urls import include, path, re_path
from django.views.static import serve

from tests.urlconfs.https import sync_view

serve_patterns = [
    re_path(r"^(?P<path>.*)$", serve, {"document_root": "/srv/media"}),
]

urlpatterns = [
    path("page/", sync_view),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": "/srv/media"}),
    path("files/", include(serve_patterns)),
]
