"""Hostile owner scoping: random users, teams, duplicate memberships and requests, checked against a model.

Every request is made as one of the random users against the owner-scoped ``Task`` views (list,
detail, create and update with ``fields = "__all__"``, an ``owner_required`` view, the function
views writing through ``limit_owner_choices``/``unowned_relation``) and the ``Release`` views (two
to-many hops).  Whatever is asked, no answer shows a row the user cannot reach, no write leaves a
row outside the user's reach or touches another user's row, and nothing answers 500.

About 15 s by default; ``CHAINED_HOSTILE_LONG=1`` runs many more examples.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import override_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.models import Membership, Milestone, Release, Task, Team

EXAMPLES = 2500 if os.environ.get("CHAINED_HOSTILE_LONG") == "1" else 350

INDEX = st.integers(min_value=0, max_value=5)
#: A relation as posted: an index into the world's rows, empty, or junk.
CHOICE = st.one_of(INDEX, st.sampled_from(["", "x", "-1", "999999", "1.5"]))


@dataclass(frozen=True)
class World:
    users: int
    teams: int
    memberships: list[tuple[int, int]]
    milestone_teams: list[int]
    task_teams: list[int | None]
    release_teams: list[list[int]]


@st.composite
def worlds(draw: Any) -> World:
    users = draw(st.integers(min_value=2, max_value=3))
    teams = draw(st.integers(min_value=1, max_value=3))
    team = st.integers(min_value=0, max_value=teams - 1)
    user = st.integers(min_value=0, max_value=users - 1)
    return World(
        users=users,
        teams=teams,
        # A list, not a set: the same membership twice is what the through model allows.
        memberships=draw(st.lists(st.tuples(user, team), max_size=6)),
        milestone_teams=draw(st.lists(team, max_size=3)),
        task_teams=draw(st.lists(st.none() | team, min_size=1, max_size=4)),
        release_teams=draw(st.lists(st.lists(team, max_size=3), max_size=2)),
    )


REQUESTS = st.tuples(
    st.sampled_from(
        ["list", "detail", "title", "edit", "new", "fn-edit", "fn-new", "release"]
    ),
    st.integers(min_value=0, max_value=2),  # which user asks
    INDEX,  # which task or release
    st.booleans(),  # GET the page (True) or POST the form
    st.fixed_dictionaries(
        {"team": CHOICE, "milestone": CHOICE, "parent": CHOICE, "blockers": CHOICE}
    ),
)

TOKEN = re.compile(r"(?:task|ms|team|rel)\d+z")


class Built:
    """The world in the database, with what each user may reach computed by hand."""

    def __init__(self, world: World) -> None:
        users = get_user_model().objects
        self.users = [users.create(username=f"u{i}") for i in range(world.users)]
        self.teams = [Team.objects.create(name=f"team{i}z") for i in range(world.teams)]
        for user, team in world.memberships:
            Membership.objects.create(team=self.teams[team], user=self.users[user])
        self.milestones = [
            Milestone.objects.create(team=self.teams[t], title=f"ms{i}z")
            for i, t in enumerate(world.milestone_teams)
        ]
        self.tasks = [
            Task.objects.create(
                title=f"task{i}z", team=None if t is None else self.teams[t]
            )
            for i, t in enumerate(world.task_teams)
        ]
        self.releases = []
        for i, teams in enumerate(world.release_teams):
            release = Release.objects.create(name=f"rel{i}z")
            release.teams.set([self.teams[t] for t in teams])
            self.releases.append(release)
        self.team_ids: dict[int, set[int]] = {u.pk: set() for u in self.users}
        for user, team in world.memberships:
            self.team_ids[self.users[user].pk].add(self.teams[team].pk)

    def reachable_tokens(self, user: Any) -> set[str]:
        """Names of every row ``user`` may see: own teams, their milestones, tasks and releases."""
        mine = self.team_ids[user.pk]
        tokens = {t.name for t in Team.objects.filter(pk__in=mine)}
        tokens |= {m.title for m in Milestone.objects.filter(team__in=mine)}
        tokens |= {t.title for t in Task.objects.filter(team__in=mine)}
        tokens |= {r.name for r in Release.objects.filter(teams__in=mine)}
        return tokens

    def posted(self, data: dict[str, Any]) -> dict[str, Any]:
        """The form data: indexes become the pks of the world's rows (or of nothing)."""
        rows: dict[str, list[Any]] = {
            "team": self.teams,
            "milestone": self.milestones,
            "parent": self.tasks,
            "blockers": self.tasks,
        }
        posted: dict[str, Any] = {"title": "posted"}
        for field, choice in data.items():
            if isinstance(choice, int):
                posted[field] = (
                    rows[field][choice].pk if choice < len(rows[field]) else 0
                )
            else:
                posted[field] = choice
        return posted


