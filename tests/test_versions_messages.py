"""``version_messages()``: the 7xx messages for a Django version on a day (also used by the scanner)."""

from __future__ import annotations

from datetime import date

from django.core.checks import INFO, WARNING

from django_chained.versions import messages as version_module
from django_chained.versions.assess import assess
from django_chained.versions.messages import version_messages
from django_chained.versions.table import build_table
from tests.versions_fixtures import RELEASES, SERIES, TABLE, YEAR_TABLE

DAY = date(2026, 6, 1)
#: The fixture table without advisories: a pre-release then misses no fix.
PRERELEASE_TABLE = build_table("2026-05-01", SERIES, RELEASES, [])


def run(version, day=DAY, **kwargs):
    """The messages with the fixture table, its age ignored unless a test sets the limit."""
    kwargs.setdefault("table", TABLE)
    kwargs.setdefault("data_max_age_days", 10_000)
    return version_messages(version, day, **kwargs)


def only(messages):
    assert len(messages) == 1, [m.id for m in messages]
    return messages[0]


def test_latest_patch_is_clean():
    assert run("5.2.4") == []


def test_lts_in_extended_support_is_clean():
    assert run("5.2.4", date(2027, 12, 1)) == []


def test_one_patch_behind_without_known_fixes():
    message = only(run("5.2.3"))
    assert message.id == "django_chained.W701"
    assert message.level == WARNING
    assert message.msg == (
        "Django 5.2.3 is older than 5.2.4, the latest 5.2 release (no security fixes known in between)."
    )
    assert "Upgrade Django to 5.2.4" in message.hint


def test_one_patch_behind_counts_the_missing_fix_and_names_the_command_listing_it():
    message = only(run("5.2.2"))
    assert message.id == "django_chained.W701"
    assert message.msg == (
        "Django 5.2.2 is older than 5.2.4, the latest 5.2 release, and misses 1 security fix: "
        "'manage.py chained_versions --django-version 5.2.2' lists them."
    )


def test_many_patches_behind_is_one_line_without_the_cves():
    message = only(run("5.2"))
    assert message.msg == (
        "Django 5.2 is older than 5.2.4, the latest 5.2 release, and misses 3 security fixes: "
        "'manage.py chained_versions --django-version 5.2' lists them."
    )
    assert "CVE-" not in message.msg
    assert message.hint == "Upgrade Django to 5.2.4 (pip install 'Django==5.2.4')."


def test_end_of_life_series_says_since_when_and_what_is_supported():
    message = only(run("5.1.1"))
    assert message.id == "django_chained.W703"
    assert message.level == WARNING
    assert "since 2025-12-03" in message.msg
    assert "exposure to them is unknown" in message.msg
    assert message.hint == (
        "Upgrade to a supported series: 6.0 (until 2027-04-30), 5.2 LTS (until 2028-04-30)."
    )


def test_end_of_life_and_behind_are_two_messages():
    assert [m.id for m in run("5.1")] == ["django_chained.W701", "django_chained.W703"]


def test_end_of_life_with_no_newer_supported_series():
    message = only(run("6.0.1", date(2028, 6, 1)))
    assert message.id == "django_chained.W703"
    assert message.hint == "Upgrade to a supported Django series."


def test_support_ending_within_the_warning_window_is_info():
    message = only(run("6.0.1", date(2027, 2, 15)))
    assert message.id == "django_chained.I704"
    assert message.level == INFO
    assert (
        message.msg == "Django 6.0 security support ends on 2027-04-30, in 74 day(s)."
    )
    assert message.hint == "Plan the upgrade to the next Django series."


def test_support_ending_names_newer_supported_series():
    message = only(
        run("6.2", date(2030, 1, 15), eol_warning_days=120, table=YEAR_TABLE)
    )
    assert message.id == "django_chained.I704"
    assert (
        message.msg == "Django 6.2 security support ends on 2030-04-30, in 105 day(s)."
    )
    assert message.hint == "Plan the upgrade to 2028 (until 2030-01-31)."


def test_support_end_outside_the_window_is_silent():
    assert run("6.0.1", date(2027, 2, 15), eol_warning_days=30) == []
    assert run("6.0.1", date(2027, 4, 29), eol_warning_days=0) == []


def test_last_day_of_support_is_still_supported():
    assert only(run("6.0.1", date(2027, 4, 30))).id == "django_chained.I704"


