"""REST framework routes: a router's viewsets and a generic list/create view."""

from __future__ import annotations

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from tests import views_api as views

router = SimpleRouter()
router.register("tasks", views.TaskViewSet, basename="task")
router.register("unscoped/tasks", views.UnscopedTaskViewSet, basename="unscoped-task")
router.register("bypass/tasks", views.BypassTaskViewSet, basename="bypass-task")

urlpatterns = [
    path("documents/", views.DocumentList.as_view()),
    path("", include(router.urls)),
]
