"""Owner-scoped views only (sync and async twins): the 2xx audit must find nothing here."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from tests import views_authorization as views

scoped = [
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path(
        "async/documents/",
        views.AsyncDocumentListView.as_view(),
        name="async-document-list",
    ),
    path("documents/new/", views.DocumentCreateView.as_view(), name="document-create"),
    path(
        "documents/<int:pk>/",
        views.DocumentDetailView.as_view(),
        name="document-detail",
    ),
    path(
        "async/documents/<int:pk>/",
        views.AsyncDocumentDetailView.as_view(),
        name="async-document-detail",
    ),
    path(
        "documents/<int:pk>/edit/",
        views.DocumentUpdateView.as_view(),
        name="document-update",
    ),
    path(
        "documents/<int:pk>/delete/",
        views.DocumentDeleteView.as_view(),
        name="document-delete",
    ),
    path("documents/<int:pk>/title/", views.document_title, name="document-title"),
    path(
        "async/documents/<int:pk>/title/",
        views.async_document_title,
        name="async-document-title",
    ),
    re_path(
        r"^by-title/(?P<name>[\w-]+)/$",
        views.document_by_title,
        name="document-by-title",
    ),
    path(
        "projects/documents/",
        views.ProjectDocumentListView.as_view(),
        name="project-documents",
    ),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project-create"),
    path(
        "projects/documents/<int:pk>/",
        views.project_document_title,
        name="project-document-title",
    ),
    path(
        "async/projects/documents/<int:pk>/",
        views.async_project_document_title,
        name="async-project-document-title",
    ),
    path(
        "all/documents/",
        views.SuperuserDocumentListView.as_view(),
        name="superuser-documents",
    ),
]

urlpatterns = [
    path("", include((scoped, "authz"))),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
]
