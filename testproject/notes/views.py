from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    ListView,
    UpdateView,
)

from django_chained.decorators import owner_required
from django_chained.mixins import OwnerQuerysetMixin
from notes.models import Note

FIELDS = ["title", "body", "attachment"]


class NoteListView(OwnerQuerysetMixin, ListView):  # type: ignore[type-arg]
    model = Note


class NoteDetailView(OwnerQuerysetMixin, DetailView):  # type: ignore[type-arg]
    model = Note


class NoteCreateView(OwnerQuerysetMixin, CreateView):  # type: ignore[type-arg]
    model = Note
    fields = FIELDS


class NoteUpdateView(OwnerQuerysetMixin, UpdateView):  # type: ignore[type-arg]
    model = Note
    fields = FIELDS


class NoteDeleteView(OwnerQuerysetMixin, DeleteView):  # type: ignore[type-arg]
    model = Note
    success_url = reverse_lazy("notes:list")


@owner_required(Note)
def note_text(request: HttpRequest, note: Note) -> HttpResponse:
    """The note's body as plain text (a function view)."""
    return render(
        request, "notes/note_text.txt", {"note": note}, content_type="text/plain"
    )
