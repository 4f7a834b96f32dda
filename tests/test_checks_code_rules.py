"""Code-level checks for HTTPS (1xx), authorization (2xx), media (6xx) and unscannable files (I004)."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import INFO
from django.core.management import call_command
from django.test import override_settings

from django_chained.checks.code_rules import (
    check_authorization_code,
    check_cookie_code,
    check_file_code,
    check_unscanned_files,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


def marked(ids):
    """How many lines of code_positive.py expect one of the IDs."""
    text = (FIXTURES / "code_positive.py").read_text(encoding="utf-8")
    shorts = {check_id.rpartition(".")[2] for check_id in ids}
    return sum(1 for found in re.findall(r"expect: (\w+)", text) if found in shorts)


@pytest.mark.parametrize(
    ("check", "ids", "count"),
    [
        (check_cookie_code, {"django_chained.W150"}, 5),
        (check_authorization_code, {"django_chained.W250", "django_chained.W251"}, 9),
        (check_file_code, {"django_chained.W650", "django_chained.W651"}, 12),
    ],
)
def test_positive_fixture(scanned, check, ids, count):
    with scanned("code_positive.py"):
        messages = check()
    assert {m.id for m in messages} == ids
    assert len(messages) == count == marked(ids)


@pytest.mark.parametrize(
    "check", [check_cookie_code, check_authorization_code, check_file_code]
)
def test_negative_fixture(scanned, check):
    with scanned("code_negative.py"):
        assert check() == []


def authorization_lines(scanned):
    with scanned("access_models.py"):
        return sorted(int(m.obj.rpartition(":")[2]) for m in check_authorization_code())


def test_fetch_of_a_model_without_owner_is_dropped(scanned):
    # Group (line 11, and line 32 through a variable) is public; Document, Project, an unknown
    # and an unnamed model stay.
    assert authorization_lines(scanned) == [15, 19, 23, 27]


@override_settings(CHAINED_OWNER_MODELS=["auth.Group"])
def test_model_listed_as_owned_keeps_its_fetch(scanned):
    assert authorization_lines(scanned) == [11, 15, 19, 23, 27, 32]


def test_unscannable_file_is_one_info(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_bytes(b"mark_safe\x00")
    with override_settings(
        CHAINED_SCAN_EXCLUDE=[str(FIXTURES.parent.parent)],
        CHAINED_SCAN_PATHS=[str(broken)],
    ):
        (message,) = check_unscanned_files()
    assert message.id == "django_chained.I004"
    assert message.level == INFO
    assert message.obj == f"{broken}:1"


def test_nothing_unscannable(scanned):
    with scanned("code_negative.py"):
        assert check_unscanned_files() == []


def test_registered_for_check_deploy(scanned):
    out = StringIO()
    with scanned("code_positive.py"):
        call_command(
            "check", deploy=True, tags=["django_chained"], stdout=out, stderr=out
        )
    for check_id in ("W150", "W250", "W251", "W650", "W651"):
        assert f"django_chained.{check_id}" in out.getvalue()
