"""OwnerQuerysetMixin: owners see their rows, other users get 404, anonymous users go to login."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, TestCase, override_settings

from django_chained.mixins import OwnerQuerysetMixin
from tests import views_authorization as views
from tests.models import Document, Project


def make_users():
    users = get_user_model().objects
    return users.create_user("alice"), users.create_user("bob")


@override_settings(ROOT_URLCONF="tests.urlconfs.authorization")
class OwnerQuerysetMixinTests(TestCase):
    alice: Any
    bob: Any
    alices: Document
    bobs: Document

    @classmethod
    def setUpTestData(cls):
        cls.alice, cls.bob = make_users()
        cls.alices = Document.objects.create(owner=cls.alice, title="alice-1")
        Document.objects.create(owner=cls.alice, title="alice-2")
        cls.bobs = Document.objects.create(owner=cls.bob, title="bob-1")

    def test_owner_sees_only_own_rows_in_list(self):
        self.client.force_login(self.alice)
        assert self.client.get("/documents/").content == b"alice-1,alice-2"

    async def test_async_list_shows_only_own_rows(self):
        await self.async_client.aforce_login(self.alice)
        response = await self.async_client.get("/async/documents/")
        assert response.content == b"alice-1,alice-2"

    def test_owner_sees_own_object(self):
        self.client.force_login(self.alice)
        response = self.client.get(f"/documents/{self.alices.pk}/")
        assert response.status_code == 200
        assert response.content == b"alice-1"

    async def test_async_owner_sees_own_object(self):
        await self.async_client.aforce_login(self.alice)
        response = await self.async_client.get(f"/async/documents/{self.alices.pk}/")
        assert response.content == b"alice-1"

    def test_other_users_object_is_404_not_403(self):
        self.client.force_login(self.bob)
        for suffix in ("", "edit/", "delete/"):
            response = self.client.get(f"/documents/{self.alices.pk}/{suffix}")
            assert response.status_code == 404, suffix

    async def test_async_other_users_object_is_404(self):
        await self.async_client.aforce_login(self.bob)
        response = await self.async_client.get(f"/async/documents/{self.alices.pk}/")
        assert response.status_code == 404

    def test_other_user_cannot_update_or_delete(self):
        self.client.force_login(self.bob)
        url = f"/documents/{self.alices.pk}/"
        assert self.client.post(url + "edit/", {"title": "x"}).status_code == 404
        assert self.client.post(url + "delete/").status_code == 404
        self.alices.refresh_from_db()
        assert self.alices.title == "alice-1"

    def test_owner_can_update_and_delete(self):
        self.client.force_login(self.alice)
        url = f"/documents/{self.alices.pk}/"
        assert self.client.post(url + "edit/", {"title": "renamed"}).status_code == 302
        self.alices.refresh_from_db()
        assert (self.alices.title, self.alices.owner) == ("renamed", self.alice)
        assert self.client.post(url + "delete/").status_code == 302
        assert not Document.objects.filter(pk=self.alices.pk).exists()

    def test_anonymous_is_redirected_to_login(self):
        for url in ("/documents/", f"/documents/{self.alices.pk}/", "/documents/new/"):
            response = self.client.get(url)
            assert response.status_code == 302, url
            assert response["Location"] == f"/accounts/login/?next={url}"

    async def test_async_anonymous_is_redirected_to_login(self):
        response = await self.async_client.get(f"/async/documents/{self.alices.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_raise_exception_gives_anonymous_403(self):
        class Strict(views.DocumentListView):
            raise_exception = True

        request = RequestFactory().get("/documents/")
        request.user = AnonymousUser()
        with pytest.raises(PermissionDenied):
            Strict.as_view()(request)

    def test_create_sets_owner_to_requesting_user(self):
        self.client.force_login(self.bob)
        response = self.client.post("/documents/new/", {"title": "new"})
        assert response.status_code == 302
        assert Document.objects.get(title="new").owner == self.bob

    def test_create_adds_requesting_user_to_many_to_many_owner(self):
        self.client.force_login(self.bob)
        assert self.client.post("/projects/new/", {"name": "p"}).status_code == 302
        assert list(Project.objects.get(name="p").members.all()) == [self.bob]

    def test_many_to_many_path_scopes_to_member_projects(self):
        shared = Project.objects.create(name="shared")
        shared.members.add(self.alice, self.bob)
        private = Project.objects.create(name="private")
        private.members.add(self.alice)
        Document.objects.create(owner=self.alice, title="in-shared", project=shared)
        Document.objects.create(owner=self.alice, title="in-private", project=private)
        self.client.force_login(self.bob)
        assert self.client.get("/projects/documents/").content == b"in-shared"
        self.client.force_login(self.alice)
        assert (
            self.client.get("/projects/documents/").content == b"in-private,in-shared"
        )

    def test_superuser_scoped_by_default(self):
        self.alice.is_superuser = True
        self.alice.save()
        self.client.force_login(self.alice)
        assert self.client.get("/documents/").content == b"alice-1,alice-2"

    def test_superuser_bypass_when_the_view_asks(self):
        self.alice.is_superuser = True
        self.alice.save()
        self.client.force_login(self.alice)
        assert self.client.get("/all/documents/").content == b"alice-1,alice-2,bob-1"

    def test_bypass_does_not_apply_to_ordinary_users(self):
        self.client.force_login(self.bob)
        assert self.client.get("/all/documents/").content == b"bob-1"


class OwnerQuerysetMixinQueryTests(TestCase):
    def test_scoping_is_one_where_on_the_view_queryset(self):
        alice, _ = make_users()
        view = views.DocumentListView()
        view.request = type("R", (), {"user": alice})()
        view._chained_owner = alice
        sql = str(view.get_queryset().query)
        expected = str(Document.objects.filter(owner=alice).order_by("title").query)
        assert sql == expected

    def test_get_owner_field_defaults_to_owner_attribute(self):
        assert OwnerQuerysetMixin().get_owner_field() == "owner"
        assert views.ProjectDocumentListView().get_owner_field() == "project__members"


class PlainDispatcher:
    """A class-based handler that is not a Django ``View`` (it has no ``view_is_async``)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> str:
        return "handled"


