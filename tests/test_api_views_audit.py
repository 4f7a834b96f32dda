"""The 2xx audit of REST framework views: live from routes, static from source, one judgement."""

from __future__ import annotations

import ast
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from rest_framework import generics, mixins, viewsets
from rest_framework.views import APIView

from django_chained.checks.authorization import check_object_views_scoped
from django_chained.checks.authorization_views import view_kind
from django_chained.facts.views import LIST, SINGLE
from django_chained.sourcetree.class_facts import module_classes, names_in_trees
from django_chained.sourcetree.class_index import ClassIndex, TreeClass
from django_chained.sourcetree.router_reader import DETAIL, detail_route, url_entries
from django_chained.sourcetree.urls_reader import full_routes
from django_chained.sourcetree.view_guard import read_guard
from django_chained.sourcetree.views_reader import object_views
from tests.models import Task


def entries(source: str, module: str = "api.urls") -> list[Any]:
    return list(url_entries(ast.parse(dedent(source)), module, Path("api/urls.py")))


def views(source: str) -> dict[str, Any]:
    found = object_views(ast.parse(dedent(source)), "api.views", Path("api/views.py"))
    return {view.dotted.rsplit(".", 1)[1]: view for view in found}


class TestLiveAudit:
    def test_a_viewset_is_judged_once_although_the_router_gives_it_two_routes(self):
        messages = check_object_views_scoped(urlconf="tests.urlconfs.api")
        assert [(m.id, m.obj) for m in messages] == [
            ("django_chained.W201", "tests.views_api.UnscopedTaskViewSet")
        ]
        assert "URL '^unscoped/tasks/$'" in messages[0].msg
        assert "list view" in messages[0].msg

    def test_kinds_come_from_rest_framework_bases(self):
        class Detail(mixins.RetrieveModelMixin, viewsets.GenericViewSet[Task]):
            queryset = Task.objects.all()

        assert view_kind(viewsets.ModelViewSet) == LIST
        assert view_kind(viewsets.ReadOnlyModelViewSet) == LIST
        assert view_kind(generics.ListCreateAPIView) == LIST
        assert view_kind(Detail) == SINGLE
        assert view_kind(generics.RetrieveUpdateDestroyAPIView) == SINGLE
        assert view_kind(generics.CreateAPIView) is None
        assert view_kind(APIView) is None


class TestRouterReader:
    def test_registrations_get_list_and_detail_routes_through_include(self):
        found = entries(
            """
            from django.urls import include, path
            from rest_framework.routers import DefaultRouter
            from api import views

            router = DefaultRouter()
            router.register(r"tasks", views.TaskViewSet)
            urlpatterns = [path("api/v1/", include(router.urls))]
            """
        )
        routes = full_routes(found, "api.urls")
        assert routes["api.views.TaskViewSet"] == "api/v1/^tasks/$"
        assert (
            routes["api.views.TaskViewSet" + DETAIL] == "api/v1/^tasks/(?P<pk>[^/.]+)/$"
        )

    @pytest.mark.parametrize(
        "inclusion",
        [
            "urlpatterns = router.urls",
            "urlpatterns = [] + router.urls",
            "urlpatterns = []; urlpatterns += router.urls",
            "urlpatterns = [path('', include((router.urls, 'api')))]",
        ],
    )
    def test_every_way_of_adding_router_urls_is_followed(self, inclusion):
        found = entries(
            f"""
            from django.urls import include, path
            from rest_framework import routers
            from api.views import TaskViewSet

            router = routers.SimpleRouter(trailing_slash=False)
            router.register("tasks", TaskViewSet, basename="task")
            {inclusion}
            """
        )
        routes = full_routes(found, "api.urls")
        assert routes["api.views.TaskViewSet"] == "^tasks$"

    def test_router_urls_never_added_keep_their_local_route_only(self):
        found = entries(
            """
            from rest_framework.routers import SimpleRouter
            from api.views import TaskViewSet

            router = SimpleRouter()
            router.register("tasks", TaskViewSet)
            """
        )
        assert full_routes(found, "api.urls") == {
            "api.views.TaskViewSet": "^tasks/$",
            "api.views.TaskViewSet" + DETAIL: "^tasks/(?P<pk>[^/.]+)/$",
        }
        assert not [e for e in found if e.include]

    def test_a_module_without_routers_adds_nothing(self):
        found = entries(
            """
            from django.urls import path
            from api import views

            urlpatterns = [path("tasks/", views.TaskList.as_view())]
            """
        )
        assert [(e.route, e.view) for e in found] == [("tasks/", "api.views.TaskList")]

    def test_detail_route_takes_the_viewsets_own_key(self):
        route = "^notes/(?P<pk>[^/.]+)/$"
        assert detail_route(route, "(?P<slug>[-\\w]+)") == "^notes/(?P<slug>[-\\w]+)/$"
        assert detail_route(route, None) == route


class TestStaticViews:
    SOURCE = """
        from rest_framework import generics, permissions, viewsets
        from .models import Note
        from .permissions import IsOwner, OwnerFilter

        class Everything(viewsets.ModelViewSet):
            queryset = Note.objects.all()

        class BlindDetail(generics.RetrieveAPIView):
            queryset = Note.objects.all()
            permission_classes = [permissions.IsAuthenticated, permissions.IsAdminUser]

        class GuardedDetail(generics.RetrieveUpdateAPIView):
            queryset = Note.objects.all()
            permission_classes = (permissions.IsAuthenticated & IsOwner,)

        class GuardedList(generics.ListAPIView):
            queryset = Note.objects.all()
            permission_classes = [IsOwner]

        class FilteredList(generics.ListAPIView):
            queryset = Note.objects.all()
            filter_backends = [OwnerFilter]

        class SearchedList(generics.ListAPIView):
            queryset = Note.objects.all()
            filter_backends = [filters.SearchFilter]

        class BySlug(viewsets.GenericViewSet, viewsets.mixins.RetrieveModelMixin):
            queryset = Note.objects.all()
            lookup_field = "slug"
            lookup_value_regex = "[-a-z]+"

        class Creator(generics.CreateAPIView):
            queryset = Note.objects.all()
        """

    def test_kinds_and_scoping(self):
        module = ast.parse(dedent(self.SOURCE))
        path = Path("api/views.py")
        index = ClassIndex(
            [module_classes(module, "api.views", path)],
            names_in_trees({path: module}),
        )
        judged = {
            name: (
                view.kind,
                read_guard(
                    index,
                    TreeClass("api.views", view.klass, path),
                    view.kind,
                    api=view.api,
                ).scoped,
            )
            for name, view in views(self.SOURCE).items()
        }
        assert judged == {
            "Everything": (LIST, False),
            "BlindDetail": (SINGLE, False),
            "GuardedDetail": (SINGLE, True),
            "GuardedList": (LIST, False),  # an object permission cannot narrow a list
            "FilteredList": (LIST, True),
            "SearchedList": (LIST, False),
            "BySlug": (SINGLE, False),
        }

    def test_a_viewsets_own_lookup_is_read(self):
        found = views(self.SOURCE)
        assert found["BySlug"].api_lookup == "(?P<slug>[-a-z]+)"
        assert found["Everything"].api_lookup is None
