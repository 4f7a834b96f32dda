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

from tests.models import Membership, Milestone, Release, Task, Team


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
