"""URLconfs for W603 on a package's file views: django-db-file-storage included, directly and nested."""

from __future__ import annotations

from django.urls import include, path

from tests.urlconfs.https import sync_view

nested = [path("files/", include("db_file_storage.urls"))]

urlpatterns = [
    path("page/", sync_view),
    path("attachments/", include("db_file_storage.urls")),
    path("admin/", include(nested)),
]
