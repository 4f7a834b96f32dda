from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from django_chained.checks import versions
from django_chained.checks.registry import TAG
from django_chained.versions import osv

OSV = Path(__file__).resolve().parent / "fixtures" / "versions" / "osv"
TODAY = date(2026, 11, 29)


@pytest.fixture
def pinned():
    """Pin the seams: the installed Django version (set per test) and today's date."""
    with (
        mock.patch.object(versions, "installed_django_version") as version,
        mock.patch.object(versions, "today", return_value=TODAY),
    ):
        yield version


def ids(messages):
    return [m.id for m in messages]


def test_latest_patch_is_clean(pinned):
    pinned.return_value = "5.2.19"
    assert versions.check_django_version() == []


def test_behind_latest_patch(pinned):
    pinned.return_value = "5.2.3"
    (message,) = versions.check_django_version()
    assert message.id == "django_chained.W701"
    assert "older than 5.2.19" in message.msg


def test_end_of_life_series(pinned):
    pinned.return_value = "5.1.15"
    assert ids(versions.check_django_version()) == ["django_chained.W703"]


def test_prerelease(pinned):
    pinned.return_value = "6.2a1"
    assert ids(versions.check_django_version()) == ["django_chained.W702"]


def test_prerelease_behind_security_fixes_lists_them(pinned):
    pinned.return_value = "6.1rc1"
    prerelease, behind = versions.check_django_version()
    assert (prerelease.id, behind.id) == ("django_chained.W702", "django_chained.W701")
    assert "older than 6.1.3" in behind.msg


@override_settings(CHAINED_EOL_WARNING_DAYS=200)
def test_eol_warning_days_setting_is_read(pinned):
    pinned.return_value = "6.0.10"
    (message,) = versions.check_django_version()
    assert message.id == "django_chained.I704"
    assert "2027-04-30, in 152 day(s)" in message.msg


@override_settings(CHAINED_DATA_MAX_AGE_DAYS=1)
def test_data_max_age_setting_is_read(pinned):
    pinned.return_value = "5.2.19"
    with mock.patch.object(versions, "today", return_value=date(2026, 12, 1)):
        assert ids(versions.check_django_version()) == ["django_chained.I706"]


def test_seams_default_to_the_running_django_and_today():
    import django

    assert versions.installed_django_version() == django.__version__
    before = date.today()
    # Bracketed, so a run that crosses midnight still passes.
    assert before <= versions.today() <= date.today()


# The day each Info starts for a project on the newest release, with the shipped table (as of 2026-11-29)
# and the default windows: CI would have met each of them unannounced had the suite not pinned the seams.


def test_i704_from_90_days_before_the_support_end(pinned):
    pinned.return_value = "6.0.10"  # 6.0's security support ends on 2027-04-30
    with mock.patch.object(versions, "today", return_value=date(2027, 1, 29)):
        assert versions.check_django_version() == []
    with mock.patch.object(versions, "today", return_value=date(2027, 1, 30)):
        (message,) = versions.check_django_version()
    assert message.id == "django_chained.I704"
    assert "ends on 2027-04-30, in 90 day(s)" in message.msg


def test_i705_from_the_first_release_newer_than_the_table(pinned):
    pinned.return_value = "5.2.19"  # the newest 5.2 the table knows
    assert versions.check_django_version() == []
    pinned.return_value = "5.2.20"
    (message,) = versions.check_django_version()
    assert message.id == "django_chained.I705"
    assert "5.2.20 is newer than" in message.msg
    assert "newest known 5.2.19" in message.msg


def test_i706_once_the_table_is_more_than_180_days_old(pinned):
    pinned.return_value = "5.2.19"
    with mock.patch.object(versions, "today", return_value=date(2027, 5, 28)):
        assert versions.check_django_version() == []
    with mock.patch.object(versions, "today", return_value=date(2027, 5, 29)):
        (message,) = versions.check_django_version()
    assert message.id == "django_chained.I706"
    assert "181 days old (as of 2026-11-29)" in message.msg


