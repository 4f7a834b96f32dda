from __future__ import annotations

SECRET_KEY = "django-chained-tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "example.com", "localhost", "127.0.0.1"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django_chained",
    "tests",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.urls"
TEMPLATES = [
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
# Tests must never write a scan cache into the user's home directory.
CHAINED_CACHE_DIR = None
