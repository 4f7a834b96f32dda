"""Views for the authorization tests: a sync and an async twin of each, plus plants for the 2xx audit."""

# Generic views are not subscriptable at runtime without django-stubs-ext.
# mypy: disable-error-code="type-arg"

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.contrib.auth.models import Group
from django.db.models.functions import Upper
from django.http import HttpRequest, HttpResponse
from django.shortcuts import aget_object_or_404
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    ListView,
    UpdateView,
)
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.list import MultipleObjectMixin

from django_chained.decorators import authorization_exempt, owner_required
from django_chained.mixins import OwnerQuerysetMixin
from tests.models import Document, Project


class PlainTextMixin:
    """Render titles as plain text, so the tests need no templates."""

    def render_to_response(self, context, **response_kwargs):
        if "object_list" in context:
            return HttpResponse(",".join(str(o) for o in context["object_list"]))
        if context.get("object") is not None:
            return HttpResponse(str(context["object"]))
        return HttpResponse("form")


# Scoped views: the mixin on every generic view, sync and async.


class DocumentListView(OwnerQuerysetMixin, PlainTextMixin, ListView):
    model = Document
    ordering = ["title"]


class AsyncDocumentListView(OwnerQuerysetMixin, MultipleObjectMixin, View):
    model = Document

    async def get(self, request, *args, **kwargs):
        titles = [doc.title async for doc in self.get_queryset().order_by("title")]
        return HttpResponse(",".join(titles))


class DocumentDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    model = Document


class AsyncDocumentDetailView(OwnerQuerysetMixin, SingleObjectMixin, View):
    model = Document

    async def get(self, request, pk):
        return HttpResponse(
            (await aget_object_or_404(self.get_queryset(), pk=pk)).title
        )


class DocumentCreateView(OwnerQuerysetMixin, PlainTextMixin, CreateView):
    model = Document
    fields = ["title"]
    success_url = reverse_lazy("authz:document-list")


class DocumentUpdateView(OwnerQuerysetMixin, PlainTextMixin, UpdateView):
    model = Document
    fields = ["title"]
    success_url = reverse_lazy("authz:document-list")


class DocumentDeleteView(OwnerQuerysetMixin, PlainTextMixin, DeleteView):
    model = Document
    success_url = reverse_lazy("authz:document-list")


class ProjectDocumentListView(OwnerQuerysetMixin, PlainTextMixin, ListView):
    model = Document
    owner_field = "project__members"
    ordering = ["title"]


class ProjectCreateView(OwnerQuerysetMixin, PlainTextMixin, CreateView):
    model = Project
    fields = ["name"]
    owner_field = "members"
    success_url = "/done/"


class SuperuserDocumentListView(OwnerQuerysetMixin, PlainTextMixin, ListView):
    model = Document
    superuser_bypass = True
    ordering = ["title"]


@owner_required(Document)
def document_title(request, document):
    return HttpResponse(document.title)


@owner_required(Document)
async def async_document_title(request, document):
    return HttpResponse(document.title)


@owner_required(Document.objects.all(), owner_field="project__members")
def project_document_title(request, document):
    return HttpResponse(document.title)


@owner_required(Document.objects, owner_field="project__members")
async def async_project_document_title(request, document):
    return HttpResponse(document.title)


@owner_required(Document, lookup="title", url_kwarg="name", superuser_bypass=True)
def document_by_title(request, document, suffix=""):
    return HttpResponse(document.title + suffix)


# Plants for the audit: each one must (or must not) be reported.


class UnscopedDocumentDetailView(PlainTextMixin, DetailView):
    model = Document


class AsyncUnscopedDocumentDetailView(SingleObjectMixin, View):
    model = Document

    async def get(self, request, pk):
        return HttpResponse((await aget_object_or_404(Document, pk=pk)).title)


class LoggedInDocumentListView(LoginRequiredMixin, PlainTextMixin, ListView):
    model = Document


class ProjectDetailView(PlainTextMixin, DetailView):
    model = Project


class CustomQuerysetDetailView(PlainTextMixin, DetailView):
    def get_queryset(self):
        return Document.objects.filter(owner=self.request.user.pk)


class CustomObjectDetailView(PlainTextMixin, DetailView):
    model = Document

    def get_object(self, queryset=None):
        return super().get_object(Document.objects.filter(owner=self.request.user.pk))


class TestFuncDetailView(UserPassesTestMixin, PlainTextMixin, DetailView):
    model = Document

    def test_func(self):
        return self.get_object().owner_id == self.request.user.pk


class TestFuncListView(UserPassesTestMixin, PlainTextMixin, ListView):
    model = Document

    def test_func(self):
        return self.request.user.is_authenticated


@authorization_exempt("documents are public in this test")
class ExemptDocumentDetailView(PlainTextMixin, DetailView):
    model = Document


class SubclassOfExemptView(ExemptDocumentDetailView):
    pass


class SettingExemptDetailView(PlainTextMixin, DetailView):
    model = Document


class GroupDetailView(PlainTextMixin, DetailView):
    model = Group


class DocumentCreateUnscopedView(PlainTextMixin, CreateView):
    model = Document
    fields = ["title"]


class OpenPostGroupListView(PlainTextMixin, ListView):
    model = Group

    def post(self, request, *args, **kwargs):
        return HttpResponse("posted")


class AsyncOpenPostGroupListView(MultipleObjectMixin, View):
    model = Group

    async def post(self, request, *args, **kwargs):
        return HttpResponse("posted")


