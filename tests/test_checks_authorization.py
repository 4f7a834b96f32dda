"""2xx: the URLconf audit for unscoped object views, open POST lists, wrong owner fields, unloadable patterns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any, cast

import pytest
from django.contrib.auth.decorators import login_required as django_login_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import User
from django.core.checks.messages import ERROR, INFO, WARNING
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import HttpResponseForbidden
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from django_chained.checks.authorization import (
    check_object_views_scoped,
    check_owner_fields,
)
from django_chained.checks.authorization_views import (
    declared_owner_field,
    is_out_of_scope,
    login_required,
    read_view,
)
from django_chained.mixins import OwnerQuerysetMixin
from django_chained.urlwalk import Route
from tests import views_authorization as views
from tests.models import Document

AUDIT = "tests.urlconfs.authorization_audit"
SCOPED = "tests.urlconfs.authorization"
PLANTS = "tests.views_authorization."
MANAGE = Path(__file__).resolve().parent.parent / "testproject" / "manage.py"


def by_view(messages):
    return {m.obj.removeprefix(PLANTS): m for m in messages}


class CheckObjectViewsScopedTests(SimpleTestCase):
    def test_owner_scoped_views_report_nothing(self):
        assert check_object_views_scoped(urlconf=SCOPED) == []

    def test_unscoped_views_warned_with_pattern_and_view(self):
        found = by_view(check_object_views_scoped(urlconf=AUDIT))
        message = found["UnscopedDocumentDetailView"]
        assert message.level == WARNING
        assert message.id == "django_chained.W201"
        assert "'plants/unscoped/<int:pk>/'" in message.msg
        assert f"{PLANTS}UnscopedDocumentDetailView" in message.msg
        assert "tests.Document" in message.msg
        assert "filter on 'owner'" in (message.hint or "")

    def test_each_unscoped_kind_is_warned(self):
        found = by_view(check_object_views_scoped(urlconf=AUDIT))
        for view in (
            "AsyncUnscopedDocumentDetailView",
            "LoggedInDocumentListView",  # login alone is not ownership
            "ProjectDetailView",  # many-to-many to the user
            "TestFuncListView",  # test_func cannot narrow a list
            "SubclassOfExemptView",  # an exemption is not inherited
            "SettingExemptDetailView",
        ):
            assert found[view].id == "django_chained.W201", view

    def test_views_from_as_view_initkwargs_are_warned(self):
        messages = check_object_views_scoped(urlconf=AUDIT)
        routes = [
            m.msg for m in messages if m.obj == "django.views.generic.detail.DetailView"
        ]
        assert len(routes) == 2
        assert any("initkwargs/model/" in msg for msg in routes)
        assert any("initkwargs/queryset/" in msg for msg in routes)

    def test_self_scoped_unowned_and_create_views_are_not_warned(self):
        found = by_view(check_object_views_scoped(urlconf=AUDIT))
        for view in (
            "CustomQuerysetDetailView",
            "CustomObjectDetailView",
            "TestFuncDetailView",
            "GroupDetailView",
            "DocumentCreateUnscopedView",
            "WrongFieldDocumentDetailView",
            "LoggedInPostGroupListView",
            "DecoratedPostGroupListView",
        ):
            assert view not in found, view

    def test_decorator_exemption_becomes_info_with_reason(self):
        message = by_view(check_object_views_scoped(urlconf=AUDIT))[
            "ExemptDocumentDetailView"
        ]
        assert message.level == INFO
        assert message.id == "django_chained.I202"
        assert message.msg.endswith("documents are public in this test")

    @override_settings(
        CHAINED_AUTHZ_EXEMPT_VIEWS={
            f"{PLANTS}SettingExemptDetailView": "shared on purpose"
        }
    )
    def test_setting_exemption_becomes_info_with_reason(self):
        message = by_view(check_object_views_scoped(urlconf=AUDIT))[
            "SettingExemptDetailView"
        ]
        assert message.id == "django_chained.I202"
        assert "shared on purpose" in message.msg

    @override_settings(CHAINED_OWNER_MODELS=["auth.Group"])
    def test_owner_models_setting_adds_models_to_the_audit(self):
        assert by_view(check_object_views_scoped(urlconf=AUDIT))[
            "GroupDetailView"
        ].id == ("django_chained.W201")

    def test_anonymous_post_on_list_view_is_warned(self):
        found = by_view(check_object_views_scoped(urlconf=AUDIT))
        for view in ("OpenPostGroupListView", "AsyncOpenPostGroupListView"):
            assert found[view].id == "django_chained.W204", view
            assert "accepts POST from anonymous users" in found[view].msg

    def test_list_limited_to_get_is_not_warned(self):
        messages = check_object_views_scoped(urlconf=AUDIT)
        assert not any("'plants/get-only/'" in m.msg for m in messages)

    @override_settings(
        MIDDLEWARE=["django.contrib.auth.middleware.LoginRequiredMiddleware"]
    )
    def test_login_required_middleware_covers_open_post_lists(self):
        ids = {m.id for m in check_object_views_scoped(urlconf=AUDIT)}
        assert "django_chained.W204" not in ids

    @override_settings(
        CHAINED_AUTHZ_EXEMPT_VIEWS={
            f"{PLANTS}OpenPostGroupListView": "a public guestbook"
        }
    )
    def test_open_post_list_can_be_exempted(self):
        message = by_view(check_object_views_scoped(urlconf=AUDIT))[
            "OpenPostGroupListView"
        ]
        assert message.id == "django_chained.I202"

    @override_settings(CHAINED_AUTHZ_EXEMPT_VIEWS={"myapp.views.Gone": "old reason"})
    def test_stale_exemption_is_warned(self):
        messages = check_object_views_scoped(urlconf=SCOPED)
        assert [m.id for m in messages] == ["django_chained.W206"]
        assert "'myapp.views.Gone'" in messages[0].msg

    def test_unloadable_include_is_reported_and_the_rest_audited(self):
        messages = check_object_views_scoped(
            urlconf="tests.urlconfs.authorization_broken"
        )
        assert [m.id for m in messages] == [
            "django_chained.W201",
            "django_chained.W205",
        ]
        assert "'broken/'" in messages[1].msg
        assert "ModuleNotFoundError" in messages[1].msg

    @override_settings(
        CHAINED_AUTHZ_EXEMPT_VIEWS={"myapp.views.Gone": "behind the include"}
    )
    def test_no_stale_guess_when_part_of_the_urlconf_did_not_load(self):
        messages = check_object_views_scoped(
            urlconf="tests.urlconfs.authorization_broken"
        )
        assert "django_chained.W206" not in {m.id for m in messages}

    def test_unimportable_root_urlconf_is_reported(self):
        messages = check_object_views_scoped(urlconf="tests.urlconfs.does_not_exist")
        assert [m.id for m in messages] == ["django_chained.W205"]
        assert "ROOT_URLCONF" in messages[0].msg


class CheckOwnerFieldsTests(SimpleTestCase):
    def test_valid_owner_fields_report_nothing(self):
        assert check_owner_fields(urlconf=SCOPED) == []

    def test_wrong_owner_field_is_an_error_naming_view_and_field(self):
        found = by_view(check_owner_fields(urlconf=AUDIT))
        assert set(found) == {
            "MixinAfterViewDetailView",
            "OverriddenQuerysetDetailView",
            "OverriddenObjectDetailView",
            "WrongFieldDocumentDetailView",
            "NotToUserDocumentDetailView",
            "wrong_field_document_title",
            "async_wrong_field_document_title",
        }
        message = found["WrongFieldDocumentDetailView"]
        assert message.level == ERROR
        assert message.id == "django_chained.E203"
        assert f"{PLANTS}WrongFieldDocumentDetailView" in message.msg
        assert "'author'" in message.msg
        assert message.msg.count("'author'") == 2, (
            message.msg
        )  # "owner_field 'author'" and "no field 'author'"
        assert "(owner_field" not in message.msg
        assert "ends at tests.Project" in found["NotToUserDocumentDetailView"].msg
        assert "'nobody'" in found["async_wrong_field_document_title"].msg

    def test_mixin_after_the_view_class_is_an_error(self):
        message = by_view(check_owner_fields(urlconf=AUDIT))["MixinAfterViewDetailView"]
        assert message.level == ERROR
        assert message.id == "django_chained.E207"
        assert "SingleObjectMixin.get_queryset()" in message.msg

    def test_override_without_super_dropping_the_scope_is_a_warning(self):
        found = by_view(check_owner_fields(urlconf=AUDIT))
        for name, method in (
            ("OverriddenQuerysetDetailView", "get_queryset"),
            ("OverriddenObjectDetailView", "get_object"),
        ):
            message = found[name]
            assert message.level == WARNING
            assert message.id == "django_chained.W208"
            assert f"{PLANTS}{name}.{method}()" in message.msg

    def test_overrides_that_call_super_or_filter_on_the_user_are_fine(self):
        found = by_view(check_owner_fields(urlconf=AUDIT))
        assert not {
            "ExtendedQuerysetDetailView",
            "SelfScopedQuerysetDetailView",
            "ExtendedQuerysetChildView",
        } & set(found)

    def test_url_kwarg_the_route_does_not_capture_is_an_error_per_route(self):
        messages = check_owner_fields(urlconf="tests.urlconfs.authorization_kwargs")
        assert [(m.id, m.obj) for m in messages] == [
            ("django_chained.E209", f"{PLANTS}document_title"),
            ("django_chained.E209", f"{PLANTS}async_document_title"),
        ]
        assert {m.level for m in messages} == {ERROR}
        assert "'pk'" in messages[0].msg
        assert "'renamed/<int:id>/'" in messages[0].msg
        assert "'^positional/" in messages[1].msg

    def test_lookup_naming_no_field_is_an_error_naming_view_and_lookup(self):
        messages = check_owner_fields(urlconf="tests.urlconfs.authorization_lookups")
        assert [(m.id, m.obj) for m in messages] == [
            ("django_chained.E210", f"{PLANTS}document_by_missing_field"),
            ("django_chained.E210", f"{PLANTS}async_document_by_unknown_lookup"),
            ("django_chained.E210", f"{PLANTS}document_by_unknown_relation_lookup"),
        ]
        assert {m.level for m in messages} == {ERROR}
        missing, bogus, nope = (m.msg for m in messages)
        assert f"{PLANTS}document_by_missing_field" in missing
        assert "lookup 'slug'" in missing
        assert "Cannot resolve keyword 'slug' into field" in missing
        assert "no lookup or transform 'bogus' after 'title'" in bogus
        assert "no lookup or transform 'nope' after 'project'" in nope

    def test_the_error_is_what_every_request_would_raise(self):
        request = RequestFactory().get("/slug/x/")
        request.user = User(pk=1)
        with pytest.raises(FieldError, match="Cannot resolve keyword 'slug'"):
            cast(Any, views.document_by_missing_field)(request, slug="x")

    def test_lookup_error_fails_every_check_run(self):
        with (
            override_settings(ROOT_URLCONF="tests.urlconfs.authorization_lookups"),
            pytest.raises(SystemCheckError, match="django_chained.E210"),
        ):
            call_command("check", tags=["django_chained"])

    def test_access_mixins_before_the_mixin_are_fine(self):
        found = by_view(check_owner_fields(urlconf=AUDIT))
        assert "MixinAfterLoginMixinDetailView" not in found

    def test_broken_include_is_left_to_the_deploy_audit(self):
        assert check_owner_fields(urlconf="tests.urlconfs.authorization_broken") == []


class ViewReadingTests(SimpleTestCase):
    def route(self, view, route="things/<int:pk>/"):
        return Route(route, view, None, None)

    def test_object_permission_packages_count_as_scoping(self):
        class PermissionRequiredMixin:  # stands in for django-guardian's
            __module__ = "guardian.mixins"

        class GuardedView(PermissionRequiredMixin, DetailView):  # type: ignore[type-arg]
            model = Document

        facts = read_view(self.route(GuardedView.as_view()))
        assert facts is not None
        assert facts.scopes_itself

    def test_guardian_login_mixin_is_no_object_permission(self):
        class LoginRequiredMixin:  # stands in for django-guardian's
            __module__ = "guardian.mixins"

        class LoginOnlyView(LoginRequiredMixin, DetailView):  # type: ignore[type-arg]
            model = Document

        facts = read_view(self.route(LoginOnlyView.as_view()))
        assert facts is not None
        assert not facts.scopes_itself

    def test_own_permission_check_reaching_the_object_scopes(self):
        class MemberCheckMixin(PermissionRequiredMixin):
            request: Any  # annotations only: nothing is defined on the class
            get_object: Any

            def has_permission(self):
                return self.document.project.members.filter(
                    pk=self.request.user.pk
                ).exists()

            @cached_property
            def document(self):
                return self.get_object()

        class MemberView(MemberCheckMixin, DetailView):  # type: ignore[type-arg]
            model = Document

        facts = read_view(self.route(MemberView.as_view()))
        assert facts is not None
        assert facts.scopes_itself
        assert facts.unconfirmed_check is None

    def test_dispatch_scopes_only_when_it_also_refuses(self):
        class RefusingView(DetailView):  # type: ignore[type-arg]
            model = Document

            def dispatch(self, request, *args, **kwargs):
                if self.get_object().owner != request.user:
                    return HttpResponseForbidden()
                return super().dispatch(request, *args, **kwargs)

        class LoadingView(DetailView):  # type: ignore[type-arg]
            model = Document

            def dispatch(self, request, *args, **kwargs):
                self.object = self.get_object()
                return super().dispatch(request, *args, **kwargs)

        refusing = read_view(self.route(RefusingView.as_view()))
        loading = read_view(self.route(LoadingView.as_view()))
        assert refusing is not None and refusing.scopes_itself
        assert loading is not None and not loading.scopes_itself

    def test_role_only_permission_check_is_left_to_confirm_on_single_views(self):
        class CoordinatorMixin(PermissionRequiredMixin):
            request: Any

            def has_permission(self):
                return self.can_coordinate

            @property
            def can_coordinate(self):
                return self.request.user.groups.filter(name="coordinators").exists()

        class CoordinatedView(CoordinatorMixin, DetailView):  # type: ignore[type-arg]
            model = Document

        class CoordinatedList(CoordinatorMixin, ListView):  # type: ignore[type-arg]
            model = Document

        single = read_view(self.route(CoordinatedView.as_view()))
        listed = read_view(self.route(CoordinatedList.as_view(), "things/"))
        assert single is not None and not single.scopes_itself
        assert (single.unconfirmed_check or "").endswith(
            "CoordinatorMixin.has_permission"
        )
        assert listed is not None and listed.unconfirmed_check is None

    def test_function_views_are_not_read(self):
        def view(request, pk):
            return None

        assert read_view(self.route(view)) is None
        assert not login_required(self.route(view))
        assert login_required(self.route(django_login_required(view)))

    def test_owner_field_unreadable_without_request_is_not_guessed(self):
        class NoFieldView(OwnerQuerysetMixin, DetailView):  # type: ignore[type-arg]
            model = Document
            owner_field = None  # type: ignore[assignment]

            def get_owner_field(self):
                return self.request.GET["field"]

        assert declared_owner_field(self.route(NoFieldView.as_view())) is None


class OutOfScopeTests(SimpleTestCase):
    def test_admin_namespace_and_auth_views_are_out_of_scope(self):
        from django.contrib.auth.views import LoginView

        def view(request):
            return None

        assert is_out_of_scope(Route("admin/x/", view, None, "admin"))
        assert is_out_of_scope(Route("x/", view, None, "admin:inner"))
        assert is_out_of_scope(Route("login/", LoginView.as_view(), "login", None))
        assert not is_out_of_scope(Route("x/", view, None, "administration"))


class RegistrationTests(SimpleTestCase):
    @override_settings(ROOT_URLCONF=AUDIT)
    def test_wrong_owner_field_fails_every_check_run(self):
        with pytest.raises(SystemCheckError, match="django_chained.E203"):
            call_command("check", tags=["django_chained"])

    @override_settings(
        ROOT_URLCONF=AUDIT,
        SILENCED_SYSTEM_CHECKS=["django_chained.E203", "django_chained.E207"],
    )
    def test_audit_runs_under_check_deploy_only(self):
        plain, deploy = StringIO(), StringIO()
        call_command("check", tags=["django_chained"], stderr=plain, stdout=plain)
        call_command(
            "check", deploy=True, tags=["django_chained"], stderr=deploy, stdout=deploy
        )
        assert "django_chained.W201" not in plain.getvalue()
        assert "django_chained.W201" in deploy.getvalue()
        assert "django_chained.I202" in deploy.getvalue()


def run_testproject_check(settings_module, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "TESTPROJECT_DB": str(tmp_path / "db.sqlite3"),
        "PYTHONWARNINGS": "ignore",
    }
    result = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--tag", "django_chained"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def authorization_lines(output, ids=r"2\d\d"):
    return [
        line
        for line in output.splitlines()
        if re.search(rf"\(django_chained\.[CEWID]{ids}\)", line)
    ]


def test_testproject_demo_reports_the_insecure_invoice_view_and_nothing_in_notes(
    tmp_path,
):
    output = run_testproject_check("testproject.settings", tmp_path)
    assert "Traceback" not in output
    lines = authorization_lines(
        output, ids=r"2[0-4]\d"
    )  # 250-259 are the code-level rules
    assert len(lines) == 1, output
    views = (MANAGE.parent / "insecure" / "views.py").read_text().splitlines()
    line = 1 + next(
        i for i, text in enumerate(views) if text.startswith("class InvoiceDetailView")
    )
    assert lines[0].startswith("insecure.views.InvoiceDetailView (")
    assert f"insecure/views.py:{line}): (django_chained.W201)" in lines[0]
    assert "'insecure/invoices/<int:pk>/'" in lines[0]
    assert not any("notes" in line for line in authorization_lines(output))


def test_testproject_hardened_has_no_authorization_findings(tmp_path):
    output = run_testproject_check("testproject.settings_hardened", tmp_path)
    assert "Traceback" not in output
    assert authorization_lines(output) == []
