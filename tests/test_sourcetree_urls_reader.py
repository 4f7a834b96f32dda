"""URLconfs read from source: imports resolved, routes to views and ``include()``s, full routes from the root."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from django_chained.sourcetree.urls_reader import (
    RouteSource,
    full_routes,
    imports_of,
    resolve,
    routes,
)

PATH = Path("shop/urls.py")
URLS = """\
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from . import views
from .views import Checkout as Pay
import payments.views


def local(request):
    pass


urlpatterns = [
    path("list/", views.listing),
    path("pay/", Pay.as_view()),
    path("hook/", csrf_exempt(payments.views.hook)),
    re_path(r"^local/$", local),
    path("api/", include("shop.api_urls")),
    path("api2/", include(("shop.api_urls", "api"), namespace="api")),
    path("dynamic/", get_view()),
    path(some_route, views.listing),
]
"""


def _tree(source: str) -> ast.Module:
    return ast.parse(textwrap.dedent(source))


def test_imports_resolve_relative_and_aliased_names():
    names = imports_of(_tree(URLS), "shop.urls")
    assert names["views"] == "shop.views"
    assert names["Pay"] == "shop.views.Checkout"
    assert names["payments"] == "payments"
    assert names["path"] == "django.urls.path"


def test_parent_relative_imports():
    names = imports_of(_tree("from ..core import views\n"), "shop.sub.urls")
    assert names["views"] == "shop.core.views"


def test_resolve_names_views_as_view_and_locals():
    imports = imports_of(_tree(URLS), "shop.urls")
    expr = ast.parse("Pay.as_view()", mode="eval").body
    assert resolve(expr, "shop.urls", imports, set()) == "shop.views.Checkout"
    local = ast.parse("local", mode="eval").body
    assert resolve(local, "shop.urls", imports, {"local"}) == "shop.urls.local"
    unknown = ast.parse("somewhere.view", mode="eval").body
    assert resolve(unknown, "shop.urls", imports, set()) is None


def test_routes_name_views_includes_and_csrf_exempt_wrappers():
    found = list(routes(_tree(URLS), "shop.urls", PATH))
    assert [(r.route, r.view, r.exempt, r.include) for r in found] == [
        ("list/", "shop.views.listing", False, False),
        ("pay/", "shop.views.Checkout", False, False),
        ("hook/", "payments.views.hook", True, False),
        ("^local/$", "shop.urls.local", False, False),
        ("api/", "shop.api_urls", False, True),
        ("api2/", "shop.api_urls", False, True),
        ("{some_route}", "shop.views.listing", False, False),
    ]
    assert found[0].line == 14 and found[0].path == PATH


def test_module_without_django_urls_import_has_no_routes():
    source = "from mylib import path\nurlpatterns = [path('x/', view)]\n"
    assert list(routes(_tree(source), "shop.notes", PATH)) == []


def test_full_routes_follow_includes_from_the_root():
    entries = [
        RouteSource("shop/", "shop.urls", False, PATH, 1, "site.urls", include=True),
        RouteSource("list/", "shop.views.listing", False, PATH, 2, "shop.urls"),
        RouteSource("loop/", "site.urls", False, PATH, 3, "shop.urls", include=True),
        RouteSource("orphan/", "other.views.x", False, PATH, 4, "other.urls"),
    ]
    assert full_routes(entries, "site.urls") == {
        "shop.views.listing": "shop/list/",
        "other.views.x": "orphan/",
    }
    assert full_routes(entries, None)["shop.views.listing"] == "list/"


def test_module_importing_only_reverse_from_django_urls_has_no_routes():
    source = "from django.urls import reverse\n\nx = [path('a/', views.a)]\n"
    assert list(routes(ast.parse(source), "shop.links", PATH)) == []


def test_module_importing_django_urls_itself_or_url_is_read():
    for head in ("from django import urls", "from django.conf.urls import url"):
        source = f"{head}\nfrom . import views\n\nx = [url('a/', views.a)]\n"
        (entry,) = routes(ast.parse(source), "shop.urls", PATH)
        assert entry.view == "shop.views.a"


COMPUTED = """\
from django.conf import settings
from django.urls import include, path

API = "api/"
VERSION = "v2"
ROOT = API + VERSION + "/"

urlpatterns = [
    path(API, include("shop.a")),
    path(f"{API}{VERSION}/", include("shop.b")),
    path(ROOT + "x/", include("shop.c")),
    path(settings.HOOK_PREFIX, include("shop.d")),
    path(f"{API!r}/", include("shop.e")),
]
"""


def test_computed_include_prefixes_are_built_as_django_builds_them():
    """A prefix from module constants, ``+`` or an f-string is followed; an unknown one is shown, never dropped."""
    found = [(r.route, r.view) for r in routes(_tree(COMPUTED), "site.urls", PATH)]
    assert found == [
        ("api/", "shop.a"),
        ("api/v2/", "shop.b"),
        ("api/v2/x/", "shop.c"),
        ("{settings.HOOK_PREFIX}", "shop.d"),
        ("{f'{API!r}/'}", "shop.e"),
    ]


def test_views_behind_a_computed_prefix_get_the_full_route():
    """The scan named ``orders/<int:pk>/`` where Django routes ``api/v2/orders/<int:pk>/``."""
    entries = [
        *routes(_tree(COMPUTED), "site.urls", PATH),
        RouteSource("orders/<int:pk>/", "shop.views.Order", False, PATH, 1, "shop.b"),
    ]
    assert full_routes(entries, "site.urls")["shop.views.Order"] == (
        "api/v2/orders/<int:pk>/"
    )