class LoggedInPostGroupListView(LoginRequiredMixin, OpenPostGroupListView):
    pass


@method_decorator(login_required, name="dispatch")
class DecoratedPostGroupListView(OpenPostGroupListView):
    pass


class WrongFieldDocumentDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    model = Document
    owner_field = "author"


class NotToUserDocumentDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    model = Document
    owner_field = "project"


class PerRequestFieldDocumentDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    model = Document

    def get_owner_field(self):
        return "title" if self.request.GET else "owner"


@owner_required(Document, owner_field="nobody")
def wrong_field_document_title(request, document):
    return HttpResponse(document.title)


@owner_required(Document, owner_field="nobody")
async def async_wrong_field_document_title(request, document):
    return HttpResponse(document.title)


class UnscopedDocumentDeleteView(PlainTextMixin, DeleteView):
    model = Document
    success_url = "/done/"


def public_document_title(request, pk):
    return HttpResponse(Document.objects.get(pk=pk).title)


def crashing_document_view(request, pk):
    raise RuntimeError("boom")


class MixinAfterViewDetailView(DetailView, OwnerQuerysetMixin):
    model = Document


class MixinAfterLoginMixinDetailView(
    LoginRequiredMixin, OwnerQuerysetMixin, PlainTextMixin, DetailView
):
    model = Document


class OverriddenQuerysetDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    """Replaces the mixin's get_queryset() without super(): every document is served (W208)."""

    model = Document

    def get_queryset(self):
        return Document.objects.select_related("project")


class OverriddenObjectDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    """Fetches the object itself, bypassing the scoped queryset (W208)."""

    model = Document

    def get_object(self, queryset=None):
        return Document.objects.get(pk=self.kwargs["pk"])


class ExtendedQuerysetDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    """Builds on super(): the owner filter stays."""

    model = Document

    def get_queryset(self):
        return super().get_queryset().select_related("project")


class SelfScopedQuerysetDetailView(OwnerQuerysetMixin, PlainTextMixin, DetailView):
    """Its own filter on the user: redundant with the mixin, not a leak."""

    model = Document

    def get_queryset(self):
        return Document.objects.filter(owner=self.request.user.pk)


class ExtendedQuerysetChildView(ExtendedQuerysetDetailView):
    """Inherits an override that calls super(), and adds none: fine."""


# Writes through an indirect owner path: the row must land in one of the user's projects.


class OwnedByRequesterMixin:
    """Documents also need an author: set it, as a project's own view would."""

    request: HttpRequest

    def form_valid(self, form):
        form.instance.owner = self.request.user
        return super().form_valid(form)  # type: ignore[misc]


class FormErrorsMixin(PlainTextMixin):
    """Render the form's errors as JSON, so the tests can read them without templates."""

    def render_to_response(self, context, **response_kwargs):
        form = context.get("form")
        if form is not None and form.is_bound:
            return HttpResponse(form.errors.as_json(), content_type="application/json")
        return super().render_to_response(context, **response_kwargs)


class ProjectDocumentCreateView(
    OwnedByRequesterMixin, OwnerQuerysetMixin, FormErrorsMixin, CreateView
):
    model = Document
    fields = ["title", "project"]
    owner_field = "project__members"
    success_url = "/done/"


class ProjectDocumentUpdateView(OwnerQuerysetMixin, FormErrorsMixin, UpdateView):
    model = Document
    fields = ["title", "project"]
    owner_field = "project__members"
    success_url = "/done/"


class UnscopedProjectDocumentCreateView(
    OwnedByRequesterMixin, FormErrorsMixin, CreateView
):
    """The same form without the mixin: any project id is accepted (the hole the mixin closes)."""

    model = Document
    fields = ["title", "project"]
    success_url = "/done/"


class ProjectFromUrlDocumentCreateView(OwnerQuerysetMixin, FormErrorsMixin, CreateView):
    """Takes the project from the URL, not the form: the view's code sets the relation."""

    model = Document
    fields = ["title"]
    owner_field = "project__members"
    success_url = "/done/"

    def form_valid(self, form):
        form.instance.owner = self.request.user
        form.instance.project_id = self.kwargs["project"]
        return super().form_valid(form)


class DocumentWithOwnerFieldCreateView(OwnerQuerysetMixin, FormErrorsMixin, CreateView):
    model = Document
    fields = ["title", "owner"]
    success_url = "/done/"


class SuperuserProjectDocumentUpdateView(ProjectDocumentUpdateView):
    superuser_bypass = True


# owner_required lookups: each must name a field (and a lookup) the model has (E210).


@owner_required(Document, lookup="slug")
def document_by_missing_field(request, document):
    return HttpResponse(document.title)


@owner_required(Document.objects, lookup="title__bogus", url_kwarg="title")
async def async_document_by_unknown_lookup(request, document):
    return HttpResponse(document.title)


@owner_required(Document, lookup="project__nope", url_kwarg="name")
def document_by_unknown_relation_lookup(request, document):
    return HttpResponse(document.title)


@owner_required(Document, lookup="project__name", url_kwarg="name")
def document_by_project_name(request, document):
    return HttpResponse(document.title)


@owner_required(Document.objects.annotate(heading=Upper("title")), lookup="heading")
def document_by_annotation(request, document):
    return HttpResponse(document.title)


@owner_required(Document, lookup="title__iexact", url_kwarg="title")
def document_by_title_any_case(request, document):
    return HttpResponse(document.title)
