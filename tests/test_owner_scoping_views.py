"""Owner scoping through to-many paths with duplicate links, and forms whose every relation is scoped.

``Task`` is scoped by ``team__members`` (``Membership`` has no unique constraint) and has second
relations to owned rows: ``milestone`` (owned through ``team__members``), ``parent`` and
``blockers`` (tasks), and ``label`` (nobody's).  ``Release`` is scoped by ``teams__members``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tests.models import Label, Membership, Milestone, Release, Task, Team


def pks_in(model, **owner) -> Any:
    """The hand-written owner filter for a path with a to-many hop."""
    return model.objects.filter(pk__in=model.objects.filter(**owner).values("pk"))


class ScopedFixture(TestCase):
    alice: Any
    bob: Any
    alices_team: Team
    bobs_team: Team
    alices_task: Task
    bobs_task: Task
    bobs_milestone: Milestone
    alices_milestone: Milestone

    @classmethod
    def setUpTestData(cls):
        users = get_user_model().objects
        cls.alice, cls.bob = users.create_user("alice"), users.create_user("bob")
        cls.alices_team = Team.objects.create(name="alice's team")
        cls.bobs_team = Team.objects.create(name="bob's team")
        # Alice is in her team twice (two roles): every to-many join yields her rows twice.
        Membership.objects.create(team=cls.alices_team, user=cls.alice, role="dev")
        Membership.objects.create(team=cls.alices_team, user=cls.alice, role="lead")
        Membership.objects.create(team=cls.bobs_team, user=cls.bob)
        cls.alices_milestone = Milestone.objects.create(
            team=cls.alices_team, title="alice-milestone"
        )
        cls.bobs_milestone = Milestone.objects.create(
            team=cls.bobs_team, title="bob-milestone"
        )
        cls.alices_task = Task.objects.create(title="alice-task", team=cls.alices_team)
        cls.bobs_task = Task.objects.create(title="bob-task", team=cls.bobs_team)


@override_settings(ROOT_URLCONF="tests.urlconfs.owner_scoping")
class DuplicateLinkViewTests(ScopedFixture):
    def test_detail_owner_required_and_list_answer_in_one_query(self):
        self.client.force_login(self.alice)
        for url, body in [
            (f"/tasks/{self.alices_task.pk}/", b"alice-task"),
            (f"/tasks/{self.alices_task.pk}/title/", b"alice-task"),
            ("/tasks/", b"alice-task"),
        ]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert (response.status_code, response.content) == (200, body), url
            own = [q["sql"] for q in queries if "tests_task" in q["sql"]]
            assert len(own) == 1, (url, own)
            assert "DISTINCT" not in own[0]

    def test_view_sql_is_the_hand_written_filter(self):
        self.client.force_login(self.alice)
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/tasks/")
        (sql,) = [q["sql"] for q in queries if "tests_task" in q["sql"]]
        expected = pks_in(Task, team__members=self.alice).order_by("title")
        with CaptureQueriesContext(connection) as hand_written:
            list(expected)
        assert sql == hand_written[0]["sql"]

    def test_other_users_task_is_still_404(self):
        self.client.force_login(self.bob)
        for suffix in ("", "title/", "edit/"):
            url = f"/tasks/{self.alices_task.pk}/{suffix}"
            assert self.client.get(url).status_code == 404, url

    def test_two_to_many_hops_give_one_row_and_no_500(self):
        other = Team.objects.create(name="alice's other team")
        Membership.objects.create(team=other, user=self.alice)
        release = Release.objects.create(name="r1")
        release.teams.add(self.alices_team, other)  # alice reaches it three times
        Release.objects.create(name="bob-release").teams.add(self.bobs_team)
        self.client.force_login(self.alice)
        for url in (f"/releases/{release.pk}/", f"/releases/{release.pk}/name/"):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            assert (response.status_code, response.content) == (200, b"r1"), url
            assert len([q for q in queries if "tests_release" in q["sql"]]) == 1
        assert self.client.get("/releases/").content == b"r1"
        self.client.force_login(self.bob)
        assert self.client.get(f"/releases/{release.pk}/").status_code == 404


@override_settings(ROOT_URLCONF="tests.urlconfs.owner_scoping")
class SecondRelationTests(ScopedFixture):
    """Every relation of a ``fields = "__all__"`` form is scoped, in the mixin and the function-view helpers."""

    def post(self, url, **data) -> Any:
        return self.client.post(url, {"title": "planted", **data})

    def test_forms_list_none_of_another_users_rows(self):
        Label.objects.create(name="shared-label")
        self.client.force_login(self.bob)
        for url in (
            "/tasks/new/",
            f"/tasks/{self.bobs_task.pk}/edit/",
            "/fn/tasks/new/",
            f"/fn/tasks/{self.bobs_task.pk}/edit/",
        ):
            page = self.client.get(url).content.decode()
            assert "bob-milestone" in page, url
            assert "bob-task" in page, url
            assert "shared-label" in page, url  # a model nobody owns is left alone
            for leaked in ("alice-task", "alice-milestone", "alice&#x27;s team"):
                assert leaked not in page, (url, leaked)

    def test_create_refuses_another_users_row_in_each_relation(self):
        self.client.force_login(self.bob)
        foreign = {
            "milestone": self.alices_milestone.pk,
            "parent": self.alices_task.pk,
            "blockers": self.alices_task.pk,
        }
        for url in ("/tasks/new/", "/fn/tasks/new/"):
            for field, pk in foreign.items():
                response = self.post(url, team=self.bobs_team.pk, **{field: pk})
                assert response.status_code == 400, (url, field)
                assert field in response.json(), (url, field)
        assert not Task.objects.filter(title="planted").exists()

    def test_create_with_own_rows_in_each_relation_is_saved(self):
        self.client.force_login(self.bob)
        label = Label.objects.create(name="anyone's")
        for url in ("/tasks/new/", "/fn/tasks/new/"):
            response = self.post(
                url,
                team=self.bobs_team.pk,
                milestone=self.bobs_milestone.pk,
                parent=self.bobs_task.pk,
                blockers=self.bobs_task.pk,
                label=label.pk,
            )
            assert response.status_code in (201, 302), (url, response.content)
        for task in Task.objects.filter(title="planted"):
            assert (task.team, task.milestone, task.parent, task.label) == (
                self.bobs_team,
                self.bobs_milestone,
                self.bobs_task,
                label,
            )
            assert list(task.blockers.all()) == [self.bobs_task]

    def test_update_refuses_another_users_row_in_each_relation(self):
        self.client.force_login(self.bob)
        foreign = {
            "team": self.alices_team.pk,
            "milestone": self.alices_milestone.pk,
            "parent": self.alices_task.pk,
            "blockers": self.alices_task.pk,
        }
        for url in (
            f"/tasks/{self.bobs_task.pk}/edit/",
            f"/fn/tasks/{self.bobs_task.pk}/edit/",
        ):
            for field, pk in foreign.items():
                data = {"team": self.bobs_team.pk, field: pk}
                response = self.post(url, **data)
                assert response.status_code == 400, (url, field)
                assert field in response.json(), (url, field)
        self.bobs_task.refresh_from_db()
        assert (self.bobs_task.title, self.bobs_task.team) == (
            "bob-task",
            self.bobs_team,
        )
        assert not self.bobs_task.blockers.exists()

    def test_update_to_no_team_is_refused_as_it_would_belong_to_nobody(self):
        self.client.force_login(self.bob)
        for url in (
            f"/tasks/{self.bobs_task.pk}/edit/",
            f"/fn/tasks/{self.bobs_task.pk}/edit/",
        ):
            response = self.post(url, team="")
            assert response.status_code == 400, url
            assert "team" in response.json(), url
        self.bobs_task.refresh_from_db()
        assert (self.bobs_task.title, self.bobs_task.team) == (
            "bob-task",
            self.bobs_team,
        )

    def test_update_whose_code_sets_a_foreign_or_no_team_is_404(self):
        self.client.force_login(self.bob)
        base = f"/tasks/{self.bobs_task.pk}/move/"
        assert self.post(f"{base}{self.alices_team.pk}/").status_code == 404
        assert self.post(f"{base}0/").status_code == 404
        self.bobs_task.refresh_from_db()
        assert (self.bobs_task.title, self.bobs_task.team) == (
            "bob-task",
            self.bobs_team,
        )
        other = Team.objects.create(name="bob's second team")
        Membership.objects.create(team=other, user=self.bob)
        assert self.post(f"{base}{other.pk}/").status_code == 302
        self.bobs_task.refresh_from_db()
        assert (self.bobs_task.title, self.bobs_task.team) == ("planted", other)

    def test_empty_second_relations_are_allowed(self):
        self.client.force_login(self.bob)
        response = self.post(
            f"/tasks/{self.bobs_task.pk}/edit/", team=self.bobs_team.pk
        )
        assert response.status_code == 302
        self.bobs_task.refresh_from_db()
        assert (self.bobs_task.milestone, self.bobs_task.parent) == (None, None)
