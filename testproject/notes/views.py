from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    ListView,
    UpdateView,
)

from notes.models import Note

FIELDS = ["title", "body", "attachment"]


class OwnedNotesMixin(LoginRequiredMixin):
    """Scope every queryset to the logged-in user's notes."""

    request: HttpRequest

    def get_queryset(self) -> QuerySet[Note]:
        return Note.objects.filter(owner=self.request.user.pk)


class NoteListView(OwnedNotesMixin, ListView):
    model = Note


class NoteDetailView(OwnedNotesMixin, DetailView):
    model = Note


class NoteCreateView(LoginRequiredMixin, CreateView):
    model = Note
    fields = FIELDS

    def form_valid(self, form: BaseModelForm) -> HttpResponse:
        form.instance.owner_id = self.request.user.pk
        return super().form_valid(form)


class NoteUpdateView(OwnedNotesMixin, UpdateView):
    model = Note
    fields = FIELDS


class NoteDeleteView(OwnedNotesMixin, DeleteView):
    model = Note
    success_url = reverse_lazy("notes:list")


@login_required
def note_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The note's body as plain text (a function view)."""
    note = get_object_or_404(Note, pk=pk, owner=request.user.pk)
    response = render(
        request, "notes/note_text.txt", {"note": note}, content_type="text/plain"
    )
    return response
