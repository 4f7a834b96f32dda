"""django_chained.testing: passes on owner-scoped URLs, fails naming every URL that answers another user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase, override_settings

from django_chained.testing import (
    Leak,
    OwnerOnlyTestMixin,
    _build_url,
    _in_namespaces,
    _is_refusal,
    assert_owner_only,
    object_routes,
    probe_object_urls,
)
from django_chained.urlwalk import Route
from tests.models import Document

TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"


class OwnedObjectsMixin:
    alice: Any
    bob: Any
    doc: Document

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        cls.doc = Document.objects.create(owner=cls.alice, title="alice-doc")


@override_settings(ROOT_URLCONF="tests.urlconfs.authorization")
class PassesOnScopedViewsTests(OwnedObjectsMixin, OwnerOnlyTestMixin, TestCase):
    def test_scoped_views_pass_and_every_object_url_is_probed(self):
        report = self.assert_owner_only([self.doc], self.bob)
        pk = self.doc.pk
        assert report.leaks == []
        assert report.probed == [
            f"/documents/{pk}/",
            f"/async/documents/{pk}/",
            f"/documents/{pk}/edit/",
            f"/documents/{pk}/delete/",
            f"/documents/{pk}/title/",
            f"/async/documents/{pk}/title/",
            f"/projects/documents/{pk}/",
            f"/async/projects/documents/{pk}/",
        ]

    def test_routes_no_object_can_fill_are_listed_as_unprobed(self):
        report = probe_object_urls([self.doc], self.bob)
        assert report.unprobed == ["^by-title/(?P<name>[\\w-]+)/$"]

    def test_url_that_cannot_be_built_is_not_probed(self):
        route = next(r for r in object_routes() if r.name == "document-detail")
        assert _build_url(route, {"pk": 1}) == "/documents/1/"
        assert _build_url(route, {"pk": "not-a-number"}) is None

    def test_object_routes_skip_auth_views_and_routes_without_kwargs(self):
        routes = [route.route for route in object_routes()]
        assert "accounts/login/" not in routes
        assert "documents/" not in routes
        assert "documents/<int:pk>/" in routes


@override_settings(ROOT_URLCONF="tests.urlconfs.authorization_audit")
class FailsOnUnscopedViewsTests(OwnedObjectsMixin, OwnerOnlyTestMixin, TestCase):
    owner_only_namespaces = ("plants",)

    def test_failure_names_each_url_method_and_client(self):
        with pytest.raises(AssertionError) as failure:
            self.assert_owner_only([self.doc], self.bob)
        message = str(failure.value)
        pk = self.doc.pk
        assert f"GET /plants/unscoped/{pk}/ as other user -> 200" in message
        assert f"GET /plants/public/{pk}/ as anonymous -> 200" in message
        assert f"POST /plants/unscoped/{pk}/delete/ as other user -> 302" in message
        assert f"GET /plants/crash/{pk}/ as other user -> 500" in message
        assert f"/plants/custom-queryset/{pk}/" not in message
        assert f"/plants/test-func/{pk}/" not in message

    def test_leaking_requests_are_rolled_back(self):
        report = probe_object_urls([self.doc], self.bob, namespaces=["plants"])
        assert Leak(
            "post", f"/plants/unscoped/{self.doc.pk}/delete/", "other user", 302
        ) in (report.leaks)
        assert Document.objects.filter(pk=self.doc.pk).exists()

    def test_exclude_by_url_name_or_route(self):
        report = probe_object_urls(
            [self.doc],
            self.bob,
            namespaces=["plants"],
            exclude=["plants:public", "plants/crash/<int:pk>/"],
        )
        urls = {leak.url for leak in report.leaks}
        assert f"/plants/public/{self.doc.pk}/" not in urls
        assert f"/plants/crash/{self.doc.pk}/" not in urls
        assert f"/plants/unscoped/{self.doc.pk}/" in urls

    def test_objects_of_another_model_are_not_used_for_class_views(self):
        group_only = probe_object_urls([self.alice.groups.create(name="g")], self.bob)
        assert f"/plants/unscoped/{self.doc.pk}/" not in group_only.probed

    def test_nothing_probed_is_a_failure_not_a_pass(self):
        with pytest.raises(AssertionError, match="No object URL could be built"):
            assert_owner_only([self.doc], self.bob, namespaces=["no-such-app"])

    def test_plain_function_for_pytest_fails_too(self):
        with pytest.raises(AssertionError, match="reached another user's object"):
            assert_owner_only([self.doc], self.bob, namespaces=["plants"])

    def test_methods_can_be_limited(self):
        report = probe_object_urls(
            [self.doc], self.bob, namespaces=["plants"], methods=["get"]
        )
        assert {leak.method for leak in report.leaks} == {"get"}


class NamespaceFilterTests(SimpleTestCase):
    def test_nested_namespaces_are_inside_their_parent(self):
        def view(request):
            return None

        def route(namespace):
            return Route("x/<int:pk>/", view, None, namespace)

        assert _in_namespaces(route("shop"), ["shop"])
        assert _in_namespaces(route("shop:orders"), ["shop"])
        assert not _in_namespaces(route("shopping"), ["shop"])
        assert not _in_namespaces(route(None), ["shop"])


class RefusalTests(SimpleTestCase):
    def response(self, status, location=None):
        headers = {"Location": location} if location else {}
        return SimpleNamespace(
            status_code=status, get=lambda name, default="": headers.get(name, default)
        )

    def test_client_errors_are_refusals(self):
        for status in (400, 401, 403, 404, 405, 410):
            assert _is_refusal(self.response(status)), status

    def test_login_redirect_is_a_refusal(self):
        assert _is_refusal(self.response(302, "/accounts/login/?next=/x/"))

    def test_success_other_redirects_and_errors_are_not(self):
        assert not _is_refusal(self.response(200))
        assert not _is_refusal(self.response(204))
        assert not _is_refusal(self.response(302, "/done/"))
        assert not _is_refusal(self.response(500))


def run_testproject_tests(app, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "testproject.settings",
        "TESTPROJECT_DB": str(tmp_path / "db.sqlite3"),
        "PYTHONWARNINGS": "ignore",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "test", app, "--noinput"],
        cwd=TESTPROJECT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_helpers_pass_on_the_testproject_notes_app(tmp_path):
    result = run_testproject_tests("notes", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Ran 1 test" in result.stderr


def test_helpers_fail_on_the_testproject_insecure_app_naming_the_url(tmp_path):
    result = run_testproject_tests("insecure", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "AssertionError" in result.stderr
    assert "GET /insecure/invoices/1/ as other user -> 200" in result.stderr
