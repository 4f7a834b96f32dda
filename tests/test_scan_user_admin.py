"""W256 and I214: views that create, change or delete any user without an administrator's check."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from django.core.checks import INFO, WARNING

from django_chained.checks.code_rules import check_authorization_code
from django_chained.scan.python.user_admin import W256
from django_chained.scan.python.user_admin_views import I214
from django_chained.scan.python.walker import scan_python

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"
IDS = (W256.id, I214.id)


def findings(source: str, path: str = "app/views.py") -> list[tuple[int, str]]:
    return [
        (f.line, f.id.rpartition(".")[2])
        for f in scan_python(path, textwrap.dedent(source))
        if f.id in IDS
    ]


def test_names_the_view_and_what_it_does():
    source = """\
        from django.contrib.auth.models import User
        from django.shortcuts import get_object_or_404

        def remove_member(request, pk):
            get_object_or_404(User, pk=pk).delete()
    """
    (finding,) = [
        f
        for f in scan_python("app/views.py", textwrap.dedent(source))
        if f.id == W256.id
    ]
    assert (finding.line, finding.level) == (5, WARNING)
    assert finding.message == (
        "remove_member() deletes a user the client picks, and nothing checks that "
        "the requesting user may: at most a login is required."
    )
    assert "permission_required('auth.change_user')" in finding.hint


SHARED_POST = """\
    from django.contrib.auth.models import User
    from django.shortcuts import get_object_or_404

    class {name}:
        def post(self, request, pk):
            account = get_object_or_404(User, pk=pk)
            account.is_active = False
            account.save()
"""


def test_a_mixins_method_is_left_to_the_views_that_use_it():
    assert findings(SHARED_POST.format(name="ActivationMixin")) == []
    assert findings(SHARED_POST.format(name="ActivationView")) == [(8, "W256")]


def test_the_fetch_of_another_model_is_not_a_user_change():
    source = """\
        from .models import Member

        def remove_member(request, pk):
            Member.objects.get(pk=pk).delete()
    """
    assert findings(source) == []


VIEWSET = """\
    from django.contrib.auth.models import User
    from rest_framework import permissions, viewsets

    class UserViewSet(viewsets.ModelViewSet):
        queryset = User.objects.all()
        {line}
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("permission_classes = [permissions.IsAuthenticated]", ["W256"] * 3),
        (
            "permission_classes = (IsAuthenticated & IsAuthenticatedOrReadOnly,)",
            ["W256"] * 3,
        ),
        ("permission_classes = [DjangoModelPermissions]", ["I214"] * 3),
        ("permission_classes = [IsAuthenticated, perms.IsSuperuser]", []),
        ("permission_classes = [IsAdminUser]", []),
        ("permission_classes = permissions_for('users')", ["I214"] * 3),
        ("serializer_class = UserSerializer", []),  # the settings' default decides
    ],
)
def test_permission_classes_decide_between_warning_info_and_nothing(line, expected):
    found = findings(VIEWSET.format(line=line))
    assert [i for _, i in found] == expected
    assert {n for n, _ in found} <= {4}


def test_http_method_names_limit_the_actions_judged():
    source = VIEWSET.format(
        line='permission_classes = [UserPermission]\n        http_method_names = ["get", "patch"]'
    )
    (finding,) = [
        f for f in scan_python("app/views.py", textwrap.dedent(source)) if f.id in IDS
    ]
    assert finding.id == I214.id
    assert finding.level == INFO
    assert "change any user" in finding.message
    assert "change a superuser or grant is_superuser/is_staff" in finding.message


MANAGED = """\
    from django.contrib.auth.models import User
    from rest_framework.viewsets import ModelViewSet

    class UserViewSet(ModelViewSet):
        model = User
        queryset = User.objects.exclude(username="consumer")
        permission_classes = (IsAuthenticated, ProjectObjectPermissions)

        def create(self, request, *args, **kwargs):
            if not request.user.is_superuser and request.data.get("is_superuser"):
                return HttpResponseForbidden("Superuser status can only be granted by a superuser")
            {staff_check}
            return super().create(request, *args, **kwargs)

        def update(self, request, *args, **kwargs):
            target = self.get_object()
            if not request.user.is_superuser and (target.is_superuser or "is_staff" in request.data):
                return HttpResponseForbidden("Only superusers may do that")
            return super().update(request, *args, **kwargs)
"""


def test_a_user_manager_view_is_asked_about_each_unchecked_action():
    # Deleting is never overridden: asked at the class; creating checks superuser only.
    assert findings(MANAGED.format(staff_check="pass")) == [(4, "I214"), (9, "I214")]
    checked = (
        'if request.data.get("is_staff") and not request.user.is_superuser: return None'
    )
    assert findings(MANAGED.format(staff_check=checked)) == [(4, "I214")]


GENERIC = """\
    from django.contrib.auth import get_user_model
    from django.contrib.auth.mixins import LoginRequiredMixin
    from django.views.generic import UpdateView

    class AccountUpdate(LoginRequiredMixin, UpdateView):
        model = get_user_model()
        fields = ["email"]
"""


def test_generic_views_need_more_than_a_login():
    assert findings(GENERIC) == [(5, "W256")]
    own_object = GENERIC + (
        "\n        def get_object(self, queryset=None):\n            return self.request.user\n"
    )
    assert findings(own_object) == []
    permission = GENERIC.replace(
        "LoginRequiredMixin, UpdateView", "StaffMixin, UpdateView"
    )
    assert findings(permission) == []


@pytest.mark.parametrize(
    "method", ["get_queryset", "get_object", "dispatch", "test_func", "has_permission"]
)
def test_a_generic_view_deciding_access_itself_is_left_alone(method):
    # Each of these can narrow the rows or refuse the request; the rule cannot tell how, so it stays quiet.
    decided = GENERIC + (
        f"\n        def {method}(self, *args, **kwargs):\n            return decide(self.request)\n"
    )
    assert findings(decided) == []


def test_test_code_is_not_audited():
    source = VIEWSET.format(line="permission_classes = [IsAuthenticated]")
    assert findings(source, "app/tests/test_users.py") == []
    assert findings(source) != []


def test_manage_py_check_reports_both(scanned):
    text = (FIXTURES / "user_admin_positive.py").read_text(encoding="utf-8")
    expected = {
        (number, f"django_chained.{found}")
        for number, line in enumerate(text.splitlines(), start=1)
        for found in re.findall(r"expect: (\w+)", line)
        if found in ("W256", "I214")
    }
    with scanned("user_admin_positive.py"):
        checked = {
            (int(m.obj.rpartition(":")[2]), m.id)
            for m in check_authorization_code()
            if m.id in IDS
        }
    assert checked == expected
    assert len(expected) == 11
