"""HTTP to HTTPS, HSTS grading, cookie flags and the proxy-header spoofing test."""

from __future__ import annotations

import pytest

from django_chained.probe import messages as m
from django_chained.probe.http import Response
from django_chained.probe.project import ProjectFacts
from django_chained.probe.transport import (
    MAX_AGE_CAP,
    cookie_messages,
    hsts_messages,
    parse_hsts,
    parse_set_cookie,
    redirect_messages,
    spoofing_messages,
)

HTTP = "http://example.com/"
HTTPS = "https://example.com/"
STRONG = "max-age=63072000; includeSubDomains; preload"
FACTS = ProjectFacts(
    session_cookie="sid",
    hsts_seconds=63_072_000,
    hsts_include_subdomains=True,
    hsts_preload=True,
)


def answer(url, status=200, **headers):
    return Response(url, status, [(k.replace("_", "-"), v) for k, v in headers.items()])


def ids(messages):
    return [message.id for message in messages]


def test_a_max_age_of_thousands_of_digits_is_read_as_forever():
    """int() refuses strings over 4300 digits; a hostile header must not crash the probe."""
    assert parse_hsts("max-age=" + "9" * 5000).max_age == MAX_AGE_CAP
    assert parse_hsts("max-age=" + "0" * 5000 + "42").max_age == 42


class TestRedirect:
    def test_redirect_to_https_on_the_same_host_passes(self):
        response = answer(HTTP, 301, Location="https://EXAMPLE.com/")
        assert redirect_messages(response, "example.com") == []

    def test_page_served_over_http(self):
        response = answer(HTTP, 200)
        assert redirect_messages(response, "example.com") == [
            m.w160_http_not_redirected(url=HTTP, status=200)
        ]

    @pytest.mark.parametrize(
        "location", ["/notes/", "http://example.com/notes/", "https://www.example.com/"]
    )
    def test_first_redirect_elsewhere(self, location):
        response = answer(HTTP, 302, Location=location)
        assert ids(redirect_messages(response, "example.com")) == [
            "django_chained.W161"
        ]


class TestHsts:
    def test_strong_header_matching_settings_passes(self):
        assert (
            hsts_messages(answer(HTTPS, Strict_Transport_Security=STRONG), FACTS) == []
        )

    def test_missing(self):
        assert hsts_messages(answer(HTTPS), FACTS) == [m.w164_hsts_missing(url=HTTPS)]

    def test_too_short_and_weaker_than_settings(self):
        found = hsts_messages(
            answer(HTTPS, Strict_Transport_Security="max-age=300"), FACTS
        )
        assert found == [
            m.w165_hsts_too_short(url=HTTPS, seconds=300, minimum=31_536_000),
            m.w166_hsts_weaker_than_settings(
                url=HTTPS, served="max-age=300", expected=STRONG
            ),
        ]

    @pytest.mark.parametrize(
        "served", ["max-age=63072000; preload", "max-age=63072000; includeSubDomains"]
    )
    def test_directive_missing_that_settings_ask_for(self, served):
        found = hsts_messages(answer(HTTPS, Strict_Transport_Security=served), FACTS)
        assert "django_chained.W166" in ids(found)

    def test_stronger_than_settings_is_fine(self):
        facts = ProjectFacts(hsts_seconds=31_536_000)
        assert (
            hsts_messages(answer(HTTPS, Strict_Transport_Security=STRONG), facts) == []
        )

    def test_no_hsts_in_settings_grades_only_the_minimum(self):
        served = answer(HTTPS, Strict_Transport_Security="max-age=31536000")
        assert hsts_messages(served, ProjectFacts()) == []

    def test_preload_without_its_requirements(self):
        served = answer(HTTPS, Strict_Transport_Security="max-age=31536000; preload")
        assert hsts_messages(served, ProjectFacts()) == [
            m.w167_hsts_preload_unmet(url=HTTPS, missing="includeSubDomains")
        ]

    def test_preload_with_short_max_age(self):
        facts = ProjectFacts(hsts_minimum=60)
        served = answer(
            HTTPS, Strict_Transport_Security="max-age=600; includeSubDomains; preload"
        )
        assert hsts_messages(served, facts) == [
            m.w167_hsts_preload_unmet(url=HTTPS, missing="max-age >= 31536000")
        ]

    def test_repeated_header(self):
        response = Response(
            HTTPS,
            200,
            [
                ("Strict-Transport-Security", STRONG),
                ("Strict-Transport-Security", STRONG),
            ],
        )
        assert hsts_messages(response, FACTS) == [
            m.w168_hsts_repeated(url=HTTPS, count=2)
        ]

    def test_parse_accepts_quotes_case_and_stray_semicolons(self):
        hsts = parse_hsts(' MAX-AGE="600" ;; INCLUDESUBDOMAINS;Preload ')
        assert (hsts.max_age, hsts.include_subdomains, hsts.preload) == (
            600,
            True,
            True,
        )
        assert parse_hsts("includeSubDomains").max_age is None