def test_no_advisory_paths_is_silent():
    assert versions.check_advisory_files() == []


@override_settings(CHAINED_ADVISORY_PATHS=[str(OSV / "example.json")])
def test_advisory_for_an_installed_distribution():
    installed = {"example-pkg": ("Example-Pkg", "2.0.1")}
    with mock.patch.object(osv, "installed_distributions", return_value=installed):
        (message,) = versions.check_advisory_files()
    assert message.id == "django_chained.W707"
    assert message.msg == (
        "Example-Pkg 2.0.1 is affected by TEST-0001 (CVE-0000-0001): "
        "Test advisory for a made-up distribution."
    )
    assert message.hint == "Upgrade Example-Pkg to 1.4.2 or 2.0.3 or later."
    assert message.obj == str(OSV / "example.json")


@override_settings(CHAINED_ADVISORY_PATHS=[str(OSV / "list.json")])
def test_advisory_without_a_fixed_release():
    with mock.patch.object(
        osv,
        "installed_distributions",
        return_value={"forever": ("forever", "1.2")},
    ):
        (message,) = versions.check_advisory_files()
    assert str(message.hint).startswith("No fixed forever release is listed")


@override_settings(CHAINED_ADVISORY_PATHS=[str(OSV / "django.json")])
def test_django_advisories_the_table_knows_are_left_to_w701():
    installed = {"django": ("Django", "5.2.3")}
    with mock.patch.object(osv, "installed_distributions", return_value=installed):
        messages = versions.check_advisory_files()
    assert [m.msg.split(":")[0] for m in messages] == [
        "Django 5.2.3 is affected by GHSA-test-new"
    ]


@override_settings(CHAINED_ADVISORY_PATHS=[str(OSV.parent / "broken.json")])
def test_unreadable_advisory_file_is_an_error():
    (message,) = versions.check_advisory_files()
    assert message.id == "django_chained.E708"
    assert "broken.json" in message.msg


def test_wrongly_typed_advisory_file_fails_check_deploy_with_e708(pinned, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "Y", "affected": [{"package": "django"}]}')
    pinned.return_value = "5.2.19"
    with (
        override_settings(CHAINED_ADVISORY_PATHS=[str(bad)]),
        pytest.raises(
            SystemCheckError,
            match=r"django_chained.E708.*bad\.json: affected\[0\]\.package",
        ),
    ):
        call_command(
            "check",
            deploy=True,
            tags=["compatibility"],
            stdout=StringIO(),
            stderr=StringIO(),
        )


def test_registered_for_deploy_with_compatibility_tag():
    registrations = {r.check: r for r in versions.REGISTRY}
    for check in (versions.check_django_version, versions.check_advisory_files):
        assert registrations[check].deploy
        assert set(registrations[check].tags) == {TAG, "compatibility"}


def test_check_deploy_reports_outdated_django(pinned):
    pinned.return_value = "5.2.3"
    err = StringIO()
    call_command(
        "check", deploy=True, tags=["compatibility"], stdout=StringIO(), stderr=err
    )
    assert "django_chained.W701" in err.getvalue()


def test_check_without_deploy_stays_silent(pinned):
    pinned.return_value = "5.2.3"
    out = StringIO()
    call_command("check", tags=["compatibility"], stdout=out, stderr=out)
    assert "django_chained.W7" not in out.getvalue()


@override_settings(CHAINED_ADVISORY_PATHS=["/nonexistent/advisories.json"])
def test_check_deploy_fails_on_unreadable_advisories(pinned):
    pinned.return_value = "5.2.19"
    with pytest.raises(SystemCheckError, match="django_chained.E708"):
        call_command(
            "check",
            deploy=True,
            tags=["compatibility"],
            stdout=StringIO(),
            stderr=StringIO(),
        )
