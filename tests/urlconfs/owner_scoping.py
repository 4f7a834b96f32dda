"""Owner-scoped Task and Release views: generic views with the mixin, and function views."""

from __future__ import annotations

from django.urls import path

from tests import views_owner_scoping as views

urlpatterns = [
    path("tasks/", views.TaskListView.as_view()),
    path("tasks/new/", views.TaskCreateView.as_view()),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view()),
    path("tasks/<int:pk>/edit/", views.TaskUpdateView.as_view()),
    path("tasks/<int:pk>/move/<int:team>/", views.TaskMoveView.as_view()),
    path("tasks/<int:pk>/title/", views.task_title),
    path("fn/tasks/new/", views.task_new),
    path("fn/tasks/<int:pk>/edit/", views.task_edit),
    path("releases/", views.ReleaseListView.as_view()),
    path("releases/<int:pk>/", views.ReleaseDetailView.as_view()),
    path("releases/<int:pk>/name/", views.release_name),
]
