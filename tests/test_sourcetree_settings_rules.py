"""Settings-level rules (ours and Django's security.*) run on statically read settings."""

from __future__ import annotations

import importlib
import sys
import textwrap

import pytest
from django.conf import settings

from django_chained.sourcetree import settings_rules
from django_chained.sourcetree.settings_reader import read_settings
from django_chained.sourcetree.settings_rules import (
    django_security_checks,
    settings_findings,
)

SECURE = textwrap.dedent("""\
    SECRET_KEY = "q7Lm2vX9pR4tY8wZ1nB6cD3fG5hJ0kS-aEuIoPzXcVbNmQwErTyUiOpAsDfGhJkL"
    DEBUG = False
    ALLOWED_HOSTS = ["example.com"]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django_chained.middleware.HttpsMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    X_FRAME_OPTIONS = "DENY"
    MEDIA_ROOT = "/srv/media"
    MEDIA_URL = "/media/"
""")


def findings(tmp_path, source):
    path = tmp_path / "settings.py"
    path.write_text(source)
    return settings_findings(read_settings(path, tmp_path), tmp_path)


def test_hardened_settings_give_nothing(tmp_path):
    records, notes = findings(tmp_path, SECURE)
    assert records == [] and notes == []


def test_findings_placed_at_the_assignment(tmp_path):
    records, _ = findings(tmp_path, SECURE + "SESSION_COOKIE_SECURE = False\n")
    assert [(r.id, r.location) for r in records] == [
        ("security.W011", "settings.py:22")
    ]


def test_one_word_setting_placed_at_its_assignment(tmp_path):
    records, _ = findings(tmp_path, SECURE + "DEBUG = True\n")
    assert ("security.W018", "settings.py:22") in [(r.id, r.location) for r in records]


def test_default_settings_placed_at_the_module(tmp_path):
    records, _ = findings(tmp_path, SECURE.replace("SECURE_SSL_REDIRECT = True\n", ""))
    assert ("security.W008", "settings.py") in [(r.id, r.location) for r in records]


def test_our_ids_same_as_inside_django(tmp_path):
    records, _ = findings(
        tmp_path, SECURE + "CSRF_TRUSTED_ORIGINS = ['http://example.com']\n"
    )
    assert [r.id for r in records] == ["django_chained.W110"]


def test_rule_reading_a_run_time_value_is_skipped_not_guessed(tmp_path):
    source = SECURE.replace(
        'SECRET_KEY = "q7', "import os\nSECRET_KEY = os.environ['KEY']  # \""
    )
    records, notes = findings(tmp_path, source)
    assert records == []
    assert notes == [
        "settings.py: SECRET_KEY computed at run time (environment, a call): the checks reading them "
        "were skipped; run 'manage.py check --deploy' with the real settings for those."
    ]


def test_unreadable_base_reported_in_notes(tmp_path):
    (tmp_path / "base.py").write_text("print 'py2'\n")
    _, notes = findings(tmp_path, "from base import *\n" + SECURE)
    assert any(
        note.startswith("base.py: could not be read (SyntaxError") for note in notes
    )


def test_a_new_checks_module_with_settings_rules_runs_without_being_listed(
    tmp_path, monkeypatch
):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "zz_new_concern.py").write_text(
        "from django.core.checks import Warning\n"
        "def debug_messages(s):\n"
        "    return [Warning('DEBUG is on.', id='x.W1')] if s.DEBUG else []\n"
        "SETTINGS_RULES = (debug_messages,)\n"
    )
    monkeypatch.syspath_prepend(str(extra))
    package = importlib.import_module(settings_rules.CHECKS_PACKAGE)
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(extra)])
    monkeypatch.delitem(
        sys.modules, f"{package.__name__}.zz_new_concern", raising=False
    )
    records, _ = findings(tmp_path, SECURE + "DEBUG = True\n")
    assert "x.W1" in {record.id for record in records}


def test_rules_re_exported_by_another_module_run_once():
    functions, notes = settings_rules.rule_functions()
    assert len(functions) == len(set(functions)) > 10
    assert notes == []


def test_djangos_checks_that_import_code_are_left_out():
    names = {check.__name__ for check in django_security_checks()}
    assert "check_sts" in names
    assert "check_csrf_failure_view" not in names