SESSION = answer(HTTPS, Set_Cookie="sid=abc; Secure; HttpOnly")


class TestCookies:
    def test_secure_cookies_pass(self):
        response = answer(
            HTTPS, Set_Cookie="sid=abc; expires=Thu; HttpOnly; Path=/; Secure"
        )
        assert cookie_messages([response], FACTS) == []

    def test_cookie_without_secure_is_reported_once(self):
        response = answer(HTTPS, Set_Cookie="csrftoken=abc; Path=/; SameSite=Lax")
        again = answer(HTTPS + "again", Set_Cookie="csrftoken=abc")
        assert cookie_messages([response, again, SESSION], FACTS) == [
            m.w170_cookie_not_secure(url=HTTPS, name="csrftoken")
        ]

    def test_session_cookie_without_httponly(self):
        response = answer(HTTPS, Set_Cookie="sid=abc; Secure")
        assert cookie_messages([response, response], FACTS) == [
            m.w171_session_cookie_script_readable(url=HTTPS, name="sid")
        ]

    def test_other_cookies_may_be_script_readable(self):
        response = answer(HTTPS, Set_Cookie="csrftoken=abc; Secure")
        assert cookie_messages([response, SESSION], FACTS) == []

    def test_deleted_cookies_and_plain_http_answers_are_ignored(self):
        deleted = answer(HTTPS, Set_Cookie='sid=""; Max-Age=0; Path=/')
        plain = answer(HTTP, Set_Cookie="sid=abc")
        assert cookie_messages([deleted, plain], FACTS) == [
            m.i172_session_cookie_unseen(url=HTTPS, name="sid")
        ]

    def test_no_https_answers_no_cookie_findings(self):
        assert cookie_messages([answer(HTTP, Set_Cookie="sid=abc")], FACTS) == []

    def test_parse_set_cookie(self):
        cookie = parse_set_cookie("a=b=c; Secure; Max-Age=-1")
        assert (cookie.name, "secure" in cookie.attributes, cookie.deleted) == (
            "a",
            True,
            True,
        )


class TestSpoofing:
    header = "X-Forwarded-Proto: https"

    def test_header_that_removes_the_https_redirect(self):
        plain = answer(HTTP, 301, Location=HTTPS)
        spoofed = answer(HTTP, 302, Location="/notes/")
        assert spoofing_messages(plain, spoofed, FACTS) == [
            m.w175_proxy_header_spoofable(url=HTTP, header=self.header)
        ]

    def test_header_that_brings_hsts_over_plain_http(self):
        spoofed = answer(HTTP, 200, Strict_Transport_Security=STRONG)
        assert ids(spoofing_messages(answer(HTTP), spoofed, FACTS)) == [
            "django_chained.W175"
        ]

    def test_configured_header_is_named(self):
        facts = ProjectFacts(proxy_header=("X-Scheme", "on"))
        spoofed = answer(HTTP, 200, Strict_Transport_Security=STRONG)
        found = spoofing_messages(answer(HTTP), spoofed, facts)
        assert (
            found[0].msg
            == "A plain-HTTP request carrying 'X-Scheme: on' is treated as secure."
        )

    def test_header_ignored(self):
        plain = answer(HTTP, 301, Location=HTTPS)
        assert spoofing_messages(plain, plain, FACTS) == []
