"""Owner lookup paths: validation, scoping and discovery."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import isolate_apps

from django_chained.ownership import (
    InvalidOwnerField,
    assign_owner_before_save,
    is_directly_owned_model_named,
    is_owned_model,
    is_owned_model_named,
    is_user_model,
    owner_paths,
    resolve_owner_path,
    scope_queryset,
    scope_to_any_path,
)
from tests.models import Document, Membership, Project, Release, Task, Team


def name_of(field):
    assert field is not None
    return field.name


class ResolveOwnerPathTests(SimpleTestCase):
    def test_foreign_key_to_user(self):
        path = resolve_owner_path(Document, "owner")
        assert name_of(path.direct_foreign_key) == "owner"
        assert path.direct_many_to_many is None

    def test_attname_names_the_same_foreign_key(self):
        assert (
            name_of(resolve_owner_path(Document, "owner_id").direct_foreign_key)
            == "owner"
        )

    def test_many_to_many_path(self):
        path = resolve_owner_path(Document, "project__members")
        assert path.many_valued_hops == 1
        assert path.direct_foreign_key is None
        assert path.direct_many_to_many is None

    def test_direct_many_to_many(self):
        assert (
            name_of(resolve_owner_path(Project, "members").direct_many_to_many)
            == "members"
        )

    def test_reverse_relation_in_path(self):
        assert resolve_owner_path(Project, "document__owner").many_valued_hops == 1


def test_changing_the_user_model_forgets_resolved_paths():
    resolve_owner_path(Document, "owner")
    assert resolve_owner_path.cache_info().currsize > 0
    with override_settings(AUTH_USER_MODEL="auth.User"):
        assert resolve_owner_path.cache_info().currsize == 0


def test_other_settings_keep_resolved_paths():
    resolve_owner_path(Document, "owner")
    with override_settings(SECRET_KEY="unchanged-user-model"):
        assert resolve_owner_path.cache_info().currsize > 0


@pytest.mark.parametrize(
    ("lookup", "problem"),
    [
        ("author", "has no field 'author'"),
        ("title", "is not a relation"),
        ("project", "ends at tests.Project, not at auth.User"),
        ("project__nobody", "tests.Project has no field 'nobody'"),
        ("", "non-empty string"),
    ],
)
def test_invalid_paths_say_what_is_wrong(lookup, problem):
    with pytest.raises(InvalidOwnerField, match=problem):
        resolve_owner_path(Document, lookup)


@isolate_apps("tests")
def test_generic_foreign_key_is_not_an_owner_relation():
    # A GenericForeignKey is a relation without one related model: nothing to follow to the user.
    class Attachment(models.Model):  # noqa: DJ008
        content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
        object_id = models.PositiveIntegerField()
        target = GenericForeignKey("content_type", "object_id")

    with pytest.raises(
        InvalidOwnerField, match=r"Attachment\.target is not a relation"
    ):
        resolve_owner_path(Attachment, "target")


def test_direct_owner_is_assigned_before_save_and_other_paths_are_left_alone():
    alice = User(pk=7, username="alice")
    direct = Document(title="mine")
    assign_owner_before_save(direct, alice, "owner")
    assert direct.owner_id == 7
    through_project = Document(title="shared")
    assign_owner_before_save(through_project, alice, "project__members")
    assert through_project.owner_id is None


@pytest.mark.parametrize("value", [None, "auth.User", 5, Document])
def test_only_the_user_model_is_the_user_model(value):
    assert is_user_model(value) is False
    assert is_user_model(User) is True


@override_settings(AUTH_USER_MODEL="nowhere.User")
def test_user_model_of_an_uninstalled_app_owns_nothing():
    assert is_user_model(User) is False


class ScopeQuerysetTests(TestCase):
    alice: Any
    bob: Any
    doc: Document

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        cls.doc = Document.objects.create(owner=cls.alice, title="a")

    def test_anonymous_user_gets_no_rows(self):
        assert (
            list(scope_queryset(Document.objects.all(), AnonymousUser(), "owner")) == []
        )

    def test_anonymous_superuser_bypass_still_needs_superuser(self):
        scoped = scope_queryset(
            Document.objects.all(), AnonymousUser(), "owner", superuser_bypass=True
        )
        assert list(scoped) == []

    @isolate_apps("tests")
    def test_foreign_key_with_to_field_compares_that_field_not_the_pk(self):
        class Note(models.Model):  # noqa: DJ008
            owner = models.ForeignKey(
                User, models.CASCADE, to_field="username", related_name="+"
            )

        scoped = scope_queryset(Note._default_manager.all(), self.alice, "owner")
        _, params = scoped.query.sql_with_params()
        assert params == ("alice",)

    def test_path_without_to_many_hop_is_a_plain_where(self):
        scoped = scope_queryset(Document.objects.all(), self.bob, "owner")
        assert str(scoped.query) == str(Document.objects.filter(owner=self.bob).query)

    def test_one_to_many_hop_matches_pks_in_a_subquery(self):
        scoped = scope_queryset(Document.objects.all(), self.bob, "project__members")
        matching = Document.objects.filter(project__members=self.bob).values("pk")
        expected = Document.objects.filter(pk__in=matching)
        assert str(scoped.query) == str(expected.query)
        assert not scoped.query.distinct


class DuplicateLinkTests(TestCase):
    """A through model without a unique constraint links a user twice; two to-many hops multiply."""

    alice: Any
    team: Team

    @classmethod
    def setUpTestData(cls):
        cls.alice = get_user_model().objects.create_user("alice")
        cls.team = Team.objects.create(name="t")
        Membership.objects.create(team=cls.team, user=cls.alice, role="dev")
        Membership.objects.create(team=cls.team, user=cls.alice, role="lead")

    def test_member_twice_sees_the_task_once(self):
        task = Task.objects.create(title="t", team=self.team)
        scoped = scope_queryset(Task.objects.all(), self.alice, "team__members")
        assert list(scoped) == [task]
        assert scoped.get(pk=task.pk) == task
        assert Task.objects.filter(team__members=self.alice).count() == 2  # the hazard

    def test_two_to_many_hops_reach_the_release_once(self):
        other = Team.objects.create(name="other")
        Membership.objects.create(team=other, user=self.alice)
        release = Release.objects.create(name="r")
        release.teams.add(self.team, other)
        scoped = scope_queryset(Release.objects.all(), self.alice, "teams__members")
        assert list(scoped) == [release]
        assert scoped.get(pk=release.pk) == release
        assert Release.objects.filter(teams__members=self.alice).count() == 3

    def test_scoped_rows_can_still_be_deleted(self):
        """``DISTINCT`` would make ``delete()`` raise; the subquery does not."""
        Task.objects.create(title="t", team=self.team)
        scoped = scope_queryset(Task.objects.all(), self.alice, "team__members")
        assert scoped.delete()[0] == 1

    def test_any_path_matches_rows_reached_through_either(self):
        bob = get_user_model().objects.create_user("bob")
        owned = Document.objects.create(owner=bob, title="owned")
        shared_project = Project.objects.create(name="shared")
        shared_project.members.add(bob)
        shared = Document.objects.create(
            owner=self.alice, title="shared", project=shared_project
        )
        Document.objects.create(owner=self.alice, title="alice's")
        scoped = scope_to_any_path(
            Document.objects.order_by("title"), bob, ("owner", "project__members")
        )
        assert list(scoped) == [owned, shared]

    def test_no_path_reaches_nothing(self):
        Task.objects.create(title="t", team=self.team)
        assert list(scope_to_any_path(Task.objects.all(), self.alice, ())) == []


class OwnerDiscoveryTests(SimpleTestCase):
    def test_owner_paths_follow_foreign_keys_and_many_to_many(self):
        assert owner_paths(Document) == ("owner", "project__members")
        assert owner_paths(Project) == ("members",)

    def test_depth_limits_the_search(self):
        assert owner_paths(Document, depth=1) == ("owner",)
        # A task's milestone reaches its members in three hops: one more than the default.
        assert owner_paths(Task) == ("team__members",)
        assert owner_paths(Task, depth=3) == (
            "milestone__team__members",
            "team__members",
        )

    def test_models_without_user_path_are_not_owned(self):
        assert not is_owned_model(Group)

    def test_user_model_itself_is_not_owned_by_default(self):
        assert not is_owned_model(get_user_model())

    @override_settings(CHAINED_OWNER_MODELS=["auth.Group", "AUTH.USER"])
    def test_owner_models_setting_adds_models(self):
        assert is_owned_model(Group)
        assert is_owned_model(get_user_model())


class IsOwnedModelNamedTests(SimpleTestCase):
    def test_owned_model(self):
        assert is_owned_model_named("Document") is True
        assert is_owned_model_named("Project") is True

    def test_model_without_owner(self):
        assert is_owned_model_named("Group") is False

    @override_settings(CHAINED_OWNER_MODELS=["auth.Group"])
    def test_model_listed_in_the_setting(self):
        assert is_owned_model_named("Group") is True

    def test_no_installed_model_of_that_name(self):
        assert is_owned_model_named("Order") is None

    def test_directly_owned_needs_a_relation_of_the_models_own(self):
        assert is_directly_owned_model_named("Document") is True  # owner
        assert is_directly_owned_model_named("Project") is True  # members
        assert is_owned_model_named("Milestone") is True  # team__members
        assert is_directly_owned_model_named("Milestone") is False
        assert is_directly_owned_model_named("Label") is False
        assert is_directly_owned_model_named("Order") is None

    @override_settings(CHAINED_OWNER_MODELS=["tests.Milestone"])
    def test_directly_owned_counts_the_setting(self):
        assert is_directly_owned_model_named("Milestone") is True

    @isolate_apps("tests")
    def test_any_owned_model_of_the_name_wins(self):
        class Group(models.Model):  # noqa: DJ008 - owned, beside auth.Group
            owner = models.ForeignKey(User, models.CASCADE, related_name="+")

        installed = [AuthGroup, Group]
        with mock.patch.object(django_apps, "get_models", return_value=installed):
            assert is_owned_model_named("Group") is True
