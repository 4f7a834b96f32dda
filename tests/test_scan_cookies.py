"""W150: an authentication-like cookie set without secure=True, its name written inline or in a variable."""

from __future__ import annotations

from django_chained.scan.identity_cookies import judge_identity_cookies
from django_chained.scan.python.walker import scan_python


def w150_lines(body: str) -> list[int]:
    source = f"def login_view(request, response, token):\n{body}"
    findings = judge_identity_cookies(scan_python("app/views.py", source))
    return [f.line for f in findings if f.id == "django_chained.W150"]


def test_cookie_name_assigned_once_to_a_variable_is_followed():
    body = '    name = "remember_token"\n    response.set_cookie(name, token)\n'
    assert w150_lines(body) == [3]
    assert w150_lines(body.replace("remember_token", "theme")) == []


def test_djangos_own_cookie_names_from_settings_are_auth_cookies():
    for setting in ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME"):
        body = f"    response.set_cookie(settings.{setting}, token)\n"
        assert w150_lines(body) == [2], setting
    assert w150_lines("    response.set_cookie(settings.THEME_COOKIE, token)\n") == []
