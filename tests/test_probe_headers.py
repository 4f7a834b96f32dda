"""Page headers: framing protection, nosniff, Referrer-Policy."""

from __future__ import annotations

import pytest

from django_chained.probe import messages as m
from django_chained.probe.headers import content_messages, framing_messages
from django_chained.probe.http import Response

URL = "https://example.com/"


def page(*headers):
    return Response(URL, 200, list(headers))


@pytest.mark.parametrize("value", ["DENY", "sameorigin", " SAMEORIGIN "])
def test_valid_frame_options_pass(value):
    assert framing_messages(page(("X-Frame-Options", value))) == []


def test_csp_frame_ancestors_is_enough_even_beside_a_bad_frame_options():
    response = page(
        ("X-Frame-Options", "ALLOW-FROM https://a.test"),
        ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    )
    assert framing_messages(response) == []


def test_no_framing_protection():
    csp = ("Content-Security-Policy", "default-src 'self'")
    assert framing_messages(page(csp)) == [m.w560_framing_unprotected(url=URL)]


def test_frame_options_browsers_ignore():
    response = page(("X-Frame-Options", "ALLOW-FROM https://a.test"))
    assert framing_messages(response) == [
        m.w561_frame_options_invalid(url=URL, value="ALLOW-FROM https://a.test")
    ]


def test_nosniff_and_a_safe_referrer_policy_pass():
    response = page(
        ("X-Content-Type-Options", "NoSniff"),
        ("Referrer-Policy", "no-referrer, strict-origin-when-cross-origin"),
    )
    assert content_messages(response) == []


def test_both_missing():
    assert content_messages(page()) == [
        m.w177_nosniff_missing(url=URL),
        m.w178_referrer_policy_weak(url=URL, value=None),
    ]


@pytest.mark.parametrize(
    "policy", ["unsafe-url", "same-origin, no-referrer-when-downgrade"]
)
def test_leaky_referrer_policy(policy):
    response = page(("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", policy))
    assert content_messages(response) == [
        m.w178_referrer_policy_weak(url=URL, value=policy)
    ]
