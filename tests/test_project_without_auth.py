"""A project without ``django.contrib.auth``/``contenttypes`` loads the app and runs every check and command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

SETTINGS = """\
SECRET_KEY = "k" * 60
INSTALLED_APPS = ["django_chained", "django.contrib.sites", "app"]
ROOT_URLCONF = "app.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CHAINED_CACHE_DIR = __CACHE__
"""
URLS = """\
from django.contrib.sites.models import Site
from django.urls import path
from django.views.generic import DetailView, ListView

from app.views import show

urlpatterns = [
    path("sites/<int:pk>/", DetailView.as_view(model=Site)),
    path("sites/", ListView.as_view(model=Site)),
    path("show/<int:pk>/", show),
]
"""
VIEWS = """\
from django.contrib.sites.models import Site
from django.http import HttpResponse


def show(request, pk):
    return HttpResponse(Site.objects.get(pk=pk).name)
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("noauth")
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "urls.py").write_text(URLS)
    (root / "app" / "views.py").write_text(VIEWS)
    cache = repr(str(root / "cache"))
    (root / "site_settings.py").write_text(SETTINGS.replace("__CACHE__", cache))
    return root


def manage(project, *argv):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_settings",
        "PYTHONPATH": str(project),
        "PYTHONWARNINGS": "ignore",
    }
    completed = subprocess.run(
        [sys.executable, "-m", "django", *argv],
        cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed


def test_check_deploy_says_once_that_the_views_audit_did_not_run(project):
    completed = manage(project, "check", "--deploy")
    assert completed.returncode == 0
    output = completed.stdout + completed.stderr
    assert output.count("django_chained.I211") == 1
    assert (
        "django.contrib.auth and django.contrib.contenttypes are not in INSTALLED_APPS"
        in output
    )
    # The other concerns still ran.
    assert "django_chained.W101" in output


def test_check_without_deploy_runs_quietly(project):
    completed = manage(project, "check")
    assert completed.returncode == 0
    assert "django_chained.I211" not in completed.stdout + completed.stderr


def test_chained_report_lists_the_info(project, tmp_path):
    out = tmp_path / "report.json"
    completed = manage(
        project,
        "chained_report",
        "--deploy",
        "--fail-level",
        "ERROR",
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert completed.returncode == 0, completed.stderr
    ids = [finding["id"] for finding in json.loads(out.read_text())["findings"]]
    assert ids.count("django_chained.I211") == 1
    assert "django_chained.W250" not in ids  # no user model: no row belongs to a user


def test_chained_versions_runs(project):
    assert manage(project, "chained_versions").returncode == 0


def test_the_checks_package_imports_no_auth_module():
    code = textwrap.dedent(
        """\
        import sys
        import django
        MODULES = ("django.contrib.auth.mixins", "django.contrib.auth.models", "django.contrib.auth.views", "django_chained.mixins")
        from django.conf import settings
        settings.configure(INSTALLED_APPS=["django_chained"])
        django.setup()
        import django_chained.checks
        print(sorted(m for m in sys.modules if m.startswith(MODULES)))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
