from __future__ import annotations

import importlib
import re
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings

from django_chained.checks import https
from django_chained.checks import https_messages as m
from django_chained.sourcetree.settings_reader import StaticSettings

SECURITY = "django.middleware.security.SecurityMiddleware"
OURS = "django_chained.middleware.HttpsMiddleware"
SESSION = "django.contrib.sessions.middleware.SessionMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"
#: A CSRF middleware under the project's own path: Django's security.W016 does not see its cookie.
CUSTOM_CSRF = "project.csrf.CsrfViewMiddleware"
ONE_YEAR = 31_536_000

# A deployment the 1xx checks have nothing to say about; each test changes one thing.
GOOD = {
    "MIDDLEWARE": [SECURITY, OURS, SESSION, CSRF],
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": ONE_YEAR,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": False,
    "SECURE_PROXY_SSL_HEADER": None,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "CSRF_TRUSTED_ORIGINS": ["https://example.com"],
    "USE_X_FORWARDED_HOST": False,
    "CHAINED_TLS_TERMINATED_UPSTREAM": False,
}
good_settings = override_settings(**GOOD)


@good_settings
class CheckHttpsRedirectAndHstsTests(SimpleTestCase):
    check = staticmethod(https.check_https_redirect_and_hsts)

    def test_both_middlewares_configured(self):
        assert self.check() == []

    @override_settings(MIDDLEWARE=[OURS])
    def test_https_middleware_alone_configured(self):
        assert self.check() == []

    @override_settings(MIDDLEWARE=[SECURITY])
    def test_security_middleware_alone_configured(self):
        assert self.check() == []

    @override_settings(MIDDLEWARE=[SESSION])
    def test_neither_middleware(self):
        assert self.check() == [m.W101, m.W102]

    @override_settings(MIDDLEWARE=[OURS], SECURE_SSL_REDIRECT=False)
    def test_redirect_off_with_https_middleware(self):
        assert self.check() == [m.W101]

    @override_settings(MIDDLEWARE=[OURS], SECURE_SSL_REDIRECT="1")
    def test_redirect_truthy_but_not_true(self):
        assert self.check() == [m.W101]

    @override_settings(MIDDLEWARE=[SECURITY], SECURE_SSL_REDIRECT=False)
    def test_redirect_off_with_security_middleware_left_to_django_w008(self):
        assert self.check() == []

    @override_settings(SECURE_REDIRECT_EXEMPT=[r"^healthz/$", r"^$", r"^\.well-known/"])
    def test_narrow_exemptions_pass(self):
        assert self.check() == []

    def test_exemption_matching_every_path(self):
        for pattern in ("", "^", ".*", "/?", "(?i)"):
            for listed in ([SECURITY], [OURS], [SECURITY, OURS]):
                with (
                    self.subTest(pattern=pattern, middleware=listed),
                    self.settings(
                        SECURE_REDIRECT_EXEMPT=["^healthz/$", pattern],
                        MIDDLEWARE=listed,
                    ),
                ):
                    assert self.check() == [m.W116]

    @override_settings(SECURE_REDIRECT_EXEMPT=[".*"], SECURE_SSL_REDIRECT=False)
    def test_catch_all_exemption_without_redirect_not_reported_twice(self):
        assert self.check() == []

    @override_settings(
        SECURE_REDIRECT_EXEMPT=[".*"], CHAINED_TLS_TERMINATED_UPSTREAM=True
    )
    def test_catch_all_exemption_covered_by_tls_upstream(self):
        covered = ["django_chained.W116"]
        assert self.check() == [m.i107_tls_terminated_upstream(covered=covered)]

    @override_settings(MIDDLEWARE=[OURS], SECURE_HSTS_SECONDS=0)
    def test_hsts_off_with_https_middleware(self):
        assert self.check() == [m.W102]

    @override_settings(MIDDLEWARE=[OURS], SECURE_HSTS_SECONDS=None)
    def test_hsts_none_is_off(self):
        assert self.check() == [m.W102]

    @override_settings(MIDDLEWARE=[SECURITY], SECURE_HSTS_SECONDS=0)
    def test_hsts_off_with_security_middleware_left_to_django_w004(self):
        assert self.check() == []

    @override_settings(SECURE_HSTS_SECONDS=3600)
    def test_hsts_below_minimum(self):
        assert self.check() == [m.w103_hsts_too_short(seconds=3600, minimum=ONE_YEAR)]

    @override_settings(MIDDLEWARE=[SECURITY], SECURE_HSTS_SECONDS=3600)
    def test_hsts_below_minimum_with_security_middleware_alone(self):
        assert self.check() == [m.w103_hsts_too_short(seconds=3600, minimum=ONE_YEAR)]

    @override_settings(SECURE_HSTS_SECONDS=3600, CHAINED_HSTS_MIN_SECONDS=3600)
    def test_hsts_minimum_is_configurable(self):
        assert self.check() == []

    @override_settings(SECURE_HSTS_SECONDS=3600, CHAINED_HSTS_MIN_SECONDS="x")
    def test_invalid_minimum_falls_back_to_one_year(self):
        assert self.check() == [m.w103_hsts_too_short(seconds=3600, minimum=ONE_YEAR)]

    def test_hsts_seconds_malformed(self):
        for value in ("31536000", -1, True, 1.5):
            with self.subTest(value=value), self.settings(SECURE_HSTS_SECONDS=value):
                assert self.check() == [m.e104_hsts_seconds_invalid(value=value)]

    @override_settings(MIDDLEWARE=[OURS], SECURE_HSTS_INCLUDE_SUBDOMAINS=False)
    def test_no_include_subdomains_with_https_middleware(self):
        assert self.check() == [m.W105]

    @override_settings(MIDDLEWARE=[OURS], SECURE_HSTS_INCLUDE_SUBDOMAINS="yes")
    def test_include_subdomains_truthy_but_not_true(self):
        assert self.check() == [m.W105]

    @override_settings(SECURE_HSTS_INCLUDE_SUBDOMAINS=False)
    def test_no_include_subdomains_with_security_middleware_left_to_django_w005(self):
        assert self.check() == []

    @override_settings(SECURE_HSTS_PRELOAD=True)
    def test_preload_eligible(self):
        assert self.check() == []

    @override_settings(SECURE_HSTS_PRELOAD=True, SECURE_HSTS_INCLUDE_SUBDOMAINS=False)
    def test_preload_without_include_subdomains(self):
        reasons = ["includeSubDomains is missing"]
        assert self.check() == [m.w106_preload_not_eligible(reasons=reasons)]

    @override_settings(
        MIDDLEWARE=[OURS],
        SECURE_HSTS_PRELOAD=True,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=False,
    )
    def test_preload_without_include_subdomains_is_one_message_not_w105_too(self):
        reasons = ["includeSubDomains is missing"]
        assert self.check() == [m.w106_preload_not_eligible(reasons=reasons)]

    @override_settings(
        SECURE_HSTS_PRELOAD=True,
        SECURE_HSTS_SECONDS=604_800,
        CHAINED_HSTS_MIN_SECONDS=3600,
    )
    def test_preload_below_one_year(self):
        reasons = ["max-age=604800 is below 31536000"]
        assert self.check() == [m.w106_preload_not_eligible(reasons=reasons)]

    @override_settings(MIDDLEWARE=[SESSION], CHAINED_TLS_TERMINATED_UPSTREAM=True)
    def test_tls_upstream_turns_warnings_into_one_info(self):
        covered = ["django_chained.W101", "django_chained.W102"]
        assert self.check() == [m.i107_tls_terminated_upstream(covered=covered)]

    @override_settings(CHAINED_TLS_TERMINATED_UPSTREAM=True)
    def test_tls_upstream_without_warnings_says_nothing(self):
        assert self.check() == []

    @override_settings(CHAINED_TLS_TERMINATED_UPSTREAM=True, SECURE_HSTS_SECONDS="1y")
    def test_tls_upstream_keeps_errors(self):
        assert self.check() == [m.e104_hsts_seconds_invalid(value="1y")]