class OwnedPlainDispatcher(OwnerQuerysetMixin, PlainDispatcher):
    pass


class NonViewBaseTests(TestCase):
    def test_base_without_view_is_async_is_dispatched_synchronously(self):
        alice, _ = make_users()
        request = RequestFactory().get("/")
        request.user = alice
        assert OwnedPlainDispatcher().dispatch(request) == "handled"


@override_settings(ROOT_URLCONF="tests.urlconfs.authorization_writes")
class OwnerPathWriteTests(TestCase):
    """Create and update through ``project__members``: a row can only land in the user's own projects."""

    alice: Any
    bob: Any
    alices_project: Project
    bobs_project: Project
    bobs_doc: Document

    @classmethod
    def setUpTestData(cls):
        cls.alice, cls.bob = make_users()
        cls.alices_project = Project.objects.create(name="alice's")
        cls.alices_project.members.add(cls.alice)
        cls.bobs_project = Project.objects.create(name="bob's")
        cls.bobs_project.members.add(cls.bob)
        cls.bobs_doc = Document.objects.create(
            owner=cls.bob, title="bob-doc", project=cls.bobs_project
        )

    def form_errors(self, response):
        return {
            field: [error["message"] for error in errors]
            for field, errors in response.json().items()
        }

    def test_create_in_another_users_project_is_a_validation_error(self):
        self.client.force_login(self.bob)
        response = self.client.post(
            "/documents/new/", {"title": "planted", "project": self.alices_project.pk}
        )
        assert response.status_code == 200
        assert "Select a valid choice" in str(self.form_errors(response)["project"])
        assert not Document.objects.filter(title="planted").exists()

    def test_without_the_mixin_the_same_post_plants_the_row(self):
        """The control: this is the hole OwnerQuerysetMixin closes."""
        self.client.force_login(self.bob)
        response = self.client.post(
            "/unscoped/documents/new/",
            {"title": "planted", "project": self.alices_project.pk},
        )
        assert response.status_code == 302
        assert Document.objects.get(title="planted").project == self.alices_project

    def test_create_in_own_project_is_saved(self):
        self.client.force_login(self.bob)
        response = self.client.post(
            "/documents/new/", {"title": "mine", "project": self.bobs_project.pk}
        )
        assert response.status_code == 302
        assert Document.objects.get(title="mine").project == self.bobs_project

    def test_create_without_a_project_is_refused_as_it_would_belong_to_nobody(self):
        self.client.force_login(self.bob)
        response = self.client.post("/documents/new/", {"title": "orphan"})
        assert response.status_code == 200
        assert self.form_errors(response)["project"] == [
            "Select a project you have access to."
        ]
        assert not Document.objects.filter(title="orphan").exists()

    def test_form_offers_only_the_users_projects(self):
        self.client.force_login(self.bob)
        view = views.ProjectDocumentCreateView()
        view.setup(RequestFactory().get("/documents/new/"))
        view.request.user = self.bob
        view._chained_owner = self.bob
        choices = cast(Any, view.get_form().fields["project"]).queryset
        assert list(choices) == [self.bobs_project]

    def test_move_into_another_users_project_is_a_validation_error(self):
        self.client.force_login(self.bob)
        response = self.client.post(
            f"/documents/{self.bobs_doc.pk}/edit/",
            {"title": "moved", "project": self.alices_project.pk},
        )
        assert response.status_code == 200
        assert "project" in self.form_errors(response)
        self.bobs_doc.refresh_from_db()
        assert (self.bobs_doc.title, self.bobs_doc.project) == (
            "bob-doc",
            self.bobs_project,
        )

    def test_move_between_own_projects_is_saved(self):
        other = Project.objects.create(name="bob's second")
        other.members.add(self.bob)
        self.client.force_login(self.bob)
        response = self.client.post(
            f"/documents/{self.bobs_doc.pk}/edit/",
            {"title": "moved", "project": other.pk},
        )
        assert response.status_code == 302
        self.bobs_doc.refresh_from_db()
        assert self.bobs_doc.project == other

    def test_project_set_from_the_url_outside_the_users_rows_is_404(self):
        self.client.force_login(self.bob)
        url = f"/projects/{self.alices_project.pk}/documents/new/"
        assert self.client.post(url, {"title": "planted"}).status_code == 404
        assert not Document.objects.filter(title="planted").exists()
        url = f"/projects/{self.bobs_project.pk}/documents/new/"
        assert self.client.post(url, {"title": "mine"}).status_code == 302
        assert Document.objects.get(title="mine").project == self.bobs_project

    def test_direct_owner_field_in_the_form_offers_only_the_user(self):
        self.client.force_login(self.bob)
        response = self.client.post(
            "/owned/documents/new/", {"title": "gift", "owner": self.alice.pk}
        )
        assert response.status_code == 200
        assert "owner" in self.form_errors(response)
        response = self.client.post(
            "/owned/documents/new/", {"title": "mine", "owner": self.bob.pk}
        )
        assert response.status_code == 302
        assert Document.objects.get(title="mine").owner == self.bob

    def test_superuser_bypass_may_move_rows_anywhere(self):
        self.alice.is_superuser = True
        self.alice.save()
        self.client.force_login(self.alice)
        other = Project.objects.create(name="nobody's")
        response = self.client.post(
            f"/all/documents/{self.bobs_doc.pk}/edit/",
            {"title": "moved", "project": other.pk},
        )
        assert response.status_code == 302
        self.bobs_doc.refresh_from_db()
        assert self.bobs_doc.project == other

    def test_bypass_view_still_scopes_ordinary_users(self):
        self.client.force_login(self.bob)
        response = self.client.post(
            f"/all/documents/{self.bobs_doc.pk}/edit/",
            {"title": "moved", "project": self.alices_project.pk},
        )
        assert response.status_code == 200
        assert "project" in self.form_errors(response)
