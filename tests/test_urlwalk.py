"""The shared URLconf walker: includes, namespaces, path, re_path, view classes and broken parts."""

from __future__ import annotations

from types import ModuleType

from django.test import SimpleTestCase
from django.urls import path
from django.views.generic import RedirectView

from django_chained.urlwalk import Route, Unresolvable, walk
from tests.urlconfs import urlwalk as urls

URLCONF = "tests.urlconfs.urlwalk"


def routes_by_text():
    return {item.route: item for item in walk(URLCONF) if isinstance(item, Route)}


class WalkTests(SimpleTestCase):
    def test_yields_every_pattern_in_urlconf_order(self):
        texts = [item.route for item in walk(URLCONF)]
        assert texts == [
            "docs/<int:pk>/",
            "^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
            "go/",
            "api/<uuid:key>/",
            "outer/",
            "outer/inner/item/<slug:slug>/",
            "outer/inner/^legacy/(?P<year>[0-9]{4})/$",
            "plain/item/<slug:slug>/",
            "plain/^legacy/(?P<year>[0-9]{4})/$",
            "broken/",
            "after-broken/",
        ]

    def test_path_converters_and_regex_groups_become_url_kwargs(self):
        routes = routes_by_text()
        assert routes["docs/<int:pk>/"].url_kwargs == {"pk"}
        assert routes[
            "^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$"
        ].url_kwargs == {
            "year",
            "month",
        }
        assert routes["outer/inner/item/<slug:slug>/"].url_kwargs == {"slug"}
        assert routes["go/"].url_kwargs == frozenset()

    def test_extra_kwargs_of_path_and_include_are_default_kwargs(self):
        found = {
            item.route: item
            for item in walk("tests.urlconfs.authorization_kwargs")
            if isinstance(item, Route)
        }
        assert found["default/"].default_kwargs == {"pk"}
        assert found["included/title/"].default_kwargs == {"pk"}
        assert found["captured/<int:pk>/"].default_kwargs == frozenset()

    def test_nested_namespaces_are_joined(self):
        routes = routes_by_text()
        assert routes["outer/"].namespace == "outer"
        assert routes["outer/inner/item/<slug:slug>/"].namespace == "outer:inner"
        assert routes["outer/inner/item/<slug:slug>/"].name == "item"
        assert routes["plain/item/<slug:slug>/"].namespace is None
        assert routes["docs/<int:pk>/"].namespace is None

    def test_class_based_view_class_and_initkwargs(self):
        route = routes_by_text()["go/"]
        assert route.view_class is RedirectView
        assert route.view_initkwargs == {"url": "/", "permanent": False}
        assert route.dotted_path == "django.views.generic.base.RedirectView"

    def test_function_view_has_no_class(self):
        route = routes_by_text()["docs/<int:pk>/"]
        assert route.view_class is None
        assert route.view_initkwargs == {}
        assert route.dotted_path == "tests.urlconfs.urlwalk.page"

    def test_callback_with_cls_attribute_gives_the_class(self):
        route = routes_by_text()["api/<uuid:key>/"]
        assert route.view_class is urls.ApiView
        assert route.dotted_path == "tests.urlconfs.urlwalk.ApiView"

    def test_broken_include_is_unresolvable_and_the_walk_goes_on(self):
        items = list(walk(URLCONF))
        broken = [item for item in items if isinstance(item, Unresolvable)]
        assert len(broken) == 1
        assert broken[0].route == "broken/"
        assert broken[0].error.startswith("ModuleNotFoundError:")
        assert items[-1].route == "after-broken/"

    def test_unimportable_urlconf_is_one_unresolvable(self):
        items = list(walk("tests.urlconfs.does_not_exist"))
        assert len(items) == 1
        assert isinstance(items[0], Unresolvable)
        assert items[0].route == ""
        assert "ModuleNotFoundError" in items[0].error

    def test_unknown_pattern_object_is_unresolvable(self):
        class Odd:
            pass

        conf = ModuleType("odd_urls")
        vars(conf)["urlpatterns"] = [Odd(), path("ok/", urls.page)]

        items = list(walk(conf))
        assert isinstance(items[0], Unresolvable)
        assert items[0].error == "unknown pattern type Odd"
        assert items[1].route == "ok/"

    def test_default_is_root_urlconf(self):
        with self.settings(ROOT_URLCONF=URLCONF):
            assert [item.route for item in walk()][0] == "docs/<int:pk>/"
