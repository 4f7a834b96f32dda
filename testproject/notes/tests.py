"""The notes app keeps every note private: django_chained.testing proves it URL by URL."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase

from django_chained.testing import OwnerOnlyTestMixin
from notes.models import Note


class NotesArePrivateTests(OwnerOnlyTestMixin, TestCase):
    owner_only_namespaces = ("notes",)

    def test_other_users_and_anonymous_cannot_reach_a_note(self) -> None:
        users = get_user_model().objects
        owner = users.create_user("owner", password="unused-owner-pw")
        other = users.create_user("other", password="unused-other-pw")
        note = Note.objects.create(owner=owner, title="private", body="secret")

        report = self.assert_owner_only([note], other)

        assert f"/notes/{note.pk}/" in report.probed
        assert f"/notes/{note.pk}/text/" in report.probed
