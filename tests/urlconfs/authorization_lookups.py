"""owner_required views whose lookup does or does not name a field of the model (E210)."""

from __future__ import annotations

from django.urls import path

from tests import views_authorization as views

urlpatterns = [
    path("slug/<slug:slug>/", views.document_by_missing_field),
    path("title/<str:title>/", views.async_document_by_unknown_lookup),
    path("project/<str:name>/", views.document_by_unknown_relation_lookup),
    path("again/<slug:slug>/", views.document_by_missing_field),
    path("ok/project/<str:name>/", views.document_by_project_name),
    path("ok/heading/<str:heading>/", views.document_by_annotation),
    path("ok/title/<str:name>/", views.document_by_title),
    path("ok/any-case/<str:title>/", views.document_by_title_any_case),
]
