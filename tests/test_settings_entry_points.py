"""Every wrong ``CHAINED_*`` value is E001/E002 through each way in, never a traceback.

``manage.py check`` and ``manage.py chained_report`` read the configured settings; ``django-chained scan``
reads a settings module from source with the same rules (``django_chained.checks.config``).
"""

from __future__ import annotations

import json
import textwrap
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from django_chained.cli import main
from tests.chained_settings_cases import CASES

CONFIG_IDS = {"django_chained.E001", "django_chained.E002", "django_chained.W003"}
CASE_IDS = [f"{name}={value!r}" for name, value, _ in CASES]

#: A settings module that makes the scan read every CHAINED_* setting it uses: the CSRF middleware
#: (CHAINED_CSRF_EXEMPT_ALLOWED), a view audit (owner and exempt views) and a pinned Django (7xx).
SETTINGS = textwrap.dedent("""\
    SECRET_KEY = "q7Lm2vX9pR4tY8wZ1nB6cD3fG5hJ0kS-aEuIoPzXcVbNmQwErTyUiOpAsDfGhJkL"
    INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "app"]
    MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
    ROOT_URLCONF = "app.urls"
""")
VIEWS = textwrap.dedent("""\
    from django.views.decorators.csrf import csrf_exempt
    from django.views.generic import DetailView

    from app.models import Note


    class NoteView(DetailView):
        model = Note


    @csrf_exempt
    def hook(request):
        pass
""")
MODELS = textwrap.dedent("""\
    from django.conf import settings
    from django.db import models


    class Note(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
""")


@pytest.fixture
def tree(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "views.py").write_text(VIEWS)
    (app / "models.py").write_text(MODELS)
    (app / "urls.py").write_text(
        "from django.urls import path\nfrom app import views\n"
        "urlpatterns = [path('n/<int:pk>/', views.NoteView.as_view()), path('hook/', views.hook)]\n"
    )
    (tmp_path / "requirements.txt").write_text("Django==4.2.1\n")
    return tmp_path


def scan(tree, settings_source, capsys):
    (tree / "settings.py").write_text(settings_source)
    code = main(["scan", str(tree), "--no-cache", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def line_of(source, name):
    return 1 + next(
        n for n, text in enumerate(source.splitlines()) if text.startswith(name)
    )


@pytest.mark.parametrize(("name", "value", "expected"), CASES, ids=CASE_IDS)
def test_manage_py_check_reports_it(name, value, expected):
    with override_settings(**{name: value}), pytest.raises(SystemCheckError) as raised:
        call_command("check", tags=["django_chained"], stdout=StringIO())
    assert f"({expected}) {name}" in str(raised.value)


@pytest.mark.parametrize(("name", "value", "expected"), CASES, ids=CASE_IDS)
def test_chained_report_reports_it(name, value, expected):
    out = StringIO()
    with override_settings(**{name: value}), pytest.raises(CommandError) as raised:
        call_command(
            "chained_report",
            "--deploy",
            "--format",
            "json",
            stdout=out,
            stderr=StringIO(),
        )
    assert raised.value.returncode == 1  # failing findings, not a crash (2)
    findings = json.loads(out.getvalue())["findings"]
    assert [f["id"] for f in findings if f["message"].startswith(name)] == [expected]


@pytest.mark.parametrize(("name", "value", "expected"), CASES, ids=CASE_IDS)
def test_django_chained_scan_reports_it_at_the_assignment(
    name, value, expected, tree, capsys
):
    source = f"{SETTINGS}{name} = {value!r}\n"
    code, report = scan(tree, source, capsys)
    assert code == 1
    placed = [
        (f["id"], f["file"], f["line"])
        for f in report["findings"]
        if f["message"].startswith(name)
    ]
    assert placed == [(expected, "settings.py", line_of(source, name))]


def test_scan_of_valid_settings_reports_none_of_them(tree, capsys):
    source = SETTINGS + textwrap.dedent("""\
        CHAINED_OWNER_MODELS = ["app.Note"]
        CHAINED_CSRF_EXEMPT_ALLOWED = {"app.views.hook": "HMAC-signed"}
        CHAINED_EOL_WARNING_DAYS = 30
    """)
    _, report = scan(tree, source, capsys)
    assert not [f for f in report["findings"] if f["id"] in CONFIG_IDS]
    assert "django_chained.I503" in {f["id"] for f in report["findings"]}


def test_scan_reports_an_unknown_setting_at_its_line_with_the_closest_name(
    tree, capsys
):
    source = (
        SETTINGS + "CHAINED_HSTS_MIN_SECONDS = 600\nCHAINED_HSTS_MIN_SECOND = 600\n"
    )
    _, report = scan(tree, source, capsys)
    [w003] = [f for f in report["findings"] if f["id"] == "django_chained.W003"]
    assert w003["message"].startswith("CHAINED_HSTS_MIN_SECOND ")
    assert "Did you mean CHAINED_HSTS_MIN_SECONDS?" in w003["hint"]
    # The hint names an earlier assignment; the finding stays at the typo's line.
    assert (w003["file"], w003["line"]) == (
        "settings.py",
        line_of(source, "CHAINED_HSTS_MIN_SECOND "),
    )


def test_scan_judges_the_settings_it_can_read_next_to_one_computed_at_run_time(
    tree, capsys
):
    source = (
        SETTINGS
        + 'import os\nCHAINED_CACHE_DIR = os.environ["CACHE"]\nCHAINED_EOL_WARNING_DAYS = "ninety"\n'
    )
    _, report = scan(tree, source, capsys)
    assert [f["id"] for f in report["findings"] if f["id"] in CONFIG_IDS] == [
        "django_chained.E001"
    ]
