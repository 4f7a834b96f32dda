from __future__ import annotations

from django.conf import settings
from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="projects")

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """An owned object for the authorization tests."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True
    )
    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title


class Team(models.Model):
    """Owned through ``members``; ``Membership`` has no unique constraint, so a user can be a member twice."""

    name = models.CharField(max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="teams"
    )

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):  # noqa: DJ008
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(max_length=20, blank=True)


class Label(models.Model):
    """Nobody's: a relation to it is never narrowed."""

    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """Owned through ``team__members``, found by discovery when a task points at it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """Scoped by ``team__members``, with second relations to owned rows (and one to a model nobody owns)."""

    title = models.CharField(max_length=100)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    blockers = models.ManyToManyField("self", symmetrical=False, blank=True)
    label = models.ForeignKey(Label, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return self.title


class Release(models.Model):
    """Owned through two to-many hops, ``teams__members``: a user can reach it many times over."""

    name = models.CharField(max_length=100)
    teams = models.ManyToManyField(Team, related_name="releases")

    def __str__(self) -> str:
        return self.name
