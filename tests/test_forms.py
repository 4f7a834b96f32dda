"""Owner-scoped writes: form choices narrowed to the user's rows, instances verified before saving."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import models
from django.test import SimpleTestCase, TestCase
from django.test.utils import isolate_apps

from django_chained.forms import limit_owner_choices, owner_lookups, unowned_relation
from tests.models import Document, Label, Membership, Milestone, Project, Task, Team


def choices(form, name) -> Any:
    """The queryset a model choice field offers."""
    return cast(Any, form.fields[name]).queryset


def pks_of_members(model, user_pk) -> Any:
    """The hand-written equivalent of scoping ``model`` by ``members``: a to-many hop matches pks in a subquery."""
    matching = model._base_manager.filter(members=user_pk).values("pk")
    return model._default_manager.filter(pk__in=matching)


def subquery_where(queryset) -> Any:
    """The WHERE tree inside ``pk IN (subquery)``: Query objects compare equal whatever they filter."""
    (matching_pks,) = queryset.query.where.children
    assert (matching_pks.lookup_name, matching_pks.lhs.target.name) == ("in", "id")
    return matching_pks.rhs.where


def form_for(model, fields, **kwargs):
    form_class = forms.modelform_factory(model, fields=fields)
    return form_class(**kwargs)


class LimitOwnerChoicesTests(TestCase):
    alice: Any
    bob: Any
    alices: Project
    shared: Project

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        cls.alices = Project.objects.create(name="alice's")
        cls.alices.members.add(cls.alice)
        cls.shared = Project.objects.create(name="shared")
        cls.shared.members.add(cls.alice, cls.bob)

    def test_first_hop_offers_only_the_users_projects(self):
        form = form_for(Document, ["title", "project"])
        limit_owner_choices(form, self.bob, "project__members")
        assert list(choices(form, "project")) == [self.shared]

    def test_direct_foreign_key_offers_only_the_user(self):
        form = form_for(Document, ["title", "owner"])
        limit_owner_choices(form, self.bob, "owner")
        assert list(choices(form, "owner")) == [self.bob]

    def test_direct_many_to_many_to_users_keeps_every_user(self):
        """Adding other members to a project the user is in is sharing, not a leak."""
        form = form_for(Project, ["name", "members"])
        limit_owner_choices(form, self.bob, "members")
        assert set(choices(form, "members")) == {self.alice, self.bob}

    def test_owner_relation_not_in_the_form_is_left_alone(self):
        form = form_for(Document, ["title"])
        limit_owner_choices(form, self.bob, "project__members")
        assert list(form.fields) == ["title"]

    def test_superuser_bypass_keeps_every_choice(self):
        self.bob.is_superuser = True
        form = form_for(Document, ["project"])
        limit_owner_choices(form, self.bob, "project__members", superuser_bypass=True)
        assert set(choices(form, "project")) == {self.alices, self.shared}

    def test_bypass_is_only_for_superusers(self):
        form = form_for(Document, ["project"])
        limit_owner_choices(form, self.bob, "project__members", superuser_bypass=True)
        assert list(choices(form, "project")) == [self.shared]

    def test_plain_form_is_left_alone(self):
        class Plain(forms.Form):
            project = forms.ModelChoiceField(Project.objects.all())

        form = Plain()
        limit_owner_choices(form, self.bob, "project__members")
        assert set(choices(form, "project")) == {self.alices, self.shared}

    def test_choice_field_without_a_queryset_is_left_alone(self):
        class Late(forms.ModelForm):  # type: ignore[type-arg]
            project: forms.ModelChoiceField[Project] = forms.ModelChoiceField(
                queryset=None
            )

            class Meta:
                model = Document
                fields = ["project"]

        form = Late()
        limit_owner_choices(form, self.bob, "project__members")
        assert choices(form, "project") is None

    def test_posted_project_of_another_user_is_an_invalid_choice(self):
        form = form_for(
            Document,
            ["title", "project"],
            data={"title": "t", "project": self.alices.pk},
        )
        limit_owner_choices(form, self.bob, "project__members")
        assert not form.is_valid()
        assert form.errors["project"][0].startswith("Select a valid choice")


class UnownedRelationTests(TestCase):
    alice: Any
    bob: Any
    alices: Project

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        cls.alices = Project.objects.create(name="alice's")
        cls.alices.members.add(cls.alice)

    def test_project_of_the_user_is_owned(self):
        document = Document(owner=self.alice, project=self.alices)
        assert unowned_relation(document, self.alice, "project__members") is None

    def test_project_of_another_user_is_not(self):
        document = Document(owner=self.bob, project=self.alices)
        assert unowned_relation(document, self.bob, "project__members") == "project"

    def test_no_project_belongs_to_nobody(self):
        document = Document(owner=self.bob)
        assert unowned_relation(document, self.bob, "project__members") == "project"

    def test_direct_owner(self):
        assert unowned_relation(Document(owner=self.bob), self.bob, "owner") is None
        assert (
            unowned_relation(Document(owner=self.alice), self.bob, "owner") == "owner"
        )
        assert unowned_relation(Document(), self.bob, "owner") == "owner"

    def test_direct_many_to_many_cannot_be_told_before_saving(self):
        assert unowned_relation(Project(name="p"), self.bob, "members") is None


@isolate_apps("tests")
class ToManyFirstHopTests(SimpleTestCase):
    """A first hop to many (``teams__members``, a reverse relation) is guarded in the form only."""

    def test_many_to_many_first_hop_is_narrowed_and_left_to_the_form(self):
        class Team(models.Model):  # noqa: DJ008
            members = models.ManyToManyField(User, related_name="+")

        class Task(models.Model):  # noqa: DJ008
            teams = models.ManyToManyField(Team)

        user = User(pk=7)
        form = form_for(Task, ["teams"])
        limit_owner_choices(form, user, "teams__members")
        narrowed = choices(form, "teams")
        # Compared as WHERE trees: Django 6.x cannot render SQL for an isolated M2M through table.
        assert narrowed.model is Team
        assert subquery_where(narrowed) == subquery_where(pks_of_members(Team, 7))
        assert subquery_where(narrowed) != subquery_where(pks_of_members(Team, 8))
        assert unowned_relation(Task(), user, "teams__members") is None

    def test_reverse_first_hop_is_left_alone(self):
        class Board(models.Model):  # noqa: DJ008
            name = models.CharField(max_length=10)

        class Seat(models.Model):  # noqa: DJ008
            board = models.ForeignKey(Board, models.CASCADE, related_name="seats")
            user = models.ForeignKey(User, models.CASCADE, related_name="+")

        form = form_for(Board, ["name"])
        limit_owner_choices(form, User(pk=7), "seats__user")
        assert list(form.fields) == ["name"]
        assert unowned_relation(Board(), User(pk=7), "seats__user") is None


class SecondRelationTests(TestCase):
    """Every relation of a ``fields = "__all__"`` form, not only the owner path's first hop."""

    alice: Any
    bob: Any
    bobs_team: Team
    alices_milestone: Milestone
    alices_task: Task

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        alices_team = Team.objects.create(name="a")
        cls.bobs_team = Team.objects.create(name="b")
        Membership.objects.create(team=alices_team, user=cls.alice)
        Membership.objects.create(team=cls.bobs_team, user=cls.bob)
        cls.alices_milestone = Milestone.objects.create(team=alices_team, title="m")
        cls.alices_task = Task.objects.create(title="t", team=alices_team)

    def sql(self, queryset) -> str:
        return str(queryset.query)

    def test_each_owned_relation_is_narrowed_to_a_hand_written_filter(self):
        form = form_for(Task, "__all__")
        limit_owner_choices(form, self.bob, "team__members")
        by_members = Team.objects.filter(members=self.bob).values("pk")
        expected = {
            # The owner path decides for the models it crosses ...
            "team": Team.objects.filter(pk__in=by_members),
            "parent": Task.objects.filter(
                pk__in=Task.objects.filter(team__members=self.bob).values("pk")
            ),
            # ... and a model it does not cross is reached through its own owner paths.
            "milestone": Milestone.objects.filter(
                pk__in=Milestone.objects.filter(team__members=self.bob).values("pk")
            ),
        }
        expected["blockers"] = expected["parent"]
        for name, queryset in expected.items():
            assert self.sql(choices(form, name)) == self.sql(queryset), name

    def test_models_nobody_owns_and_other_user_relations_keep_every_choice(self):
        Label.objects.create(name="l")
        form = form_for(Task, ["label"])
        limit_owner_choices(form, self.bob, "team__members")
        assert self.sql(choices(form, "label")) == self.sql(Label.objects.all())
        form = form_for(Membership, ["team", "user"])
        limit_owner_choices(form, self.bob, "team__members")
        assert set(choices(form, "user")) == {self.alice, self.bob}
        assert list(choices(form, "team")) == [self.bobs_team]

    def test_other_users_rows_are_refused_in_any_relation(self):
        task = Task(title="new", team=self.bobs_team)
        assert unowned_relation(task, self.bob, "team__members") is None
        task.parent = self.alices_task
        assert unowned_relation(task, self.bob, "team__members") == "parent"
        task.parent, task.milestone = None, self.alices_milestone
        assert unowned_relation(task, self.bob, "team__members") == "milestone"
        assert unowned_relation(task, self.alice, "team__members") == "team"

    def test_a_row_nobody_owns_may_be_linked(self):
        label = Label.objects.create(name="urgent")
        task = Task(title="new", team=self.bobs_team, label=label)
        assert unowned_relation(task, self.bob, "team__members") is None

    def test_path_repeating_a_model_uses_its_deepest_occurrence(self):
        """Under ``parent__team__members`` a task's parent must be one of the user's tasks by ``team__members``."""
        assert owner_lookups(Task, Task, "parent__team__members") == ("team__members",)
        assert owner_lookups(Milestone, Task, "team__members") == ("team__members",)
        assert owner_lookups(get_user_model(), Task, "team__members") == ()
        assert owner_lookups(Label, Task, "team__members") == ()
