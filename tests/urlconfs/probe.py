"""A login page and an admin namespace moved off /admin/, for the probe's project facts."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path


def page(request):
    return HttpResponse("ok")


admin_patterns = ([path("login/", page, name="login")], "admin")

urlpatterns = [
    path("accounts/login/", page, name="login"),
    path("staff/", include(admin_patterns)),
]
