"""The demo URLconf: the production one plus the vulnerable-by-design ``insecure`` app."""

from __future__ import annotations

from django.urls import include, path

from testproject.urls_hardened import urlpatterns as hardened_urlpatterns

urlpatterns = [
    *hardened_urlpatterns,
    path("insecure/", include("insecure.urls")),
]
