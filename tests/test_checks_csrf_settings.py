"""Settings-level 5xx rules, as pure functions over any settings-like object (shared with the standalone scanner)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import override_settings

from django_chained.checks import csrf_settings as cs
from django_chained.checks.csrf import check_csrf_settings, settings_messages

SESSION = cs.SESSION_MIDDLEWARE
CSRF = cs.CSRF_MIDDLEWARE
AUTH = cs.AUTHENTICATION_MIDDLEWARE
XFRAME = cs.XFRAME_MIDDLEWARE


def ids(messages):
    return [m.id.rsplit(".", 1)[1] for m in messages]


def settings_like(**values):
    return SimpleNamespace(**values)


class TestSettingsMessages:
    def test_django_defaults_are_clean(self):
        assert settings_messages(settings_like()) == []

    def test_hardened_style_settings_are_clean(self):
        s = settings_like(
            MIDDLEWARE=[SESSION, CSRF, AUTH, XFRAME],
            CSRF_USE_SESSIONS=True,
            CSRF_TRUSTED_ORIGINS=[
                "https://*.example.com",
                "https://shop.example.org:8443",
            ],
            X_FRAME_OPTIONS="SAMEORIGIN",
            SESSION_COOKIE_SAMESITE="Strict",
            CSRF_COOKIE_SAMESITE="None",
            CSRF_COOKIE_HTTPONLY=True,
        )
        assert settings_messages(s) == []

    def test_garbage_values_do_not_raise(self):
        s = settings_like(
            MIDDLEWARE="not a list", CSRF_TRUSTED_ORIGINS=42, CSRF_USE_SESSIONS=True
        )
        assert settings_messages(s) == []

    @override_settings(
        X_FRAME_OPTIONS="ALLOW-FROM https://x.example", MIDDLEWARE=[XFRAME]
    )
    def test_registered_check_reads_django_settings(self):
        assert ids(check_csrf_settings()) == ["W512"]


class TestCsrfUseSessionsOrder:
    def test_session_middleware_after_csrf(self):
        s = settings_like(CSRF_USE_SESSIONS=True, MIDDLEWARE=[CSRF, SESSION])
        (message,) = cs.check_csrf_sessions_order(s)
        assert message.id == "django_chained.E510"
        assert "comes after" in message.msg

    def test_session_middleware_missing(self):
        s = settings_like(CSRF_USE_SESSIONS=True, MIDDLEWARE=[CSRF])
        assert "not in MIDDLEWARE" in cs.check_csrf_sessions_order(s)[0].msg

    @pytest.mark.parametrize(
        "values",
        [
            {"CSRF_USE_SESSIONS": True, "MIDDLEWARE": [SESSION, CSRF]},
            {"CSRF_USE_SESSIONS": False, "MIDDLEWARE": [CSRF, SESSION]},
            {"CSRF_USE_SESSIONS": True, "MIDDLEWARE": [SESSION]},
        ],
    )
    def test_fine(self, values):
        assert cs.check_csrf_sessions_order(settings_like(**values)) == []


class TestTrustedOriginWildcards:
    @pytest.mark.parametrize(
        ("origin", "words"),
        [
            ("https://*", "bare wildcard"),
            ("https://*.com", "every site under .com"),
            ("https://*.co.uk", "anyone can get a host name"),
            ("https://*.herokuapp.com:443", "under .herokuapp.com"),
        ],
    )
    def test_too_broad(self, origin, words):
        (message,) = cs.check_trusted_origin_wildcards(
            settings_like(CSRF_TRUSTED_ORIGINS=[origin])
        )
        assert message.id == "django_chained.W511"
        assert words in message.msg
        assert repr(origin) in message.msg

    @pytest.mark.parametrize(
        "origin",
        [
            "https://example.com",
            "https://*.example.com",
            "https://*.myapp.herokuapp.com",
            "*.example.com",  # no scheme: Django's own 4_0.E001
            "https://foo.*.com",  # Django only honours a leading wildcard
            "https://*[::1",  # unparseable
            123,
        ],
    )
    def test_fine(self, origin):
        s = settings_like(CSRF_TRUSTED_ORIGINS=[origin])
        assert cs.check_trusted_origin_wildcards(s) == []

    def test_one_message_per_entry(self):
        s = settings_like(
            CSRF_TRUSTED_ORIGINS=("https://*.com", "https://a.b", "https://*.net")
        )
        assert ids(cs.check_trusted_origin_wildcards(s)) == ["W511", "W511"]


class TestXFrameOptionsValue:
    @pytest.mark.parametrize(
        "value", ["ALLOW-FROM https://a.example", "SAME-ORIGIN", "", None, 1]
    )
    def test_invalid(self, value):
        s = settings_like(MIDDLEWARE=[XFRAME], X_FRAME_OPTIONS=value)
        assert ids(cs.check_x_frame_options_value(s)) == ["W512"]

    @pytest.mark.parametrize("value", ["DENY", "deny", "SameOrigin", " DENY "])
    def test_valid(self, value):
        s = settings_like(MIDDLEWARE=[XFRAME], X_FRAME_OPTIONS=value)
        assert cs.check_x_frame_options_value(s) == []

    def test_default_is_deny(self):
        assert cs.check_x_frame_options_value(settings_like(MIDDLEWARE=[XFRAME])) == []

    def test_silent_without_middleware(self):
        s = settings_like(MIDDLEWARE=[], X_FRAME_OPTIONS="nonsense")
        assert cs.check_x_frame_options_value(s) == []


class TestCsrfCookieHttpOnly:
    def test_httponly_cookie(self):
        assert cs.check_csrf_cookie_httponly(
            settings_like(CSRF_COOKIE_HTTPONLY=True)
        ) == [cs.I513]

    @pytest.mark.parametrize(
        "values",
        [
            {},
            {"CSRF_COOKIE_HTTPONLY": False},
            {"CSRF_COOKIE_HTTPONLY": True, "CSRF_USE_SESSIONS": True},
        ],
    )
    def test_fine(self, values):
        assert cs.check_csrf_cookie_httponly(settings_like(**values)) == []


class TestSameSite:
    @pytest.mark.parametrize("value", ["None", "none", None, False])
    def test_session_cookie_cross_site(self, value):
        s = settings_like(MIDDLEWARE=[SESSION], SESSION_COOKIE_SAMESITE=value)
        assert ids(cs.check_samesite(s)) == ["W514"]

    def test_cross_site_session_cookie_needs_sessions(self):
        s = settings_like(MIDDLEWARE=[], SESSION_COOKIE_SAMESITE="None")
        assert cs.check_samesite(s) == []

    @pytest.mark.parametrize("value", ["Lax", "strict", "STRICT"])
    def test_valid(self, value):
        s = settings_like(
            MIDDLEWARE=[SESSION],
            SESSION_COOKIE_SAMESITE=value,
            CSRF_COOKIE_SAMESITE=value,
        )
        assert cs.check_samesite(s) == []

    @pytest.mark.parametrize(
        "setting", ["SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"]
    )
    @pytest.mark.parametrize("value", ["Lax ", "yes", True])
    def test_invalid(self, setting, value):
        (message,) = cs.check_samesite(
            settings_like(MIDDLEWARE=[SESSION], **{setting: value})
        )
        assert message.id == "django_chained.E515"
        assert message.msg.startswith(setting)

    def test_csrf_cookie_ignored_when_token_in_session(self):
        s = settings_like(CSRF_USE_SESSIONS=True, CSRF_COOKIE_SAMESITE="bogus")
        assert cs.check_samesite(s) == []