# Without HttpsMiddleware, which would mark every cookie Secure (see CookiesSecuredByHttpsMiddlewareTests).
@override_settings(MIDDLEWARE=[SECURITY, SESSION, CSRF])
@good_settings
class CheckHttpsCookiesTests(SimpleTestCase):
    check = staticmethod(https.check_https_cookies)

    def test_all_cookies_secure(self):
        assert self.check() == []

    @override_settings(
        LANGUAGE_COOKIE_SECURE=False,
        USE_I18N=True,
        MIDDLEWARE=[
            SECURITY,
            SESSION,
            "django.middleware.locale.LocaleMiddleware",
            CSRF,
        ],
    )
    def test_language_cookie_not_reported_even_where_used(self):
        # It holds only a UI language code (every such finding on the real sites was false).
        assert self.check() == []

    @override_settings(
        LANGUAGE_COOKIE_SECURE=False,
        SESSION_COOKIE_SECURE=False,
        INSTALLED_APPS=["django.contrib.contenttypes"],
        MIDDLEWARE=[SECURITY, "project.middleware.SignedSessionMiddleware"],
    )
    def test_only_the_session_cookie_reported_beside_an_insecure_language_cookie(self):
        expected = m.w108_cookie_not_secure(setting="SESSION_COOKIE_SECURE")
        assert self.check() == [expected]

    @override_settings(SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False)
    def test_session_and_csrf_cookies_left_to_django_w012_w016(self):
        assert self.check() == []

    @override_settings(
        SESSION_COOKIE_SECURE=False,
        INSTALLED_APPS=["django.contrib.contenttypes"],
        MIDDLEWARE=[SECURITY, "project.middleware.SignedSessionMiddleware"],
    )
    def test_session_cookie_of_a_custom_session_middleware(self):
        expected = m.w108_cookie_not_secure(setting="SESSION_COOKIE_SECURE")
        assert self.check() == [expected]

    @override_settings(
        CSRF_COOKIE_SECURE=False,
        MIDDLEWARE=[SECURITY, "project.csrf.CsrfViewMiddleware"],
    )
    def test_csrf_cookie_of_a_custom_csrf_middleware(self):
        expected = m.w108_cookie_not_secure(setting="CSRF_COOKIE_SECURE")
        assert self.check() == [expected]

    @override_settings(
        CSRF_COOKIE_SECURE=False,
        CSRF_USE_SESSIONS=True,
        MIDDLEWARE=[SECURITY, "project.csrf.CsrfViewMiddleware"],
    )
    def test_csrf_cookie_unused_with_csrf_in_sessions(self):
        assert self.check() == []

    @override_settings(SESSION_COOKIE_SAMESITE="None", SESSION_COOKIE_SECURE=False)
    def test_samesite_none_without_secure(self):
        expected = m.w109_samesite_none_without_secure(cookie="SESSION_COOKIE")
        assert self.check() == [expected]

    @override_settings(
        LANGUAGE_COOKIE_SAMESITE="none",
        LANGUAGE_COOKIE_SECURE=False,
        MIDDLEWARE=[
            SECURITY,
            SESSION,
            "django.middleware.locale.LocaleMiddleware",
            CSRF,
        ],
    )
    def test_samesite_none_reported_once_per_cookie(self):
        expected = m.w109_samesite_none_without_secure(cookie="LANGUAGE_COOKIE")
        assert self.check() == [expected]

    @override_settings(
        LANGUAGE_COOKIE_SAMESITE="none",
        LANGUAGE_COOKIE_SECURE=False,
        MIDDLEWARE=[SECURITY, SESSION, "shop.middleware.ShopLocaleMiddleware", CSRF],
    )
    def test_a_locale_middleware_of_the_project_reads_the_language_cookie(self):
        expected = m.w109_samesite_none_without_secure(cookie="LANGUAGE_COOKIE")
        assert self.check() == [expected]

    @override_settings(LANGUAGE_COOKIE_SAMESITE="none", LANGUAGE_COOKIE_SECURE=False)
    def test_language_cookie_without_a_locale_middleware_is_never_read(self):
        # No LocaleMiddleware: nothing reads the cookie back, whatever its attributes.
        assert self.check() == []

    @override_settings(SESSION_COOKIE_SAMESITE="None")
    def test_samesite_none_with_secure(self):
        assert self.check() == []

    @override_settings(
        CSRF_COOKIE_SAMESITE="None", CSRF_COOKIE_SECURE=False, CSRF_USE_SESSIONS=True
    )
    def test_samesite_none_on_unused_csrf_cookie(self):
        assert self.check() == []