def snapshot() -> dict[int, tuple[Any, ...]]:
    return {
        task.pk: (
            task.title,
            task.team_id,
            task.milestone_id,
            task.parent_id,
            tuple(sorted(b.pk for b in task.blockers.all())),
        )
        for task in Task.objects.all()
    }


@override_settings(ROOT_URLCONF="tests.urlconfs.owner_scoping")
class HostileOwnerScopingTests(TestCase):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(world=worlds(), requests=st.lists(REQUESTS, min_size=1, max_size=6))
    def test_no_request_reaches_another_users_row(self, world, requests):
        built = Built(world)
        for kind, asker, target, get, data in requests:
            user = built.users[asker % len(built.users)]
            self.client.force_login(user)
            event(f"{kind} {'GET' if get else 'POST'}")
            self.check_request(built, user, kind, target, get, data)

    def check_request(self, built, user, kind, target, get, data):
        mine = built.team_ids[user.pk]
        task = built.tasks[target % len(built.tasks)]
        visible = task.team_id in mine
        before = snapshot()
        url = {
            "list": "/tasks/",
            "detail": f"/tasks/{task.pk}/",
            "title": f"/tasks/{task.pk}/title/",
            "edit": f"/tasks/{task.pk}/edit/",
            "new": "/tasks/new/",
            "fn-edit": f"/fn/tasks/{task.pk}/edit/",
            "fn-new": "/fn/tasks/new/",
            "release": "/releases/",
        }[kind]
        reachable = built.reachable_tokens(user)
        if kind == "release" and built.releases:
            release = built.releases[target % len(built.releases)]
            url = f"/releases/{release.pk}/" if get else f"/releases/{release.pk}/name/"
            visible = release.teams.filter(pk__in=mine).exists()
        reading = get or kind in ("list", "detail", "title", "release")
        response = (
            self.client.get(url)
            if reading
            else self.client.post(url, built.posted(data))
        )
        assert response.status_code in (200, 201, 302, 400, 404), (url, response)
        shown = set(TOKEN.findall(response.content.decode()))
        assert shown <= reachable, (url, shown - reachable)
        if url.startswith("/releases/") and url != "/releases/":
            assert response.status_code == (200 if visible else 404), url
        if kind in ("detail", "title") or (kind in ("edit", "fn-edit") and reading):
            assert response.status_code == (200 if visible else 404), url
        if kind == "list":
            titles = sorted(t.title for t in built.tasks if t.team_id in mine)
            assert response.content.decode() == ",".join(titles)
        self.check_writes(built, user, before)

    def check_writes(self, built, user, before):
        """Rows that changed or appeared are the user's, and point only at what the user may use."""
        mine = built.team_ids[user.pk]
        after = snapshot()
        for pk, state in after.items():
            if before.get(pk) == state:
                continue
            old_team = before[pk][1] if pk in before else None
            assert pk not in before or old_team in mine, ("changed a foreign row", pk)
            _, team, milestone, parent, blockers = state
            assert team in mine, ("row left the user's reach", pk, state)
            if milestone is not None:
                assert Milestone.objects.get(pk=milestone).team_id in mine
            for related in filter(None, (parent, *blockers)):
                assert Task.objects.get(pk=related).team_id in mine
        assert set(before) <= set(after)
