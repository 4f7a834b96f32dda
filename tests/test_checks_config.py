from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings

from django_chained.checks import config
from django_chained.conf import SPECS
from tests.chained_settings_cases import BAD_VALUES, WRONG_TYPES


def test_every_setting_has_a_wrong_type_case():
    assert set(WRONG_TYPES) == set(SPECS)


@pytest.mark.parametrize(("name", "value"), sorted(WRONG_TYPES.items()))
def test_wrong_type_is_e001_naming_the_setting(name, value):
    with override_settings(**{name: value}):
        messages = config.check_settings()
    assert [m.id for m in messages] == ["django_chained.E001"]
    assert messages[0].msg.startswith(name)


@pytest.mark.parametrize(("name", "value"), sorted(BAD_VALUES.items()))
def test_bad_value_is_e002_naming_the_setting(name, value):
    with override_settings(**{name: value}):
        messages = config.check_settings()
    assert [m.id for m in messages] == ["django_chained.E002"]
    assert name in messages[0].msg


class CheckSettingsTests(SimpleTestCase):
    def test_unset_settings_pass(self):
        assert config.check_settings() == []

    @override_settings(
        CHAINED_SECURE_ALL_COOKIES=False,
        CHAINED_HSTS_MIN_SECONDS=600,
        CHAINED_SCAN_PATHS=["src"],
        CHAINED_CSRF_EXEMPT_ALLOWED={"app.views.hook": "HMAC-signed"},
        CHAINED_ACCEPTED_RISKS={
            "django_chained.W501": {"app.views.hook": "HMAC-signed"}
        },
        CHAINED_CACHE_DIR="/tmp/chained",
    )
    def test_valid_settings_pass(self):
        assert config.check_settings() == []

    @override_settings(
        CHAINED_SCAN_PATHS=[Path("/srv/site/legacy")],
        CHAINED_SCAN_EXCLUDE=[Path("/srv/site/vendor"), "*/fixtures/*"],
        CHAINED_ADVISORY_PATHS=(Path("/srv/site/osv"),),
        CHAINED_CACHE_DIR=Path("/srv/site/.cache"),
    )
    def test_path_settings_accept_pathlib_paths(self):
        """The docs' settings examples build them from ``BASE_DIR``, a ``Path`` in startproject's settings."""
        assert config.check_settings() == []

    @override_settings(CHAINED_SCAN_PATHS=Path("/srv/site/legacy"))
    def test_single_path_instead_of_a_list_is_e001(self):
        [message] = config.check_settings()
        assert message.id == "django_chained.E001"
        assert "list or tuple of paths" in message.msg

    @override_settings(CHAINED_SECURE_ALL_COOKIES="yes")
    def test_error_fails_manage_py_check(self):
        with pytest.raises(SystemCheckError, match=r"django_chained\.E001"):
            call_command("check")


class CheckUnknownSettingsTests(SimpleTestCase):
    def test_known_settings_pass(self):
        assert config.check_unknown_settings() == []

    @override_settings(CHAINED_HSTS_MIN_SECOND=600)
    def test_typo_is_w003_with_suggestion(self):
        messages = config.check_unknown_settings()
        assert [m.id for m in messages] == ["django_chained.W003"]
        assert "CHAINED_HSTS_MIN_SECONDS" in str(messages[0].hint)

    @override_settings(CHAINED_XYZZY=1)
    def test_unrelated_name_hint_says_remove(self):
        assert str(config.check_unknown_settings()[0].hint).startswith("Remove it")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CHAINED_SCAN_PATHS", ["src", "a\0b"]),
        ("CHAINED_SCAN_PATHS", [Path("a\0b")]),
        ("CHAINED_CACHE_DIR", "cache\0dir"),
        ("CHAINED_CACHE_DIR", Path("cache\0dir")),
        ("CHAINED_ADVISORY_PATHS", ["osv\0.json"]),
    ],
)
def test_nul_byte_in_a_path_is_e002_in_manage_py_check(name, value, tmp_path):
    # No file can be named so: every os call on it raises ValueError, which the check must not let out.
    scan = {"CHAINED_SCAN_PATHS": [str(tmp_path)], "CHAINED_CACHE_DIR": str(tmp_path)}
    with override_settings(**{**scan, name: value}):
        assert [m.id for m in config.check_settings()] == ["django_chained.E002"]
        with pytest.raises(SystemCheckError, match=r"django_chained\.E002") as raised:
            call_command("check", "--deploy")
    assert "NUL" in str(raised.value)
