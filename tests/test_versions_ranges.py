"""``range_messages()``: a requirement range is judged by the lowest release it allows; W709 replaces W701."""

from __future__ import annotations

from datetime import date

import pytest
from packaging.specifiers import SpecifierSet

from django_chained.versions import ranges
from django_chained.versions.ranges import (
    lowest_allowed,
    range_messages,
    requirement_text,
)
from tests.versions_fixtures import TABLE

DAY = date(2026, 6, 1)


def run(*specifiers, day=DAY, **kwargs):
    kwargs.setdefault("data_max_age_days", 10_000)
    return range_messages(
        [SpecifierSet(s) for s in specifiers],
        day,
        file_label="requirements.txt",
        table=TABLE,
        obj="requirements.txt:3",
        **kwargs,
    )


@pytest.mark.parametrize(
    ("specifiers", "lowest"),
    [
        ([">=5.2,<6"], "5.2"),
        ([">=5.2.3"], "5.2.4"),  # 5.2.3 is yanked: no resolver picks it
        (["~=5.2.1"], "5.2.1"),
        (["<5.2"], "5.1"),
        (["==6.0.*"], "6.0"),
        (["!=5.1,!=5.1.1"], "5.2"),
        ([">=6.0", ">=5.2.2,<5.3"], "5.2.2"),
        ([">=7"], None),
    ],
)
def test_lowest_allowed_installable_release(specifiers, lowest):
    found = lowest_allowed([SpecifierSet(s) for s in specifiers], TABLE)
    assert (str(found) if found else None) == lowest


def test_requirement_text_puts_lower_bounds_first():
    assert requirement_text([SpecifierSet("<6,>=5.2"), SpecifierSet("==6.0.*")]) == (
        ">=5.2,<6 || ==6.0.*"
    )


def test_a_vulnerable_lower_bound_is_w709_naming_the_fixes_and_the_bound():
    [message] = run(">=5.2,<6")
    assert message.id == "django_chained.W709"
    assert message.obj == "requirements.txt:3"
    lines = message.msg.splitlines()
    assert lines[0] == (
        "Requirement range '>=5.2,<6' allows Django 5.2, which misses 3 security fix(es): "
        "raise the lower bound to ≥ 5.2.4."
    )
    assert lines[1:] == [
        "  CVE-2026-0002 (2026-03-01, fixed in 5.2.4): Second issue.",
        "  CVE-2026-0001 (2026-01-05, high, fixed in 5.2.2): First issue.",
        "  CVE-2025-0003 (2025-11-01, low, fixed in 5.2.1): Issue disclosed while 6.0 was a pre-release.",
    ]
    assert message.hint.startswith("Require Django>=5.2.4 ")


def test_long_lists_name_the_rest_by_id(monkeypatch):
    monkeypatch.setattr(ranges, "LISTED_IN_FULL", 1)
    [message] = run(">=5.2,<6")
    assert message.msg.splitlines()[-1] == "  and 2 more: CVE-2026-0001, CVE-2025-0003"


def test_the_bound_only_needs_the_fixes_the_lowest_release_misses():
    [message] = run(">=5.2.2,<6")
    assert "misses 1 security fix(es): raise the lower bound to ≥ 5.2.4." in message.msg


@pytest.mark.parametrize("specifier", [">=5.2.4,<6", ">=5.2.3", "~=6.0.1"])
def test_a_safe_lower_bound_is_not_reported(specifier):
    """5.2.3 is yanked, so ``>=5.2.3`` allows 5.2.4 at the lowest: nothing to say, not even W701."""
    assert run(specifier) == []


def test_other_messages_say_the_release_is_the_lowest_the_file_allows():
    w709, w703 = run(">=5.1")
    assert w709.id == "django_chained.W709"
    assert w703.id == "django_chained.W703"
    assert w703.msg.startswith(
        "The lowest version requirements.txt allows is Django 5.1: Django 5.1 has had no security support"
    )
    assert w703.obj == "requirements.txt:3"


def test_support_ending_soon_for_the_lowest_release():
    [i704] = run(">=6.0.1", day=date(2027, 3, 1))
    assert i704.id == "django_chained.I704"
    assert i704.msg.startswith(
        "The lowest version requirements.txt allows is Django 6.0.1: "
    )


def test_the_table_age_is_not_about_the_range():
    [i706] = run(">=5.2.4", data_max_age_days=1)
    assert i706.id == "django_chained.I706"
    assert "lowest version" not in i706.msg


def test_a_range_no_known_release_satisfies_is_none():
    assert run(">=7") is None
