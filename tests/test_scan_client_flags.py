"""W251 on grants: access granted on request data the client sets freely (a header, the Host, a query flag)."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python


def found(source: str, path: str = "app/views.py") -> list[tuple[str, int]]:
    findings = scan_python(path, textwrap.dedent(source))
    return [(f.id.rsplit(".", 1)[1], f.line) for f in findings if "W25" in f.id]


def test_message_names_the_view_the_value_and_the_grant():
    source = """\
        def become_admin(request):
            if request.GET.get("admin") == "1":
                request.user.is_superuser = True
    """
    (finding,) = scan_python("app/views.py", textwrap.dedent(source))
    assert (finding.id, finding.line) == ("django_chained.W251", 2)
    assert finding.message == (
        "An access decision in become_admin() reads request.GET['admin'], which the"
        " client controls: its branch logs a user in or raises privileges."
    )
    assert "request.user" in finding.hint


@pytest.mark.parametrize(
    "test",
    [
        'request.GET.get("admin") == "1"',
        '"staff" in request.GET',
        'request.POST["role"] == "admin"',
        'request.query_params.get("action") == "admin"',  # the compared value is the flag
        'request.headers["X-Forwarded-For"] in TRUSTED_PROXIES',
        '"curl" in request.headers.get("User-Agent", "")',
        'request.META.get("REMOTE_ADDR") == "127.0.0.1"',
        'request.get_host().startswith("internal.")',
    ],
)
def test_client_values_deciding_a_login(test):
    source = f"""\
        def enter(request):
            if {test}:
                login(request, SERVICE_USER)
    """
    assert found(source) == [("W251", 2)]


@pytest.mark.parametrize(
    "test",
    [
        'request.GET.get("page") == "2"',  # not about access
        'request.headers.get("Authorization") == EXPECTED',  # a credential checked against a secret
        'request.GET.get("token") == share.token',
        'request.headers.get("HX-Request")',
        'request.GET.get("permalink")',  # a privilege word must be a whole word
        'request.POST.get("grant_type") == "password"',
        'request.GET.get("privacy") == "public"',
        "request.user.is_authenticated",
    ],
)
def test_values_that_are_no_access_flag(test):
    source = f"""\
        def enter(request):
            if {test}:
                login(request, SERVICE_USER)
    """
    assert found(source) == []


@pytest.mark.parametrize(
    "grant",
    [
        "user.is_staff = True",
        'request.session["is_admin"] = True',
        "user.groups.add(admins)",
        "user.user_permissions.set(everything)",
        "auth_login(request, user)",
    ],
)
def test_what_counts_as_a_grant(grant):
    source = f"""\
        def enter(request, user):
            if request.GET.get("sudo"):
                {grant}
    """
    assert found(source) == [("W251", 2)]


def test_a_branch_that_grants_nothing_is_no_decision():
    source = """\
        def enter(request):
            if request.GET.get("debug"):
                request.session["theme"] = "dark"
                messages.info(request, "debug")
    """
    assert found(source) == []


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ('request.GET.get("debug") or request.user.is_staff', [("W251", 2)]),
        ('request.user.has_perm("x.view") or "admin" in request.GET', [("W251", 2)]),
        ('request.GET.get("debug") and request.user.is_staff', []),
        # Narrows what the staff test allows, never widens it.
        ('request.GET.get("mine") or not request.user.is_staff', []),
    ],
)
def test_a_flag_beside_a_permission_test(test, expected):
    source = f"""\
        def rows(request):
            if {test}:
                qs = Invoice.objects.all()
            return qs
    """
    assert found(source) == expected


@pytest.mark.parametrize(
    "test",
    # Only one side: a permission test beside the server's own value, a flag beside no test.
    [
        "request.user.is_staff or report.public",
        'request.GET.get("debug") or report.public',
    ],
)
def test_an_or_needs_both_the_flag_and_the_permission_test(test):
    source = f"""\
        def rows(request, report):
            if {test}:
                qs = Invoice.objects.all()
            return qs
    """
    assert [f for f in found(source) if f[0] == "W251"] == []


SKIP = """\
    def audit(request):
        if {test}:
            return {answer}
        if not request.user.has_perm("audit.view"):
            raise PermissionDenied
        return JsonResponse(everything())
"""


def test_a_return_before_the_permission_check():
    source = SKIP.format(test='request.GET.get("internal")', answer="everything()")
    assert found(source) == [("W251", 2)]


def test_a_refusal_before_the_permission_check_is_no_grant():
    source = SKIP.format(
        test='request.GET.get("internal")', answer="HttpResponseForbidden()"
    )
    assert found(source) == []


def test_a_return_after_the_permission_check_skips_nothing():
    source = """\
        def audit(request):
            if not request.user.has_perm("audit.view"):
                raise PermissionDenied
            if request.GET.get("debug"):
                return JsonResponse(everything(), json_dumps_params={"indent": 2})
            return JsonResponse(everything())
    """
    assert found(source) == []


def test_a_decision_on_an_auth_like_meta_key_is_reported_once():
    source = """\
        def enter(request):
            if request.META.get("HTTP_X_ADMIN") == "1":
                login(request, SERVICE_USER)
    """
    findings = scan_python("app/views.py", textwrap.dedent(source))
    assert [(f.id, f.line) for f in findings] == [("django_chained.W251", 2)]
    assert findings[0].message.endswith("which the client controls.")


def test_test_code_is_not_reported():
    source = """\
        def test_admin_flag(request):
            if request.GET.get("admin"):
                login(request, SERVICE_USER)
    """
    assert found(source, path="app/tests/test_views.py") == []


@pytest.mark.parametrize(
    ("copy", "test"),
    [
        (
            'agent = request.META.get("HTTP_USER_AGENT", "")',
            '"internal-monitor" in agent',
        ),
        ('role = request.GET.get("role")', 'role == "admin"'),
        ("host = request.get_host()", 'host.startswith("internal.")'),
        ('forwarded = request.headers["X-Forwarded-For"]', "forwarded in TRUSTED"),
    ],
)
def test_a_client_value_copied_into_a_local_name_first(copy, test):
    source = f"""\
        def enter(request):
            {copy}
            theme = "dark"
            if {test}:
                login(request, SERVICE_USER)
    """
    assert found(source) == [("W251", 4)]


def test_a_copied_value_beside_a_direct_read_is_reported_once():
    source = """\
        def enter(request):
            agent = request.headers.get("User-Agent", "")
            if "curl" in agent or request.META.get("REMOTE_ADDR") == "127.0.0.1":
                login(request, SERVICE_USER)
    """
    assert found(source) == [("W251", 3)]


@pytest.mark.parametrize(
    ("copy", "test"),
    [
        ('page = request.GET.get("page")', 'page == "2"'),  # not about access
        ('token = request.headers.get("X-Token")', "token == settings.HOOK_TOKEN"),
        (
            "agent = settings.MONITOR_AGENT",
            '"admin" in agent',
        ),  # the server's own value
        # Assigned twice: which value the test sees is no simple copy.
        (
            'role = request.GET.get("role"); role = user_role(request.user)',
            'role == "admin"',
        ),
    ],
    ids=["page", "credential", "server_value", "reassigned"],
)
def test_copies_that_are_no_client_access_flag(copy, test):
    source = f"""\
        def enter(request):
            {copy}
            if {test}:
                login(request, SERVICE_USER)
    """
    assert found(source) == []


def test_a_name_assigned_below_the_test_is_no_copy():
    source = """\
        def enter(request, role):
            if role == "admin":
                login(request, SERVICE_USER)
            role = request.GET.get("role")
    """
    assert found(source) == []
