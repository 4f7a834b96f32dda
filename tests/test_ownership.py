"""Owner lookup paths: validation, scoping and discovery."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.auth.models import Group as AuthGroup
from django.db import models
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import isolate_apps

from django_chained.ownership import (
    InvalidOwnerField,
    is_owned_model,
    is_owned_model_named,
    owner_paths,
    resolve_owner_path,
    scope_queryset,
)
from tests.models import Document, Project


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

    def test_two_many_valued_hops_return_each_row_once(self):
        first, second = (
            Project.objects.create(name="1"),
            Project.objects.create(name="2"),
        )
        first.members.add(self.alice, self.bob)
        second.members.add(self.alice, self.bob)
        scoped = scope_queryset(
            Project.objects.all(), self.bob, "members__projects__members"
        )
        assert sorted(p.name for p in scoped) == ["1", "2"]

    @isolate_apps("tests")
    def test_foreign_key_with_to_field_compares_that_field_not_the_pk(self):
        class Note(models.Model):  # noqa: DJ008
            owner = models.ForeignKey(
                User, models.CASCADE, to_field="username", related_name="+"
            )

        scoped = scope_queryset(Note._default_manager.all(), self.alice, "owner")
        _, params = scoped.query.sql_with_params()
        assert params == ("alice",)

    def test_one_many_valued_hop_adds_no_distinct(self):
        scoped = scope_queryset(Document.objects.all(), self.bob, "project__members")
        assert not scoped.query.distinct


class OwnerDiscoveryTests(SimpleTestCase):
    def test_owner_paths_follow_foreign_keys_and_many_to_many(self):
        assert owner_paths(Document) == ("owner", "project__members")
        assert owner_paths(Project) == ("members",)

    def test_depth_limits_the_search(self):
        assert owner_paths(Document, depth=1) == ("owner",)

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

    @isolate_apps("tests")
    def test_any_owned_model_of_the_name_wins(self):
        class Group(models.Model):  # noqa: DJ008 - owned, beside auth.Group
            owner = models.ForeignKey(User, models.CASCADE, related_name="+")

        installed = [AuthGroup, Group]
        with mock.patch.object(django_apps, "get_models", return_value=installed):
            assert is_owned_model_named("Group") is True
