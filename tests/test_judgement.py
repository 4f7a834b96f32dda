"""One judgement per rule family: facts in, findings out, whoever read the facts."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from django_chained.facts.files import (
    DERIVED_NAME,
    ORIGINAL_NAME,
    RANDOM_NAME,
    FileField,
)
from django_chained.facts.place import Place
from django_chained.facts.routes import FileViewsInclude, ServeRoute
from django_chained.facts.views import (
    LIST,
    SINGLE,
    CsrfExemptView,
    CsrfSite,
    ObjectView,
)
from django_chained.judgement.authorization import judge_object_view
from django_chained.judgement.csrf import judge_csrf_exempt
from django_chained.judgement.media import (
    judge_file_field,
    judge_serve_route,
    w603_unguarded_file_views,
)

PACKAGE = Path(__file__).resolve().parent.parent / "django_chained"
#: The static readers and the shared judgement: none may lean on the live checks.
NEUTRAL = [
    *sorted((PACKAGE / "facts").glob("*.py")),
    *sorted((PACKAGE / "judgement").glob("*.py")),
    *(
        PACKAGE / "sourcetree" / name
        for name in (
            "twins.py",
            "csrf_twins.py",
            "media_routes.py",
            "views_reader.py",
            "urls_reader.py",
            "models_reader.py",
            "class_index.py",
            "class_facts.py",
            "file_facts.py",
            "view_guard.py",
        )
    ),
]
PLACE = Place("app/views.py", 3)
VIEW = ObjectView(
    route="docs/<int:pk>/",
    dotted="app.views.DocView",
    place=PLACE,
    kind=SINGLE,
    model="app.Doc",
    owner_path="owner",
    scoped=False,
)


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", NEUTRAL, ids=lambda p: p.name)
def test_static_readers_and_judgement_never_import_the_checks(path):
    assert len(NEUTRAL) >= 12
    assert not {
        m for m in imported_modules(path) if m.startswith("django_chained.checks")
    }


def test_static_readers_load_no_check_module_even_indirectly():
    code = (
        "import sys, django_chained.sourcetree.twins, django_chained.sourcetree.media_routes;"
        "print(sorted(m for m in sys.modules if m.startswith('django_chained.checks')))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(PACKAGE.parent)
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_unscoped_view_over_owned_rows_is_w201_at_its_place():
    message = judge_object_view(VIEW)
    assert message is not None
    assert message.id == "django_chained.W201"
    assert message.place == PLACE
    assert "filter on 'owner'" in (message.hint or "")


@pytest.mark.parametrize(
    "change",
    [{"scoped": True}, {"owner_path": None}, {"model": None}],
    ids=["scoped", "model-without-owner", "model-unknown"],
)
def test_scoped_or_unowned_views_pass(change):
    assert judge_object_view(replace(VIEW, **change)) is None


def test_exempt_view_is_i202_with_its_reason():
    message = judge_object_view(replace(VIEW, exemption="public docs"))
    assert message is not None
    assert message.id == "django_chained.I202"
    assert message.msg.endswith("public docs")


CHECK = "app.mixins.TeamRoleMixin.has_permission"


def test_unconfirmed_permission_check_is_i212_naming_it():
    message = judge_object_view(replace(VIEW, unconfirmed_check=CHECK))
    assert message is not None
    assert message.id == "django_chained.I212"
    assert message.level == 20  # INFO
    assert f"{CHECK}()" in message.msg
    assert f"Confirm that {CHECK}() refuses" in (message.hint or "")
    assert message.place == PLACE


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"scoped": True}, None),
        ({"owner_path": None}, None),
        ({"exemption": "shared files"}, "django_chained.I202"),
    ],
    ids=["scoped", "model-without-owner", "exempt"],
)
def test_unconfirmed_check_only_replaces_w201(change, expected):
    message = judge_object_view(replace(VIEW, unconfirmed_check=CHECK, **change))
    assert (message.id if message else None) == expected


@pytest.mark.parametrize(
    ("login_required", "accepts_post", "expected"),
    [(False, True, "django_chained.W204"), (None, True, None), (False, None, None)],
)
def test_open_post_list_needs_both_facts_known(login_required, accepts_post, expected):
    view = ObjectView(
        route=VIEW.route,
        dotted=VIEW.dotted,
        place=PLACE,
        kind=LIST,
        model=VIEW.model,
        owner_path=None,
        scoped=False,
        login_required=login_required,
        accepts_post=accepts_post,
    )
    message = judge_object_view(view)
    assert (message.id if message else None) == expected


SITE = CsrfSite(
    csrf_middleware=True, xframe_middleware=True, session_authentication=True
)
EXEMPT = CsrfExemptView("hook/", "app.views.hook", PLACE, "POST")


@pytest.mark.parametrize(
    ("view", "site", "expected"),
    [
        (EXEMPT, SITE, "django_chained.W501"),
        (EXEMPT, CsrfSite(False, True, True), None),
        (EXEMPT, CsrfSite(True, True, True, {"app.views.hook": "signed"}), "django_chained.I503"),
        (CsrfExemptView("hook/", "app.views.hook", PLACE, ""), SITE, "django_chained.I502"),
        (EXEMPT, CsrfSite(True, True, False), "django_chained.I502"),
        (CsrfExemptView("hook/", "app.views.hook", PLACE, "POST", public=True), SITE, "django_chained.I502"),
        (CsrfExemptView("hook/", "app.views.hook", PLACE, "POST", checks_token_itself=True), SITE, None),
    ],
    ids=["session", "no-csrf-middleware", "allowed", "safe-only", "no-session", "public", "drf"],
)  # fmt: skip
def test_csrf_exempt_judgement(view, site, expected):
    message = judge_csrf_exempt(view, site)
    assert (message.id if message else None) == expected


@pytest.mark.parametrize(
    ("debug", "guarded", "expected"),
    [
        (True, False, "django_chained.W604"),
        (False, False, "django_chained.W603"),
        (None, False, "django_chained.W603"),
        (True, True, "django_chained.W604"),
        (None, True, "django_chained.W604"),
        (False, True, None),
    ],
)
def test_serve_route_judgement(debug, guarded, expected):
    message = judge_serve_route(
        ServeRoute("^media/(?P<path>.*)$", PLACE, debug, guarded)
    )
    assert (message.id if message else None) == expected


def test_package_file_views_are_w603_at_the_include():
    message = w603_unguarded_file_views(
        FileViewsInclude("files/", PLACE, "db_file_storage.urls")
    )
    assert (message.id, message.obj, message.place) == (
        "django_chained.W603",
        "files/",
        PLACE,
    )
    assert "django-db-file-storage's views" in message.msg


@pytest.mark.parametrize(
    ("exposure", "naming", "expected"),
    [
        ("under MEDIA_URL '/media/'", ORIGINAL_NAME, "django_chained.W601"),
        ("under MEDIA_URL '/media/'", DERIVED_NAME, "django_chained.W602"),
        ("under MEDIA_URL '/media/'", RANDOM_NAME, None),
        ("under MEDIA_URL '/media/'", None, None),
        (None, ORIGINAL_NAME, None),
    ],
)
def test_file_field_judgement(exposure, naming, expected):
    field = FileField("app.Doc.file", PLACE, exposure, naming, "docs/x.txt", False)
    message = judge_file_field(field)
    assert (message.id if message else None) == expected
    assert message is None or message.obj == "app.Doc.file"
