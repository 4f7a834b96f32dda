"""Production-like settings: HTTPS everywhere, HSTS, Secure cookies, no ``insecure`` app.

``manage.py check --deploy --settings=testproject.settings_hardened`` reports nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from testproject.settings import *  # noqa: F403
from testproject.settings import INSTALLED_APPS, MIDDLEWARE

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY",
    "hardened-demo-9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7",
)
DEBUG = False

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "insecure"]
ROOT_URLCONF = "testproject.urls_hardened"

# HttpsMiddleware right after SecurityMiddleware: outside every middleware that can answer or set
# cookies, so it redirects first and marks all their cookies Secure.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_after_security],
    "django_chained.middleware.HttpsMiddleware",
    *MIDDLEWARE[_after_security:],
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63_072_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = ["https://localhost"]
USE_X_FORWARDED_HOST = False
FILE_UPLOAD_PERMISSIONS = 0o640

# Uploads live outside the source tree (django_chained.W607): set DJANGO_MEDIA_ROOT to the real volume.
_DATA_HOME = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
MEDIA_ROOT = Path(
    os.environ.get("DJANGO_MEDIA_ROOT")
    or Path(_DATA_HOME) / "django-chained-testproject" / "media"
)

# The admin away from the URL every bot tries first (django_chained.W082), read by urls_hardened.
TESTPROJECT_ADMIN_PATH = "staff-c41e9/"

# The demo's OSV feed describes the demo environment; a production deployment points this at its own OSV export.
CHAINED_ADVISORY_PATHS = []
