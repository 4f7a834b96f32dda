from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from django_chained.storage import RandomFileSystemStorage


class Note(models.Model):
    """A private note: only its owner may see, change or delete it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    attachment = models.FileField(
        upload_to="notes/", blank=True, storage=RandomFileSystemStorage()
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notes:detail", kwargs={"pk": self.pk})
