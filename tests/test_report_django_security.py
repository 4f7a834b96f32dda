"""Django's own ``security.*`` checks grouped under our seven concerns."""

from __future__ import annotations

import re
from pathlib import Path

import django.core.checks.security as security_package
from django.core.checks import Warning

from django_chained.report import build_report, render
from django_chained.report.django_security import (
    DJANGO_SECURITY_CONCERNS,
    django_security_concern,
)
from django_chained.report.record import Record


def test_hsts_ssl_redirect_and_session_cookies_are_https():
    for number in ("W001", "W004", "W005", "W008", "W010", "W012", "W014", "W021"):
        assert django_security_concern(f"security.{number}") == 1


def test_nosniff_is_xss():
    assert django_security_concern("security.W006") == 3


def test_csrf_and_frame_options_are_csrf_clickjacking():
    for number in ("W002", "W003", "W016", "W019", "E101", "E102"):
        assert django_security_concern(f"security.{number}") == 5


def test_secret_key_debug_and_hosts_are_other_checks():
    for number in ("W009", "W018", "W020", "W022", "W025"):
        assert django_security_concern(f"security.{number}") is None
    assert django_security_concern("admin.E001") is None


def test_every_mapped_id_exists_in_the_installed_django():
    folder = Path(security_package.__file__).parent
    source = "".join(p.read_text() for p in folder.glob("*.py"))
    defined = set(re.findall(r'id="(security\.[EW]\d{3})"', source))
    assert set(DJANGO_SECURITY_CONCERNS) <= defined


def test_record_concern_uses_the_table():
    assert Record("security.W004", 30, "m").concern == 1
    assert Record("security.W018", 30, "m").concern is None
    assert Record("django_chained.W401", 30, "m").concern == 4


def test_text_report_lists_them_under_their_concern():
    text = render(build_report([Warning("no HSTS", id="security.W004")]), "text")
    assert "HTTPS deployment (1xx): 1 warning" in text
    assert "Other checks" not in text
