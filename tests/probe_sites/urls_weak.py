"""The demo URLconf plus Django's development file server with indexes, under MEDIA_URL."""

from __future__ import annotations

from django.conf import settings
from django.urls import re_path
from django.views.static import serve
from testproject.urls import urlpatterns as demo_urlpatterns

urlpatterns = [
    *demo_urlpatterns,
    re_path(
        r"^media/(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT, "show_indexes": True},
    ),
]
