"""Create and update views writing through an owner path, with and without OwnerQuerysetMixin."""

from __future__ import annotations

from django.urls import path

from tests import views_authorization as views

urlpatterns = [
    path("documents/new/", views.ProjectDocumentCreateView.as_view()),
    path("documents/<int:pk>/edit/", views.ProjectDocumentUpdateView.as_view()),
    path("unscoped/documents/new/", views.UnscopedProjectDocumentCreateView.as_view()),
    path(
        "projects/<int:project>/documents/new/",
        views.ProjectFromUrlDocumentCreateView.as_view(),
    ),
    path("owned/documents/new/", views.DocumentWithOwnerFieldCreateView.as_view()),
    path(
        "all/documents/<int:pk>/edit/",
        views.SuperuserProjectDocumentUpdateView.as_view(),
    ),
]
