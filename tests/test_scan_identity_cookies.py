"""W150 across files: a cookie set without secure=True in one module and read for identity in another."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from django_chained.scan.engine import scan_paths
from django_chained.scan.identity_cookies import judge_identity_cookies
from django_chained.scan.python.identity_cookie_reads import IDENTITY_READ
from django_chained.scan.python.walker import scan_python
from tests.function_info_spy import functions_read_by

W150 = "django_chained.W150"

LOGIN_VIEW = """\
from django.shortcuts import redirect

from accounts.cookies import MEMBER_COOKIE


def sign_in(request, user):
    response = redirect("home")
    response.set_cookie("member", str(user.pk), httponly=True)
    response.set_cookie(MEMBER_COOKIE, str(user.pk))
    response.set_cookie("theme", request.POST["theme"])
    return response
"""

MIDDLEWARE = """\
from accounts.cookies import MEMBER_COOKIE
from accounts.models import Member


class MemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        member_id = request.COOKIES.get("member")
        if member_id:
            request.user = Member.objects.get(pk=member_id)
        if request.COOKIES.get(MEMBER_COOKIE) is not None:
            request.member = Member.objects.filter(pk=request.COOKIES[MEMBER_COOKIE]).first()
        request.theme = request.COOKIES.get("theme", "light")
        return self.get_response(request)
"""

PREFERENCES_ONLY = """\
class ThemeMiddleware:
    def __call__(self, request):
        request.theme = request.COOKIES.get("member", "light")
        return self.get_response(request)