@good_settings
class CheckCsrfTrustedOriginsHttpsTests(SimpleTestCase):
    check = staticmethod(https.check_csrf_trusted_origins_https)

    def test_https_origins(self):
        assert self.check() == []

    @override_settings(
        CSRF_TRUSTED_ORIGINS=[
            "https://a.example",
            "http://b.example",
            "HTTP://c.example",
        ]
    )
    def test_http_origins(self):
        origins = ["http://b.example", "HTTP://c.example"]
        assert self.check() == [m.w110_http_trusted_origins(origins=origins)]

    @override_settings(CSRF_TRUSTED_ORIGINS="http://a.example")
    def test_not_a_list_left_to_django(self):
        assert self.check() == []


@good_settings
class CheckForwardedHostTests(SimpleTestCase):
    check = staticmethod(https.check_forwarded_host)

    def test_off(self):
        assert self.check() == []

    @override_settings(USE_X_FORWARDED_HOST=True)
    def test_on(self):
        assert self.check() == [m.W111]


@good_settings
class CheckProxySslHeaderTests(SimpleTestCase):
    check = staticmethod(https.check_proxy_ssl_header)

    def test_unset(self):
        assert self.check() == []

    @override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
    def test_well_formed(self):
        assert self.check() == []

    def test_malformed(self):
        pair = "must be a (header, value) pair"
        strings = "must hold two strings"
        cases = {
            "HTTP_X_FORWARDED_PROTO": pair,
            ("HTTP_X_FORWARDED_PROTO", "https", "x"): pair,
            ("HTTP_X_FORWARDED_PROTO", None): strings,
            (b"HTTP_X_FORWARDED_PROTO", "https"): strings,
        }
        for value, problem in cases.items():
            with (
                self.subTest(value=value),
                self.settings(SECURE_PROXY_SSL_HEADER=value),
            ):
                expected = m.e112_proxy_ssl_header_malformed(
                    problem=problem, value=value
                )
                assert self.check() == [expected]

    def test_header_not_in_meta_form(self):
        for header in ("X-Forwarded-Proto", "HTTP_X-FORWARDED-PROTO", "http_x_proto"):
            value = (header, "https")
            with (
                self.subTest(header=header),
                self.settings(SECURE_PROXY_SSL_HEADER=value),
            ):
                [message] = self.check()
                assert message.id == "django_chained.E112"
                assert repr(header) in message.msg