def test_real_settings_restored(tmp_path):
    before = settings.SECRET_KEY
    findings(tmp_path, SECURE)
    assert settings.SECRET_KEY == before == "django-chained-tests-not-secret"


def test_rule_failing_on_an_odd_value_is_noted_and_the_rest_run(tmp_path):
    records, notes = findings(tmp_path, SECURE + "MIDDLEWARE = None\nDEBUG = True\n")
    assert "security.W018" in [r.id for r in records]
    assert any("rules that failed on these values" in note for note in notes)


def test_forwarded_host_placed_at_its_own_line_not_at_the_hosts_its_hint_names(
    tmp_path,
):
    # NetBox's shape: ALLOWED_HOSTS early, USE_X_FORWARDED_HOST hundreds of lines later.
    records, _ = findings(tmp_path, SECURE + "USE_X_FORWARDED_HOST = True\n")
    assert [(r.id, r.location) for r in records] == [
        ("django_chained.W111", "settings.py:22")
    ]


def test_hardening_under_if_not_debug_is_what_production_runs(tmp_path):
    # ephios: DEBUG = env.bool("DEBUG"), then HTTPS, HSTS and secure cookies under ``if not DEBUG:``.
    hardening = [
        line
        for line in SECURE.splitlines()
        if line.startswith(("SECURE_", "SESSION_", "CSRF_"))
    ]
    rest = [line for line in SECURE.splitlines() if line not in hardening]
    source = "\n".join(
        ["import os", *rest, "DEBUG = os.environ.get('DEBUG') == '1'", "if not DEBUG:"]
        + [f"    {line}" for line in hardening]
    )
    records, _ = findings(tmp_path, source + "\n")
    assert records == []
    unhardened, _ = findings(
        tmp_path, source.replace("if not DEBUG:", "if DEBUG:") + "\n"
    )
    assert {"security.W004", "security.W008", "security.W016"} <= {
        r.id for r in unhardened
    }


def test_middleware_classes_of_an_old_project_is_its_middleware_list(tmp_path):
    legacy = SECURE.replace("MIDDLEWARE = [", "MIDDLEWARE_CLASSES = (").replace(
        '.XFrameOptionsMiddleware",\n]', '.XFrameOptionsMiddleware",\n)'
    )
    assert "MIDDLEWARE_CLASSES = (" in legacy and "MIDDLEWARE =" not in legacy
    records, _ = findings(tmp_path, legacy)
    assert records == []
    without_csrf = legacy.replace(
        '    "django.middleware.csrf.CsrfViewMiddleware",\n', ""
    )
    records, _ = findings(tmp_path, without_csrf)
    assert [(r.id, r.location) for r in records] == [("security.W003", "settings.py:4")]


def test_middleware_wins_over_middleware_classes(tmp_path):
    leftover = 'MIDDLEWARE_CLASSES = ["django.middleware.csrf.CsrfViewMiddleware"]\n'
    without_csrf = SECURE.replace(
        '    "django.middleware.csrf.CsrfViewMiddleware",\n', ""
    )
    records, _ = findings(tmp_path, without_csrf + leftover)
    assert [(r.id, r.location) for r in records] == [("security.W003", "settings.py:4")]


@pytest.mark.parametrize(
    "url", ["", "media/", "/media/", "https://cdn.example.com/m/", "http://x/", "m"]
)
def test_media_and_static_urls_read_as_django_reads_them(url, tmp_path):
    """The rules see ``MEDIA_URL``/``STATIC_URL`` prefixed as ``settings`` prefixes them, without
    the URL resolvers being imported to find the prefix outside a request."""
    from django.conf import LazySettings
    from django.conf import global_settings as defaults

    from django_chained.sourcetree.settings_reader import StaticSettings

    prefixed = LazySettings._add_script_prefix  # type: ignore[attr-defined]
    static = StaticSettings(path=tmp_path / "settings.py")
    static.values = {"MEDIA_URL": url, "STATIC_URL": url + "s/"}
    recorder = settings_rules._ReadRecorder(static)
    for name in ("MEDIA_URL", "STATIC_URL"):
        assert getattr(recorder, name) == prefixed(static.values[name])
    unset = settings_rules._ReadRecorder(StaticSettings(path=tmp_path / "s.py"))
    expected = prefixed(defaults.MEDIA_URL)
    assert expected == unset.MEDIA_URL
