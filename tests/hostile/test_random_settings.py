"""Random settings modules (assignments of random expressions to real setting names) scanned without a traceback.

About 20 seconds by default (700 modules); ``CHAINED_HOSTILE_LONG=1`` runs many more examples.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.scan_harness import scan, write_tree

EXAMPLES = 20_000 if os.environ.get("CHAINED_HOSTILE_LONG") == "1" else 700
SETTING_NAMES = (
    "DEBUG", "MIDDLEWARE", "INSTALLED_APPS", "ROOT_URLCONF", "STORAGES", "MEDIA_URL", "SECRET_KEY",
    "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS", "CSRF_TRUSTED_ORIGINS", "AUTH_USER_MODEL", "SESSION_COOKIE_SECURE",
    "CHAINED_OWNER_MODELS", "CHAINED_ACCEPTED_RISKS", "CHAINED_EOL_WARNING_DAYS", "BASE_DIR", "X",
)  # fmt: skip
LEAVES = st.one_of(
    st.integers(-(10**6), 10**6).map(repr),
    st.text(max_size=8).map(repr),
    st.binary(max_size=4).map(repr),
    st.sampled_from(
        [
            "None",
            "True",
            "False",
            "__file__",
            "Path(__file__)",
            "os.environ['X']",
            "...",
            "1.5",
        ]
    ),
    st.sampled_from(SETTING_NAMES),
)
ROUTES = """\
from django.conf import settings
from django.conf.urls.static import static
from django.urls import path
from app import views

urlpatterns = [path("a/", views.Detail.as_view())] + static(settings.MEDIA_URL)
"""
VIEWS = """\
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView
from app.models import Note


class Detail(DetailView):
    model = Note


@csrf_exempt
def hook(request):
    pass
"""
MODELS = """\
from django.conf import settings
from django.db import models


class Note(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)
    upload = models.FileField(upload_to="notes/")
"""


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} + {p[1]})"),
        pair.map(lambda p: f"({p[0]} - {p[1]})"),
        pair.map(lambda p: f"({p[0]} / {p[1]})"),
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(inner, max_size=3).map(
            lambda xs: "(" + "".join(x + ", " for x in xs) + ")"
        ),
        inner.map(lambda x: f"[*{x}]"),
        pair.map(lambda p: f"{{{p[0]}: {p[1]}}}"),
        inner.map(lambda x: f"{{**{x}}}"),
        pair.map(lambda p: f"({p[0]})[{p[1]}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]})[{t[1]}:{t[2]}:{t[1]}]"),
        pair.map(lambda p: f"({p[0]}).get({p[1]})"),
        pair.map(lambda p: f"({p[0]}).index({p[1]})"),
        inner.map(lambda x: f"({x}).parent"),
        pair.map(lambda p: f"os.path.join({p[0]}, {p[1]})"),
        pair.map(lambda p: f"Path({p[0]}, {p[1]})"),
        pair.map(lambda p: f"[x for x in {p[0]} if x in {p[1]}]"),
        pair.map(lambda p: f"[x for x in {p[0]} if x != {p[1]}]"),
    )


EXPRESSIONS = st.recursive(LEAVES, _compound, max_leaves=12)
STATEMENTS = st.one_of(
    st.tuples(st.sampled_from(SETTING_NAMES), EXPRESSIONS).map(
        lambda t: f"{t[0]} = {t[1]}"
    ),
    st.tuples(st.sampled_from(SETTING_NAMES), EXPRESSIONS).map(
        lambda t: f"{t[0]} += {t[1]}"
    ),
    st.tuples(st.sampled_from(SETTING_NAMES), EXPRESSIONS).map(
        lambda t: f"{t[0]}.append({t[1]})"
    ),
    st.tuples(st.sampled_from(SETTING_NAMES), EXPRESSIONS).map(
        lambda t: f"{t[0]}.insert({t[1]}, {t[1]})"
    ),
    st.tuples(st.sampled_from(SETTING_NAMES), EXPRESSIONS).map(
        lambda t: f"{t[0]}: int = {t[1]}"
    ),
)
MODULES = st.lists(STATEMENTS, min_size=1, max_size=8).map(
    lambda lines: (
        "import os\nfrom pathlib import Path\nINSTALLED_APPS = ['app']\n"
        + "\n".join(lines)
        + "\n"
    )
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(MODULES)
def test_random_settings_module_is_scanned_without_a_traceback(module):
    with tempfile.TemporaryDirectory() as folder:
        tree = write_tree(
            Path(folder) / "tree",
            {
                "app/__init__.py": "",
                "app/settings.py": module,
                "app/urls.py": ROUTES,
                "app/views.py": VIEWS,
                "app/models.py": MODELS,
                "requirements.txt": "django==5.0.1\n",
            },
        )
        run = scan(tree)
    # The module parsed (every generated line is valid Python) and was read as the settings module.
    assert "django_chained.I004" not in run.ids, module
    assert "No settings module found" not in run.notes
