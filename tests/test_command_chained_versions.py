from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from django_chained.checks import versions
from django_chained.versions import osv

OSV = Path(__file__).resolve().parent / "fixtures" / "versions" / "osv"


def run(*args):
    out = StringIO()
    call_command("chained_versions", *args, stdout=out)
    return out.getvalue()


def run_json(*args):
    return json.loads(run("--format", "json", *args))


def test_table_for_the_latest_lts():
    text = run("--django-version", "5.2.19", "--today", "2026-11-29")
    header, row = text.splitlines()[:2]
    assert header.split() == [
        "Package", "Installed", "Series", "Latest", "Missing", "fixes", "Support", "ends", "Status",
    ]  # fmt: skip
    assert row.split()[:6] == ["Django", "5.2.19", "5.2", "LTS", "5.2.19", "0"]
    assert "2028-04-30" in row
    assert "Security fixes missing" not in text
    assert (
        "Supported series on 2026-11-29: 6.1 (latest 6.1.3, until 2027-12-31)" in text
    )
    assert "Release data as of 2026-11-29." in text


def test_table_lists_missing_fixes_and_upgrade():
    text = run("--django-version", "5.2.17", "--today", "2026-11-29")
    assert "Security fixes missing from Django 5.2.17:" in text
    assert "  CVE-2026-87975  2026-10-06  fixed in 5.2.18  Privilege abuse" in text
    assert text.count("  CVE-") == 9
    assert "Upgrade to Django 5.2.19." in text


def test_json_for_an_outdated_version():
    data = run_json("--django-version", "5.2.17", "--today", "2026-11-29")
    django = data["django"]
    assert django["installed"] == "5.2.17"
    assert django["series"] == "5.2"
    assert django["lts"] is True
    assert django["latest"] == "5.2.19"
    assert django["upgrade_to"] == "5.2.19"
    assert django["support_ends"] == "2028-04-30"
    assert django["status"] == "extended support (security fixes only)"
    assert len(django["missing"]) == 9
    assert django["missing"][0] == {
        "id": "CVE-2026-114582",
        "date": "2026-11-03",
        "severity": "low",
        "summary": "Server-side request forgery via SpatialReference string input.",
        "fixed_in": "5.2.19",
        "first_installable_fix": "5.2.19",
        "url": None,
    }
    assert [m["id"] for m in data["messages"]] == ["django_chained.W701"]
    assert data["messages"][0]["level"] == "WARNING"
    assert [s["series"] for s in data["supported_series"]] == ["6.1", "6.0", "5.2"]
    assert data["advisories"] == []


def test_json_for_an_unknown_future_version():
    data = run_json("--django-version", "2028.1", "--today", "2026-11-29")
    assert data["django"]["series"] == "2028"
    assert data["django"]["latest"] is None
    assert data["django"]["status"] == "unknown (not in django-chained's table)"
    assert [m["level"] for m in data["messages"]] == ["INFO"]


def test_defaults_to_the_installed_django_and_today():
    with (
        mock.patch.object(versions, "installed_django_version", return_value="5.1.15"),
        mock.patch.object(versions, "today", return_value=date(2026, 11, 29)),
    ):
        data = run_json()
    assert data["django"]["installed"] == "5.1.15"
    assert data["django"]["status"] == "end of life"
    assert data["today"] == "2026-11-29"


@override_settings(CHAINED_ADVISORY_PATHS=[str(OSV / "example.json")])
def test_advisory_paths_add_rows():
    installed = {"example-pkg": ("Example-Pkg", "1.0")}
    with mock.patch.object(osv, "installed_distributions", return_value=installed):
        text = run("--django-version", "5.2.19", "--today", "2026-11-29")
        data = run_json("--django-version", "5.2.19", "--today", "2026-11-29")
    assert "Example-Pkg" in text.splitlines()[2]
    assert data["advisories"][0]["id"] == "TEST-0001"
    assert data["advisories"][0]["fixed_in"] == ["1.4.2", "2.0.3"]
    assert [m["id"] for m in data["messages"]] == ["django_chained.W707"]


@pytest.mark.parametrize(
    "args", [("--django-version", "five"), ("--today", "yesterday")]
)
def test_bad_arguments_are_command_errors(args):
    """Exit status 2, as the report commands use for arguments they cannot run with."""
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2


def test_wrongly_typed_advisory_file_is_an_e708_and_other_files_still_read(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "Y", "affected": "nope"}')
    installed = {"example-pkg": ("Example-Pkg", "1.0")}
    paths = [str(bad), str(OSV / "example.json")]
    with (
        override_settings(CHAINED_ADVISORY_PATHS=paths),
        mock.patch.object(osv, "installed_distributions", return_value=installed),
    ):
        data = run_json("--django-version", "5.2.19", "--today", "2026-11-29")
    e708, w707 = data["messages"]
    assert e708["id"] == "django_chained.E708"
    assert str(bad) in e708["msg"] and "affected: expected a list" in e708["msg"]
    assert w707["id"] == "django_chained.W707"
