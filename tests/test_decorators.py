"""owner_required (sync and async) and authorization_exempt."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase, override_settings

from django_chained.decorators import (
    EXEMPT_ATTRIBUTE,
    REQUIREMENT_ATTRIBUTE,
    authorization_exempt,
    owner_required,
)
from tests import views_authorization as views
from tests.models import Document, Project


@override_settings(ROOT_URLCONF="tests.urlconfs.authorization")
class OwnerRequiredTests(TestCase):
    alice: Any
    bob: Any
    doc: Document

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        cls.doc = Document.objects.create(owner=cls.alice, title="alice-doc")

    def test_owner_gets_the_object(self):
        self.client.force_login(self.alice)
        response = self.client.get(f"/documents/{self.doc.pk}/title/")
        assert (response.status_code, response.content) == (200, b"alice-doc")

    async def test_async_owner_gets_the_object(self):
        await self.async_client.aforce_login(self.alice)
        response = await self.async_client.get(f"/async/documents/{self.doc.pk}/title/")
        assert (response.status_code, response.content) == (200, b"alice-doc")

    def test_other_user_gets_404(self):
        self.client.force_login(self.bob)
        assert self.client.get(f"/documents/{self.doc.pk}/title/").status_code == 404

    async def test_async_other_user_gets_404(self):
        await self.async_client.aforce_login(self.bob)
        response = await self.async_client.get(f"/async/documents/{self.doc.pk}/title/")
        assert response.status_code == 404

    def test_missing_object_is_the_same_404(self):
        self.client.force_login(self.bob)
        assert self.client.get("/documents/999999/title/").status_code == 404

    def test_anonymous_redirected_to_login_with_next(self):
        response = self.client.get(f"/documents/{self.doc.pk}/title/?x=1")
        assert response.status_code == 302
        assert response["Location"] == (
            f"/accounts/login/?next=/documents/{self.doc.pk}/title/%3Fx%3D1"
        )

    async def test_async_anonymous_redirected_to_login(self):
        response = await self.async_client.get(f"/async/documents/{self.doc.pk}/title/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    @override_settings(LOGIN_URL="https://login.example.com/")
    def test_login_on_another_host_gets_absolute_next(self):
        response = self.client.get(f"/documents/{self.doc.pk}/title/")
        assert response["Location"] == (
            "https://login.example.com/?next=http%3A//testserver/documents/"
            f"{self.doc.pk}/title/"
        )

    def test_many_to_many_owner_path(self):
        project = Project.objects.create(name="p")
        project.members.add(self.bob)
        shared = Document.objects.create(
            owner=self.alice, title="shared", project=project
        )
        self.client.force_login(self.bob)
        assert self.client.get(f"/projects/documents/{shared.pk}/").content == b"shared"
        assert self.client.get(f"/projects/documents/{self.doc.pk}/").status_code == 404

    async def test_async_many_to_many_owner_path(self):
        project = await Project.objects.acreate(name="p")
        await project.members.aadd(self.bob)
        shared = await Document.objects.acreate(
            owner=self.alice, title="s", project=project
        )
        await self.async_client.aforce_login(self.bob)
        url = "/async/projects/documents/{}/"
        assert (await self.async_client.get(url.format(shared.pk))).content == b"s"
        assert (await self.async_client.get(url.format(self.doc.pk))).status_code == 404

    def test_custom_lookup_and_url_kwarg_keep_other_kwargs(self):
        self.client.force_login(self.alice)
        assert self.client.get("/by-title/alice-doc/").content == b"alice-doc"
        self.client.force_login(self.bob)
        assert self.client.get("/by-title/alice-doc/").status_code == 404

    def test_superuser_bypass_when_asked(self):
        self.bob.is_superuser = True
        self.bob.save()
        self.client.force_login(self.bob)
        assert self.client.get("/by-title/alice-doc/").content == b"alice-doc"
        assert self.client.get(f"/documents/{self.doc.pk}/title/").status_code == 404


class OwnerRequiredShapeTests(SimpleTestCase):
    def test_sync_and_async_views_stay_what_they_are(self):
        assert not iscoroutinefunction(views.document_title)
        assert iscoroutinefunction(views.async_document_title)

    def test_wraps_keeps_name_and_records_requirement(self):
        assert views.document_title.__name__ == "document_title"
        requirement = getattr(views.project_document_title, REQUIREMENT_ATTRIBUTE)
        assert requirement.model is Document
        assert requirement.owner_field == "project__members"
        assert requirement.url_kwarg == "pk"

    def test_sets_attributes_login_required_middleware_reads(self):
        decorated = owner_required(Document, login_url="/in/")(
            lambda request, obj: None
        )
        assert vars(decorated)["login_url"] == "/in/"
        assert vars(decorated)["redirect_field_name"] == "next"


class AuthorizationExemptTests(SimpleTestCase):
    def test_records_reason_on_function_and_class(self):
        assert getattr(views.ExemptDocumentDetailView, EXEMPT_ATTRIBUTE) == (
            "documents are public in this test"
        )

        @authorization_exempt("a public page")
        def page(request):
            return None

        assert getattr(page, EXEMPT_ATTRIBUTE) == "a public page"

    def test_needs_a_reason(self):
        for reason in ("", "   "):
            with pytest.raises(ValueError, match="non-empty reason"):
                authorization_exempt(reason)