"""


def tree(root: Path, middleware: str = MIDDLEWARE) -> list[str]:
    files = {"accounts/views.py": LOGIN_VIEW, "accounts/middleware.py": middleware}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return [str(root / name) for name in files]


def w150(findings) -> list[tuple[str, int, str]]:
    return [(Path(f.path).name, f.line, f.message) for f in findings if f.id == W150]


def test_a_cookie_read_for_identity_in_another_module_is_reported_where_it_is_set(
    tmp_path,
):
    found = w150(scan_paths(tree(tmp_path)).findings)
    assert [(name, line) for name, line, _ in found] == [
        ("views.py", 8),
        ("views.py", 9),
    ]
    assert "set_cookie('member')" in found[0][2]
    assert "middleware.py:12 reads to decide who the user is" in found[0][2]
    # The constant is imported on both sides: its name pairs them.
    assert "set_cookie(MEMBER_COOKIE)" in found[1][2]
    assert "middleware.py:14 reads" in found[1][2]


def test_a_cookie_only_read_for_the_page_stays_quiet(tmp_path):
    assert w150(scan_paths(tree(tmp_path, PREFERENCES_ONLY)).findings) == []


def test_no_marker_or_pending_finding_leaves_the_engine(tmp_path):
    findings = scan_paths(tree(tmp_path)).findings
    assert not [f for f in findings if f.id == IDENTITY_READ.id]
    assert all("{reader}" not in f.message for f in findings)


def test_warm_scan_equals_cold_scan(tmp_path):
    paths = tree(tmp_path / "src")
    cold = scan_paths(paths, cache_dir=tmp_path / "cache")
    warm = scan_paths(paths, cache_dir=tmp_path / "cache")
    assert (cold.parsed, warm.parsed) == (2, 0)
    assert warm.findings == cold.findings
    assert w150(warm.findings)


def test_an_edited_reader_changes_the_setters_finding_on_a_warm_scan(tmp_path):
    views, middleware = tree(tmp_path / "src")
    assert w150(scan_paths([views, middleware], cache_dir=tmp_path / "cache").findings)
    Path(middleware).write_text(PREFERENCES_ONLY, encoding="utf-8")
    os.utime(middleware, ns=(1, 1))
    result = scan_paths([views, middleware], cache_dir=tmp_path / "cache")
    assert result.parsed == 1  # the setter's file came from the cache
    assert w150(result.findings) == []


def test_an_inline_acceptance_of_w150_on_the_setter_holds(tmp_path):
    views, middleware = tree(tmp_path)
    text = (
        Path(views)
        .read_text(encoding="utf-8")
        .replace(
            "str(user.pk), httponly=True)",
            "str(user.pk), httponly=True)  # chained: ignore[W150] served on HTTPS only",
        )
    )
    Path(views).write_text(text, encoding="utf-8")
    by_line = {
        f.line: f for f in scan_paths([views, middleware]).findings if f.id == W150
    }
    assert by_line[8].suppressed_reason == "served on HTTPS only"
    assert by_line[9].suppressed_reason is None


def same_file(source: str) -> list[int]:
    findings = scan_python("app/views.py", textwrap.dedent(source))
    return [f.line for f in judge_identity_cookies(findings) if f.id == W150]


def test_identity_decisions_on_the_cookie_are_reported():
    setter = 'def a(request, response):\n    response.set_cookie("who", "1")\n'
    readers = [
        'request.user = User.objects.get(username=request.COOKIES["who"])',
        'login(request, request.COOKIES.get("who"))',
        'request.session["user_pk"] = request.COOKIES["who"]',
        'if request.COOKIES.get("who") == "staff":\n        return 1',
        'if request.COOKIES.get("who"):\n        request.user.is_staff = True',
        'found = Profile.objects.filter(owner_id=request.COOKIES["who"])',
    ]
    for reader in readers:
        assert same_file(f"{setter}def b(request):\n    {reader}\n") == [2], reader


def test_other_reads_of_the_cookie_are_not_identity():
    setter = 'def a(request, response):\n    response.set_cookie("who", "1")\n'
    readers = [
        'theme = request.COOKIES.get("who", "light")',
        'Article.objects.filter(slug=request.COOKIES["who"])',
        'request.session["theme"] = request.COOKIES["who"]',
        'if request.COOKIES.get("who") == "dark":\n        css = "dark.css"',
        'request.user = User.objects.get(username=request.COOKIES["other"])',
    ]
    for reader in readers:
        assert same_file(f"{setter}def b(request):\n    {reader}\n") == [], reader


def test_a_reader_in_test_code_does_not_count():
    source = (
        'def a(request, response):\n    response.set_cookie("who", "1")\n'
        'def test_b(request):\n    login(request, request.COOKIES["who"])\n'
    )
    assert same_file(source) == []


def test_class_views_async_lookups_and_local_names_carry_the_cookie():
    class_view = """\
        class Dashboard(View):
            def get(self, request):
                response = render(request, "home.html")
                response.set_cookie("member", "1")
                member_pk = self.request.COOKIES["member"]
                pk = member_pk
                self.request.user = Member.objects.get(pk=pk)
                return response
        """
    assert same_file(class_view) == [4]
    async_view = """\
        async def view(request, response):
            response.set_cookie("member", "1")
            return await get_user_model().objects.aget(pk=request.COOKIES["member"])
        """
    assert same_file(async_view) == [2]


def test_keys_the_scan_cannot_name_give_no_finding_and_no_error():
    source = """\
        def view(request, response, options, prefix):
            response.set_cookie(**options)
            response.set_cookie(f"{prefix}-member", "1")
            login(request, request.COOKIES[f"{prefix}-member"])
            login(request, request.COOKIES[0])
        """
    assert same_file(source) == []


def test_only_functions_whose_lines_read_cookies_are_walked(monkeypatch):
    from django_chained.scan.python import identity_cookie_reads

    read = functions_read_by(monkeypatch, identity_cookie_reads)
    source = textwrap.dedent("""\
        def profile(request):
            return User.objects.get(pk=request.COOKIES["member"])

        def theme(request):
            return render(request, "page.html", {"objects": Page.objects.all()})
    """)
    found = [f.id for f in scan_python("accounts/views.py", source)]
    assert read == ["profile"]
    assert IDENTITY_READ.id in found


def test_every_lookup_and_login_name_counts_as_an_identity_use():
    setter = 'def a(request, response):\n    response.set_cookie("who", "1")\n'
    readers = [
        'return get_object_or_404(Member, pk=request.COOKIES["who"])',
        'auth_login(request, request.COOKIES["who"])',
        'await alogin(request, request.COOKIES["who"])',
        'return User._default_manager.get(pk=request.COOKIES["who"])',
        'return Order.objects.filter(owner_id=request.COOKIES["who"])',
    ]
    for reader in readers:
        assert same_file(f"{setter}async def b(request):\n    {reader}\n") == [2], (
            reader
        )


def test_a_cookie_carried_through_four_names_still_counts():
    source = """\
        def view(request, response):
            response.set_cookie("member", "1")
            a = request.COOKIES["member"]
            b = a
            c = b
            d = c
            request.user = Member.objects.get(pk=d)
        """
    assert same_file(source) == [2]