class CheckRedirectSettingsTests(SimpleTestCase):
    check = staticmethod(https.check_redirect_settings)

    def test_defaults(self):
        assert self.check() == []

    @override_settings(
        SECURE_REDIRECT_EXEMPT=[r"^healthz/$", re.compile("^api/")],
        SECURE_SSL_HOST="secure.example.com:8443",
    )
    def test_well_formed(self):
        assert self.check() == []

    @override_settings(SECURE_REDIRECT_EXEMPT={"^a/", "^b/"})
    def test_set_of_patterns_accepted_as_django_does(self):
        assert self.check() == []

    @override_settings(SECURE_SSL_HOST="[::1]:8443", SECURE_REDIRECT_EXEMPT=())
    def test_ipv6_ssl_host_and_empty_tuple(self):
        assert self.check() == []

    def test_exempt_not_a_list(self):
        for value in ("^healthz/", None, 5):
            with self.subTest(value=value), self.settings(SECURE_REDIRECT_EXEMPT=value):
                assert self.check() == [
                    m.e114_redirect_exempt_malformed(
                        problem="must be a list or tuple of regular expressions",
                        value=value,
                    )
                ]

    @override_settings(SECURE_REDIRECT_EXEMPT=[1, "^ok/", "[", b"^bytes/"])
    def test_exempt_entries_not_regex_strings(self):
        assert self.check() == [
            m.e114_redirect_exempt_malformed(
                problem="holds entries that are not valid regular-expression strings",
                value=[1, "[", b"^bytes/"],
            )
        ]

    def test_ssl_host_not_a_host(self):
        for value in ("https://example.com", "example.com/", "exa mple.com", 5, b"x"):
            with self.subTest(value=value), self.settings(SECURE_SSL_HOST=value):
                assert self.check() == [m.e115_ssl_host_malformed(value=value)]

    @override_settings(SECURE_REDIRECT_EXEMPT=[1])
    def test_exempt_error_fails_every_check_run(self):
        with pytest.raises(SystemCheckError, match="django_chained.E114"):
            call_command("check", stderr=StringIO(), stdout=StringIO())


@good_settings
class CheckHttpsMiddlewareOrderTests(SimpleTestCase):
    check = staticmethod(https.check_https_middleware_order)

    def test_right_after_security_middleware(self):
        assert self.check() == []

    @override_settings(MIDDLEWARE=[OURS, SECURITY, SESSION])
    def test_first(self):
        assert self.check() == []

    @override_settings(MIDDLEWARE=[SECURITY, SESSION])
    def test_not_listed(self):
        assert self.check() == []

    @override_settings(MIDDLEWARE=[SECURITY, SESSION, CSRF, OURS])
    def test_after_a_middleware_that_sets_cookies(self):
        assert self.check() == [m.w113_https_middleware_not_first(before=SESSION)]


