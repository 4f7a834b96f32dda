"""``OwnerQuerysetMixin`` on REST framework viewsets and generic views, through real API requests."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.models import Document, Project, Task
from tests.test_owner_scoping_views import ScopedFixture


@override_settings(ROOT_URLCONF="tests.urlconfs.api")
class ApiOwnerScopingTests(ScopedFixture):
    api: APIClient

    def setUp(self) -> None:
        self.api = APIClient()

    def as_alice(self) -> APIClient:
        self.api.credentials(HTTP_X_API_USER="alice")
        return self.api

    def titles(self, response: Any) -> list[str]:
        return [row["title"] for row in response.json()]

    def test_anonymous_gets_401_not_a_login_redirect(self):
        for method, url in [
            ("get", "/tasks/"),
            ("post", "/tasks/"),
            ("get", "/documents/"),
        ]:
            response = getattr(self.api, method)(url, {"title": "x"}, format="json")
            self.assertEqual(response.status_code, 401, url)
        self.assertFalse(Task.objects.filter(title="x").exists())

    def test_authentication_by_rest_framework_is_honoured(self):
        # Django's middleware sees an anonymous request: only REST framework knows the user.
        response = self.as_alice().get("/tasks/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.titles(response), ["alice-task"])

    def test_session_login_works_too(self):
        self.api.force_login(self.alice)
        self.assertEqual(self.titles(self.api.get("/tasks/")), ["alice-task"])

    def test_list_is_one_query_and_one_row_despite_duplicate_links(self):
        self.as_alice()
        with CaptureQueriesContext(connection) as queries:
            response = self.api.get("/tasks/")
        self.assertEqual(self.titles(response), ["alice-task"])
        # One scoped query for the rows; the serializer's own per-row reads of blockers come after it.
        scoped = [q["sql"] for q in queries if "tests_membership" in q["sql"]]
        self.assertEqual(len(scoped), 1, scoped)
        self.assertIn('"tests_task"."id" IN (SELECT', scoped[0])

    def test_without_the_mixin_the_list_leaks_every_row(self):
        response = self.as_alice().get("/unscoped/tasks/")
        self.assertEqual(self.titles(response), ["alice-task", "bob-task"])

    def test_other_users_row_is_404_for_every_verb(self):
        url = f"/tasks/{self.bobs_task.pk}/"
        self.as_alice()
        self.assertEqual(self.api.get(url).status_code, 404)
        self.assertEqual(
            self.api.patch(url, {"title": "mine"}, format="json").status_code, 404
        )
        self.assertEqual(self.api.delete(url).status_code, 404)
        self.bobs_task.refresh_from_db()
        self.assertEqual(self.bobs_task.title, "bob-task")

    def test_create_in_another_users_team_is_a_400_on_that_field(self):
        response = self.as_alice().post(
            "/tasks/", {"title": "planted", "team": self.bobs_team.pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("team", response.json())
        self.assertFalse(Task.objects.filter(title="planted").exists())

    def test_without_the_mixin_the_same_post_plants_the_row(self):
        response = self.as_alice().post(
            "/unscoped/tasks/",
            {"title": "planted", "team": self.bobs_team.pk},
            format="json",
        )
        self.assertEqual(response.status_code, 201)
        self.assertTrue(
            Task.objects.filter(title="planted", team=self.bobs_team).exists()
        )

    def test_second_relations_accept_only_the_users_rows(self):
        self.as_alice()
        for field, foreign in [
            ("parent", self.bobs_task.pk),
            ("milestone", self.bobs_milestone.pk),
            ("blockers", [self.bobs_task.pk]),
        ]:
            data = {
                "title": f"via {field}",
                "team": self.alices_team.pk,
                field: foreign,
            }
            response = self.api.post("/tasks/", data, format="json")
            self.assertEqual(response.status_code, 400, field)
            self.assertIn(field, response.json())
        data = {
            "title": "all mine",
            "team": self.alices_team.pk,
            "parent": self.alices_task.pk,
            "milestone": self.alices_milestone.pk,
            "blockers": [self.alices_task.pk],
        }
        self.assertEqual(self.api.post("/tasks/", data, format="json").status_code, 201)
        self.assertTrue(
            Task.objects.filter(title="all mine", parent=self.alices_task).exists()
        )

    def test_create_without_a_team_is_refused_as_it_would_belong_to_nobody(self):
        response = self.as_alice().post("/tasks/", {"title": "orphan"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("team", response.json())
        self.assertFalse(Task.objects.filter(title="orphan").exists())

    def test_update_cannot_move_a_row_to_another_users_team(self):
        url = f"/tasks/{self.alices_task.pk}/"
        response = self.as_alice().patch(
            url, {"team": self.bobs_team.pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.alices_task.refresh_from_db()
        self.assertEqual(self.alices_task.team, self.alices_team)

    def test_update_cannot_empty_the_owner_relation(self):
        url = f"/tasks/{self.alices_task.pk}/"
        response = self.as_alice().patch(url, {"team": None}, format="json")
        self.assertEqual(response.status_code, 400)
        self.alices_task.refresh_from_db()
        self.assertEqual(self.alices_task.team, self.alices_team)

    def test_create_sets_a_direct_owner_and_scopes_its_other_relations(self):
        alices_project = Project.objects.create(name="alice's")
        alices_project.members.add(self.alice)
        bobs_project = Project.objects.create(name="bob's")
        bobs_project.members.add(self.bob)
        self.as_alice()
        response = self.api.post(
            "/documents/",
            {"title": "mine", "project": alices_project.pk},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Document.objects.get(title="mine").owner, self.alice)
        response = self.api.post(
            "/documents/",
            {"title": "theirs", "project": bobs_project.pk},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Document.objects.filter(title="theirs").exists())
        self.assertEqual(self.titles(self.api.get("/documents/")), ["mine"])

    def test_superuser_bypass_lets_a_superuser_move_rows_but_not_others(self):
        root = get_user_model().objects.create_superuser("root")
        url = f"/bypass/tasks/{self.bobs_task.pk}/"
        self.api.force_authenticate(self.alice)
        self.assertEqual(self.api.get(url).status_code, 404)
        self.api.force_authenticate(root)
        response = self.api.patch(url, {"team": self.alices_team.pk}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.bobs_task.refresh_from_db()
        self.assertEqual(self.bobs_task.team, self.alices_team)
