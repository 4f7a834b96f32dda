"""Plants for the 2xx audit: unscoped, self-scoped, exempt, open-POST and wrongly-scoped views."""

from __future__ import annotations

from django.urls import include, path, re_path
from django.views.generic import DetailView

from tests import views_authorization as views
from tests.models import Document

plants = [
    path("overridden-queryset/<int:pk>/", views.OverriddenQuerysetDetailView.as_view()),
    path("overridden-object/<int:pk>/", views.OverriddenObjectDetailView.as_view()),
    path("extended-queryset/<int:pk>/", views.ExtendedQuerysetDetailView.as_view()),
    path("self-scoped/<int:pk>/", views.SelfScopedQuerysetDetailView.as_view()),
    path("extended-child/<int:pk>/", views.ExtendedQuerysetChildView.as_view()),
    path("mixin-after-view/<int:pk>/", views.MixinAfterViewDetailView.as_view()),
    path(
        "mixin-after-login-mixin/<int:pk>/",
        views.MixinAfterLoginMixinDetailView.as_view(),
    ),
    path(
        "unscoped/<int:pk>/delete/",
        views.UnscopedDocumentDeleteView.as_view(),
        name="unscoped-delete",
    ),
    path("public/<int:pk>/", views.public_document_title, name="public"),
    path("crash/<int:pk>/", views.crashing_document_view, name="crash"),
    path(
        "unscoped/<int:pk>/",
        views.UnscopedDocumentDetailView.as_view(),
        name="unscoped",
    ),
    path(
        "async/unscoped/<int:pk>/",
        views.AsyncUnscopedDocumentDetailView.as_view(),
        name="async-unscoped",
    ),
    re_path(
        r"^logged-in/$", views.LoggedInDocumentListView.as_view(), name="logged-in-list"
    ),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path(
        "initkwargs/model/<int:pk>/",
        DetailView.as_view(model=Document),
        name="initkwargs-model",
    ),
    path(
        "initkwargs/queryset/<int:pk>/",
        DetailView.as_view(queryset=Document.objects.all()),
        name="initkwargs-queryset",
    ),
    path("custom-queryset/<int:pk>/", views.CustomQuerysetDetailView.as_view()),
    path("custom-object/<int:pk>/", views.CustomObjectDetailView.as_view()),
    path("test-func/<int:pk>/", views.TestFuncDetailView.as_view()),
    path("test-func/", views.TestFuncListView.as_view()),
    path("exempt/<int:pk>/", views.ExemptDocumentDetailView.as_view()),
    path("exempt-subclass/<int:pk>/", views.SubclassOfExemptView.as_view()),
    path("setting-exempt/<int:pk>/", views.SettingExemptDetailView.as_view()),
    path("groups/<int:pk>/", views.GroupDetailView.as_view()),
    path("create/", views.DocumentCreateUnscopedView.as_view()),
    path("open-post/", views.OpenPostGroupListView.as_view()),
    path("async/open-post/", views.AsyncOpenPostGroupListView.as_view()),
    path("logged-in-post/", views.LoggedInPostGroupListView.as_view()),
    path("decorated-post/", views.DecoratedPostGroupListView.as_view()),
    path("get-only/", views.OpenPostGroupListView.as_view(http_method_names=["get"])),
    path("wrong-field/<int:pk>/", views.WrongFieldDocumentDetailView.as_view()),
    path("not-to-user/<int:pk>/", views.NotToUserDocumentDetailView.as_view()),
    path("per-request/<int:pk>/", views.PerRequestFieldDocumentDetailView.as_view()),
    path("wrong-field/<int:pk>/title/", views.wrong_field_document_title),
    path("async/wrong-field/<int:pk>/title/", views.async_wrong_field_document_title),
]

urlpatterns = [
    path("plants/", include((plants, "plants"))),
    path("scoped/", include("tests.urlconfs.authorization")),
]