@good_settings
class CookiesSecuredByHttpsMiddlewareTests(SimpleTestCase):
    """HttpsMiddleware redirecting plain HTTP and marking every cookie Secure leaves no cookie on plain HTTP."""

    check = staticmethod(https.check_https_cookies)
    unsecured = override_settings(
        MIDDLEWARE=[SECURITY, OURS, SESSION, CUSTOM_CSRF],
        CSRF_COOKIE_SECURE=False,
        SESSION_COOKIE_SAMESITE="None",
        SESSION_COOKIE_SECURE=False,
    )

    @unsecured
    def test_no_cookie_warning_while_https_middleware_secures_them(self):
        assert self.check() == []

    @unsecured
    @override_settings(MIDDLEWARE=[OURS, SESSION, CUSTOM_CSRF])
    def test_https_middleware_alone_secures_them(self):
        assert self.check() == []

    @unsecured
    @override_settings(CHAINED_SECURE_ALL_COOKIES=False)
    def test_reported_when_the_middleware_leaves_cookies_alone(self):
        assert ids(self.check()) == ["W109", "W108"]

    @unsecured
    @override_settings(SECURE_SSL_REDIRECT=False)
    def test_reported_when_plain_http_reaches_the_views(self):
        assert ids(self.check()) == ["W109", "W108"]

    @unsecured
    @override_settings(MIDDLEWARE=[SECURITY, SESSION, CUSTOM_CSRF, OURS])
    def test_reported_when_a_middleware_sets_cookies_after_its_pass(self):
        assert ids(self.check()) == ["W109", "W108"]


def ids(messages):
    return [str(message.id).rsplit(".", 1)[-1] for message in messages]


def static_settings(**values):
    """What the standalone scan makes of a settings module assigning ``values``."""
    return StaticSettings(path=Path("settings.py"), values=values)


class SettingsMessagesTests(SimpleTestCase):
    """``settings_messages`` runs on any settings-like object, as the standalone scanner needs."""

    def test_empty_object_reads_django_defaults(self):
        expected = [m.W101, m.W102]
        assert https.settings_messages(static_settings()) == expected

    def test_malformed_middleware_setting_reads_as_empty(self):
        namespace = static_settings(**{**GOOD, "MIDDLEWARE": "not a list"})
        assert https.settings_messages(namespace) == [m.W101, m.W102]

    def test_good_namespace_reports_nothing(self):
        assert https.settings_messages(static_settings(**GOOD)) == []

    def test_namespace_matches_django_settings(self):
        demo = {
            **GOOD,
            "MIDDLEWARE": [SESSION, OURS],
            "SECURE_HSTS_SECONDS": 60,
            "SESSION_COOKIE_SAMESITE": "None",
            "SESSION_COOKIE_SECURE": False,
            "CSRF_TRUSTED_ORIGINS": ["http://localhost:8000"],
            "USE_X_FORWARDED_HOST": True,
            "SECURE_PROXY_SSL_HEADER": ("X-Forwarded-Proto", "https"),
            "CHAINED_HSTS_MIN_SECONDS": 120,
        }
        from_namespace = https.settings_messages(static_settings(**demo))
        with self.settings(**demo):
            from_settings = https.settings_messages(settings)
            registered = [r.check() for r in https.REGISTRY]
        assert from_namespace == from_settings
        assert from_settings == [msg for messages in registered for msg in messages]
        assert sorted(str(msg.id)[-4:] for msg in from_namespace) == [
            "E112",
            "W103",
            "W109",
            "W110",
            "W111",
            "W113",
        ]


class RegistrationTests(SimpleTestCase):
    @override_settings(MIDDLEWARE=[SESSION], USE_X_FORWARDED_HOST=True)
    def test_deploy_checks_are_registered(self):
        stderr = StringIO()
        call_command(
            "check",
            deploy=True,
            fail_level="CRITICAL",
            stderr=stderr,
            stdout=StringIO(),
        )
        for check_id in ("W101", "W102", "W111"):
            assert f"django_chained.{check_id}" in stderr.getvalue()

    @override_settings(USE_X_FORWARDED_HOST=True)
    def test_deploy_checks_not_run_without_deploy(self):
        stderr = StringIO()
        call_command("check", fail_level="CRITICAL", stderr=stderr, stdout=StringIO())
        assert "django_chained.W111" not in stderr.getvalue()

    @override_settings(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    def test_proxy_header_error_fails_every_check_run(self):
        with pytest.raises(SystemCheckError, match="django_chained.E112"):
            call_command("check", stderr=StringIO(), stdout=StringIO())


TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("testproject.settings", ["W110", "W111"]),
        ("testproject.settings_hardened", []),
    ],
)
def test_testproject_settings_modules(monkeypatch, module, expected):
    """A settings module object is settings-like too: the demo trips 1xx rules, the hardened one none."""
    monkeypatch.syspath_prepend(str(TESTPROJECT))
    before = set(sys.modules)
    try:
        messages = https.settings_messages(importlib.import_module(module))
    finally:
        for name in set(sys.modules) - before:
            del sys.modules[name]
    assert sorted(str(msg.id)[-4:] for msg in messages) == expected
