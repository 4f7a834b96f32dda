"""Views over ``Task`` (scoped by ``team__members``) and ``Release`` (``teams__members``) for the owner-scoping tests."""

# Generic views are not subscriptable at runtime without django-stubs-ext.
# mypy: disable-error-code="type-arg"

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from django_chained.decorators import owner_required
from django_chained.forms import limit_owner_choices, unowned_relation
from django_chained.mixins import OwnerQuerysetMixin
from tests.models import Release, Task

TASK_PATH = "team__members"


class TextOrFormMixin:
    """Lists and objects as plain text; a bound form as its errors in JSON; an unbound form as its HTML."""

    def render_to_response(self, context, **response_kwargs):
        form = context.get("form")
        if form is not None:
            if form.is_bound:
                return HttpResponse(
                    form.errors.as_json(), content_type="application/json", status=400
                )
            return HttpResponse(str(form))
        if "object_list" in context:
            return HttpResponse(",".join(str(o) for o in context["object_list"]))
        return HttpResponse(str(context["object"]))


class TaskScope(OwnerQuerysetMixin, TextOrFormMixin):
    owner_field = TASK_PATH


class TaskListView(TaskScope, ListView):
    model = Task
    ordering = ["title"]


class TaskDetailView(TaskScope, DetailView):
    model = Task


class TaskCreateView(TaskScope, CreateView):
    model = Task
    fields = "__all__"
    success_url = "/done/"


class TaskUpdateView(TaskScope, UpdateView):
    model = Task
    fields = "__all__"
    success_url = "/done/"


class TaskMoveView(TaskScope, UpdateView):
    """Moves a task to the team named in the URL (``0``: to no team): the view's code sets the relation."""

    model = Task
    fields = ["title"]
    success_url = "/done/"

    def form_valid(self, form):
        form.instance.team_id = self.kwargs["team"] or None
        return super().form_valid(form)


class ReleaseListView(OwnerQuerysetMixin, TextOrFormMixin, ListView):
    model = Release
    owner_field = "teams__members"
    ordering = ["name"]


class ReleaseDetailView(OwnerQuerysetMixin, TextOrFormMixin, DetailView):
    model = Release
    owner_field = "teams__members"


@owner_required(Task, owner_field=TASK_PATH)
def task_title(request: HttpRequest, task: Task) -> HttpResponse:
    return HttpResponse(task.title)


@owner_required(Release, owner_field="teams__members")
def release_name(request: HttpRequest, release: Release) -> HttpResponse:
    return HttpResponse(release.name)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = "__all__"  # noqa: DJ007 - every relation exposed is what is tested


def _edit(request: HttpRequest, task: Task) -> HttpResponse:
    """A function view writing through the helpers, as docs/views.rst shows."""
    form = TaskForm(request.POST or None, instance=task)
    limit_owner_choices(form, request.user, TASK_PATH)
    if not form.is_bound:
        return HttpResponse(str(form))
    if form.is_valid():
        field = unowned_relation(form.instance, request.user, TASK_PATH)
        if field is None:
            form.save()
            return HttpResponse("saved", status=201)
        form.add_error(field, "Select a row you have access to.")
    return HttpResponse(
        form.errors.as_json(), content_type="application/json", status=400
    )


@owner_required(Task, owner_field=TASK_PATH)
def task_edit(request: HttpRequest, task: Task) -> HttpResponse:
    return _edit(request, task)


def task_new(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404("log in first")
    return _edit(request, Task())
