"""The production URLconf: everything but the vulnerable-by-design ``insecure`` app."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="notes:list", permanent=False)),
    # Not at the default /admin/ in production (django_chained.W082); the demo keeps it there.
    path(getattr(settings, "TESTPROJECT_ADMIN_PATH", "admin/"), admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notes/", include("notes.urls")),
]