def test_prerelease_is_a_warning_naming_a_final_release():
    message = only(run("6.0rc1", table=PRERELEASE_TABLE))
    assert message.id == "django_chained.W702"
    assert message.msg == "Django 6.0rc1 is a pre-release, not meant for production."
    assert message.hint == "Deploy a final release such as Django 6.0.1."


def test_prerelease_missing_fixes_also_lists_them():
    """6.0rc1 predates the fixes released in 6.0 and 6.0.1: W702 and W701 counting them."""
    prerelease, behind = run("6.0rc1")
    assert prerelease.id == "django_chained.W702"
    assert behind.id == "django_chained.W701"
    assert (
        "misses 2 security fixes: 'manage.py chained_versions --django-version 6.0rc1'"
        in behind.msg
    )
    assert "Upgrade Django to 6.0.1" in behind.hint


def test_prerelease_of_an_unknown_series_suggests_the_newest_known():
    assert only(run("6.1a1")).hint == "Deploy a final release such as Django 6.0.1."


def test_dev_build_is_a_prerelease():
    assert only(run("6.0.dev20251001", table=PRERELEASE_TABLE)).id == (
        "django_chained.W702"
    )
    assert [m.id for m in run("6.0.dev20251001")] == [
        "django_chained.W702",
        "django_chained.W701",
    ]


def test_unknown_future_version_is_info_never_a_warning():
    message = only(run("6.1"))
    assert message.id == "django_chained.I705"
    assert message.level == INFO
    assert "is newer than django-chained's release table" in message.msg
    assert "newest known 6.0.1" in message.msg


def test_unknown_newer_patch_names_the_newest_of_its_series():
    message = only(run("5.2.5"))
    assert message.id == "django_chained.I705"
    assert "newest known 5.2.4" in message.msg


def test_version_missing_from_the_table_is_info():
    assert "is not a release in" in only(run("5.3")).msg


def test_year_based_version_unknown_to_the_table():
    message = only(run("2028.1"))
    assert message.id == "django_chained.I705"


def test_year_based_version_known_to_the_table():
    assert run("2028.1", date(2028, 3, 1), table=YEAR_TABLE) == []
    message = only(run("2028", date(2028, 3, 1), table=YEAR_TABLE))
    assert message.id == "django_chained.W701"
    assert (
        "misses 1 security fix: 'manage.py chained_versions --django-version 2028'"
        in message.msg
    )


def test_ancient_version_is_end_of_life_without_a_date():
    message = only(run("0.96"))
    assert message.id == "django_chained.W703"
    assert "for years" in message.msg


def test_old_table_is_info_to_upgrade_django_chained():
    day = date(2026, 10, 29)
    message = only(run("5.2.4", day, data_max_age_days=180))
    assert message.id == "django_chained.I706"
    assert message.level == INFO
    assert "181 days old (as of 2026-05-01)" in message.msg
    assert "CHAINED_DATA_MAX_AGE_DAYS (180)" in message.msg


def test_table_exactly_max_age_is_fresh():
    assert run("5.2.4", date(2026, 10, 28), data_max_age_days=180) == []


def test_obj_is_passed_through_for_requirements_files():
    message = only(run("5.2.3", obj="requirements.txt:3"))
    assert message.obj == "requirements.txt:3"


def test_shipped_table_on_real_versions():
    today = date(2026, 11, 29)
    assert version_messages("5.2.19", today) == []
    assert version_messages("6.1.3", today) == []
    behind = only(version_messages("5.2.3", today))
    assert "older than 5.2.19" in behind.msg
    missing = len(assess("5.2.3", today).missing)
    assert f"misses {missing} security fixes" in behind.msg
    eol = only(version_messages("5.1.15", today))
    assert eol.id == "django_chained.W703"
    assert "since 2025-12-03" in eol.msg


def test_unreadable_advisories_message_ends_with_one_period():
    from_os_error = version_module.e708_unreadable_advisories(
        problem="/srv/osv: [Errno 2] No such file or directory: '/srv/osv'"
    )
    from_sentence = version_module.e708_unreadable_advisories(
        problem="/srv/osv/a.json: not an OSV advisory."
    )
    assert from_os_error.msg.endswith("'/srv/osv'.")
    assert from_sentence.msg.endswith("advisory.")
    assert not from_sentence.msg.endswith("..")
