"""Static twin of W603/W604: URLconfs routing to django.views.static.serve, read from source."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from django_chained.sourcetree.file_facts import facts_of
from django_chained.sourcetree.media_routes import (
    debug_state,
    media_route_findings,
)
from django_chained.sourcetree.settings_reader import StaticSettings, read_settings
from django_chained.sourcetree.tree import SourceTree, parse_files
from django_chained.sourcetree.urls_reader import module_prefixes, routes

ROOT_URLS = """\
    from django.urls import include, path

    urlpatterns = [path("files/", include("app.urls"))]
"""
STATIC_URLS = """\
    from django.conf import settings
    from django.conf.urls.static import static
    from django.urls import path

    urlpatterns = [] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
"""
SERVE_URLS = """\
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": "/srv"})]
"""
BASE = "ROOT_URLCONF = 'urls'\nMEDIA_URL = '/media/'\n"


def scan(tmp_path: Path, app_urls: str, settings: str | None = BASE):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").touch()
    (tmp_path / "app" / "urls.py").write_text(textwrap.dedent(app_urls))
    (tmp_path / "urls.py").write_text(textwrap.dedent(ROOT_URLS))
    static = None
    if settings is not None:
        (tmp_path / "settings.py").write_text(settings)
        static = read_settings(tmp_path / "settings.py", tmp_path)
    tree = SourceTree.discover(tmp_path)
    records = media_route_findings(
        tree, facts_of(tree, parse_files(tree.python_files)), static
    )
    return sorted((r.id, r.obj, r.location) for r in records)


W604_MEDIA = ("django_chained.W604", "files/^media/(?P<path>.*)$", "app/urls.py:5")


def test_static_with_debug_on_is_w604_at_its_route(tmp_path):
    assert scan(tmp_path, STATIC_URLS, "DEBUG = True\n" + BASE) == [W604_MEDIA]


@pytest.mark.parametrize("debug", ["DEBUG = False\n", ""])
def test_static_with_debug_off_or_absent_routes_nothing(tmp_path, debug):
    assert scan(tmp_path, STATIC_URLS, debug + BASE) == []


def test_static_with_debug_known_only_at_run_time_is_w604(tmp_path):
    settings = "import os\nDEBUG = os.environ.get('DEBUG') == '1'\n" + BASE
    assert scan(tmp_path, STATIC_URLS, settings) == [W604_MEDIA]


def test_static_without_settings_names_the_prefix_expression(tmp_path):
    assert scan(tmp_path, STATIC_URLS, None) == [
        ("django_chained.W604", "static(settings.MEDIA_URL)", "app/urls.py:5")
    ]


def test_static_of_a_literal_prefix_and_through_the_module(tmp_path):
    urls = """\
        from django.conf.urls import static as helpers
        from django.urls import path

        urlpatterns = helpers.static("/uploads/", document_root="/srv")
    """
    assert scan(tmp_path, urls, "DEBUG = True\n" + BASE) == [
        ("django_chained.W604", "files/^uploads/(?P<path>.*)$", "app/urls.py:4")
    ]


@pytest.mark.parametrize(
    "call",
    [
        'static("https://cdn.example.com/media/")',  # static() routes nothing for another host
        'static("")',  # Django refuses an empty prefix
        "static(settings.MEDIA_URL, view=views.download)",  # another view than serve
        "static(settings.MEDIA_URL, views.download)",
    ],
)
def test_static_calls_that_route_no_serve(tmp_path, call):
    urls = f"""\
        from django.conf import settings
        from django.conf.urls.static import static
        from django.urls import path
        from app import views

        urlpatterns = {call}
    """
    assert scan(tmp_path, urls, "DEBUG = True\n" + BASE) == []


def test_static_passing_serve_itself_is_reported(tmp_path):
    urls = """\
        from django.conf import settings
        from django.conf.urls.static import static
        from django.urls import path
        from django.views import static as views_static

        urlpatterns = static(settings.MEDIA_URL, view=views_static.serve)
    """
    assert [r[0] for r in scan(tmp_path, urls, "DEBUG = True\n" + BASE)] == [
        "django_chained.W604"
    ]


def test_static_of_a_prefix_set_at_run_time_names_the_expression(tmp_path):
    settings = "import os\nDEBUG = True\nMEDIA_URL = os.environ['MEDIA_URL']\n"
    assert scan(tmp_path, STATIC_URLS, settings + "ROOT_URLCONF = 'urls'\n") == [
        ("django_chained.W604", "files/static(settings.MEDIA_URL)", "app/urls.py:5")
    ]


def test_a_module_named_static_that_is_not_djangos_is_ignored(tmp_path):
    urls = """\
        from django.urls import path
        from app.helpers import static

        urlpatterns = static("/media/")
    """
    assert scan(tmp_path, urls, "DEBUG = True\n" + BASE) == []


@pytest.mark.parametrize(
    ("debug", "expected"),
    [
        ("DEBUG = True\n", "django_chained.W604"),
        ("DEBUG = False\n", "django_chained.W603"),
        ("", "django_chained.W603"),
        ("import os\nDEBUG = bool(os.environ.get('D'))\n", "django_chained.W603"),
    ],
)
def test_explicit_serve_route_is_w603_unless_debug_is_on(tmp_path, debug, expected):
    assert scan(tmp_path, SERVE_URLS, debug + BASE) == [
        (expected, "files/^media/(?P<path>.*)$", "app/urls.py:4")
    ]


def test_explicit_serve_route_without_settings_is_w603_as_written(tmp_path):
    assert scan(tmp_path, SERVE_URLS, None) == [
        ("django_chained.W603", "^media/(?P<path>.*)$", "app/urls.py:4")
    ]


def test_a_urlconf_included_twice_is_reported_at_both_routes(tmp_path):
    root = """\
        from django.urls import include, path

        urlpatterns = [path("a/", include("app.urls")), path("b/", include("app.urls"))]
    """
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").touch()
    (tmp_path / "app" / "urls.py").write_text(textwrap.dedent(SERVE_URLS))
    (tmp_path / "urls.py").write_text(textwrap.dedent(root))
    tree = SourceTree.discover(tmp_path)
    settings = StaticSettings(tmp_path, {"ROOT_URLCONF": "urls", "DEBUG": True})
    records = media_route_findings(
        tree, facts_of(tree, parse_files(tree.python_files)), settings
    )
    assert [r.obj for r in records] == [
        "a/^media/(?P<path>.*)$",
        "b/^media/(?P<path>.*)$",
    ]


def test_module_prefixes_follow_includes_without_looping(tmp_path):
    path = tmp_path / "urls.py"
    path.write_text(
        textwrap.dedent("""\
        from django.urls import include, path

        urlpatterns = [path("x/", include("urls")), path("y/", include("other"))]
    """)
    )
    (module,) = [m for _, m in parse_files([path])]
    entries = list(routes(module, "urls", path))
    assert module_prefixes(entries, "urls") == {"urls": [""], "other": ["y/"]}
    assert module_prefixes(entries, None) == {}


def test_debug_state_reads_true_false_absent_and_unknown(tmp_path):
    assert debug_state(None) is None
    assert debug_state(StaticSettings(tmp_path, {"DEBUG": True})) is True
    assert debug_state(StaticSettings(tmp_path, {"DEBUG": 0})) is False
    assert debug_state(StaticSettings(tmp_path, {})) is False
    assert debug_state(StaticSettings(tmp_path, unresolved={"DEBUG"})) is None


RUN_TIME_DEBUG = "import os\nDEBUG = bool(os.environ.get('D'))\n" + BASE


def test_static_added_under_if_settings_debug_is_not_routed_in_production(tmp_path):
    # babybuddy/pretalx shape: the media route appended only while DEBUG is on.
    urls = STATIC_URLS.replace(
        "urlpatterns = [] + static(",
        "urlpatterns = []\n    if settings.DEBUG:  # pragma: no cover\n        urlpatterns += static(",
    )
    (guarded_tree := tmp_path / "guarded").mkdir()
    (unguarded_tree := tmp_path / "unguarded").mkdir()
    assert scan(guarded_tree, urls, RUN_TIME_DEBUG) == []
    unguarded = urls.replace("if settings.DEBUG:", "if settings.SERVE_MEDIA:")
    assert [r[0] for r in scan(unguarded_tree, unguarded, RUN_TIME_DEBUG)] == [
        "django_chained.W604"
    ]


def test_serve_route_in_the_else_of_if_not_debug_is_not_routed_in_production(
    tmp_path,
):
    urls = SERVE_URLS.replace(
        "urlpatterns = [re_path(",
        "from django.conf import settings\n    if not settings.DEBUG:\n        urlpatterns = []\n    else:\n        urlpatterns = [re_path(",
    )
    assert scan(tmp_path, urls, RUN_TIME_DEBUG) == []


FILE_VIEWS_URLS = """\
    from django.urls import include, path

    urlpatterns = [
        path("attachments/", include("db_file_storage.urls")),
        path("docs/", include("app.db_file_storage.urls")),
        path("other/", include("documents.urls")),
    ]
"""


@pytest.mark.parametrize("debug", ["DEBUG = True\n", "DEBUG = False\n", ""])
def test_include_of_a_package_serving_stored_files_is_w603(tmp_path, debug):
    findings = scan(tmp_path, FILE_VIEWS_URLS, debug + BASE)
    assert findings == [("django_chained.W603", "files/attachments/", "app/urls.py:4")]


def test_the_w603_of_a_package_names_it(tmp_path):
    (tmp_path / "urls.py").write_text(textwrap.dedent(FILE_VIEWS_URLS))
    tree = SourceTree.discover(tmp_path)
    (record,) = media_route_findings(
        tree, facts_of(tree, parse_files(tree.python_files)), None
    )
    assert record.message.startswith(
        "include('db_file_storage.urls') routes django-db-file-storage's views"
    )
    assert (record.obj, record.location) == ("attachments/", "urls.py:4")
