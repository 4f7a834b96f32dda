"""Odd but valid inputs for the static readers: ``django-chained scan`` reports or notes them, never a traceback.

Each case is a small tree (settings modules, URLconfs, models, requirement and lock files in every format the
pin reader supports) scanned in-process; where the input means something, the finding or note it should give
is checked too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.scan_harness import SETTINGS_HEAD, ScanRun, scan, write_tree

Expect = Callable[[ScanRun], bool]
VIEWS_HEAD = "from django.views.decorators.csrf import csrf_exempt\n"
URLS_HEAD = "from django.urls import include, path, re_path\nfrom django.views.static import serve\nfrom app import views\n"
MODELS_HEAD = "from django.conf import settings\nfrom django.db import models\n\n"
DJANGO_5_0 = "django==5.0.1"


def finding(check_id: str, file: str | None = None) -> Expect:
    return lambda run: run.found(check_id, file)


def note(text: str) -> Expect:
    return lambda run: text in run.notes


def invalid_own_setting() -> Expect:
    """E001 or E002 at the settings module, as ``manage.py check`` reports it."""
    return lambda run: (
        run.found("django_chained.E001", "app/settings.py")
        or run.found("django_chained.E002", "app/settings.py")
    )


def no_finding(check_id: str) -> Expect:
    return lambda run: check_id not in run.ids


def pinned(version: str) -> Expect:
    """A 7xx finding names the pinned version (5.0 is past its end of life)."""
    return lambda run: any(
        f["id"].startswith("django_chained.") and version in f["message"]
        for f in run.report["findings"]
    )


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    expect: tuple[Expect, ...] = field(default=())


def settings_case(name: str, body: str, *expect: Expect) -> Case:
    return Case(
        f"settings-{name}", {"app/settings.py": SETTINGS_HEAD + body}, tuple(expect)
    )


def pin_case(name: str, filename: str, text: str | bytes, *expect: Expect) -> Case:
    return Case(f"pin-{name}", {filename: text}, tuple(expect))


def chained(n: int, term: str, op: str = " + ") -> str:
    return op.join([term] * n)


DEBUG_ON = finding("security.W018", "app/settings.py")
NO_PIN = note("No pinned Django version")

SETTINGS_CASES = [
    settings_case(
        "star-of-none", "X = None\nMIDDLEWARE = [*X]\nDEBUG = True\n", DEBUG_ON
    ),
    settings_case("star-of-int", "MIDDLEWARE = [*5]\n"),
    settings_case(
        "base-dir-div-int",
        "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent\nSTATIC_ROOT = BASE_DIR / 5\n",
    ),
    settings_case(
        "base-dir-div-none",
        "from pathlib import Path\nBASE_DIR = Path(__file__).parent\nMEDIA_ROOT = BASE_DIR / None\n",
    ),
    settings_case(
        "long-sum",
        "A = ['a']\nX = " + chained(2000, "A") + "\nDEBUG = True\n",
        DEBUG_ON,
    ),
    settings_case(
        "long-path",
        "from pathlib import Path\nB = Path(__file__)\nX = B" + " / 'a'" * 2000 + "\n",
    ),
    settings_case("long-string-sum", "X = " + chained(3000, "'a'") + "\n"),
    settings_case("deep-list", "X = " + "[" * 90 + "]" * 90 + "\n"),
    settings_case("dict-unpack-none", "X = None\nY = {**X}\n"),
    settings_case("dict-unhashable-key", "K = [1]\nY = {K: 1}\n"),
    settings_case("slice-step-zero", "A = [1, 2]\nX = A[::0]\n"),
    settings_case("slice-of-int", "A = 5\nX = A[1:2]\n"),
    settings_case("comprehension-over-int", "A = 5\nX = [x for x in A]\n"),
    settings_case("comprehension-in-int", "A = [1]\nX = [x for x in A if x in 5]\n"),
    settings_case("index-missing", "A = [1]\nX = A.index(2)\n"),
    settings_case("get-on-none", "A = None\nX = A.get('k')\n"),
    settings_case("path-of-int", "from pathlib import Path\nX = Path(5)\n"),
    settings_case("join-mixed", "import os\nX = os.path.join('a', b'b')\n"),
    settings_case("join-nul", "import os\nX = os.path.join('a', 'b\\x00c')\n"),
    settings_case("dirname-none", "import os\nX = os.path.dirname(None)\n"),
    settings_case("augassign-mismatch", "X = 1\nX += 'a'\nX -= []\n"),
    settings_case("list-minus-list", "X = [1] - [1]\n"),
    settings_case("append-to-str", "MIDDLEWARE = 'x'\nMIDDLEWARE.append('y')\n"),
    settings_case("insert-bad-index", "MIDDLEWARE = []\nMIDDLEWARE.insert('a', 'b')\n"),
    settings_case("extend-int", "MIDDLEWARE = []\nMIDDLEWARE.extend(5)\n"),
    settings_case("middleware-int", "MIDDLEWARE = 5\n"),
    settings_case("middleware-none", "MIDDLEWARE = None\n"),
    settings_case("middleware-dict", "MIDDLEWARE = {'a': 1}\n"),
    settings_case("installed-apps-int", "INSTALLED_APPS = 5\n"),
    settings_case("installed-apps-bytes", "INSTALLED_APPS = [b'app', None]\n"),
    settings_case("auth-user-model-int", "AUTH_USER_MODEL = 5\n"),
    settings_case("secret-key-bytes", "SECRET_KEY = b'x'\nDEBUG = True\n", DEBUG_ON),
    settings_case("debug-string", "DEBUG = 'yes'\n"),
    settings_case("hsts-string", "SECURE_HSTS_SECONDS = 'x'\n"),
    settings_case("allowed-hosts-str", "ALLOWED_HOSTS = '*'\n"),
    settings_case("root-urlconf-list", "ROOT_URLCONF = ['a']\n"),
    settings_case("root-urlconf-int", "ROOT_URLCONF = 5\n"),
    settings_case(
        "storages-default-int", "STORAGES = {'default': 5}\nMEDIA_URL = '/m/'\n"
    ),
    settings_case("storages-backend-list", "STORAGES = {'default': {'BACKEND': []}}\n"),
    settings_case("media-url-int", "MEDIA_URL = 5\n"),
    settings_case(
        "media-url-bad-ipv6", "MEDIA_URL = 'http://[::1/'\nDEBUG = True\n", DEBUG_ON
    ),
    settings_case(
        "owner-models-int",
        "CHAINED_OWNER_MODELS = 5\n",
        invalid_own_setting(),
    ),
    settings_case(
        "owner-models-of-int",
        "CHAINED_OWNER_MODELS = [5]\n",
        invalid_own_setting(),
    ),
    settings_case(
        "authz-exempt-int",
        "CHAINED_AUTHZ_EXEMPT_VIEWS = 5\n",
        invalid_own_setting(),
    ),
    settings_case(
        "csrf-allowed-list",
        "CHAINED_CSRF_EXEMPT_ALLOWED = [1]\n",
        invalid_own_setting(),
    ),
    settings_case(
        "eol-days-str",
        "CHAINED_EOL_WARNING_DAYS = 'x'\n",
        invalid_own_setting(),
    ),
    settings_case(
        "data-age-none",
        "CHAINED_DATA_MAX_AGE_DAYS = None\n",
        invalid_own_setting(),
    ),
    settings_case(
        "accepted-risks-int",
        "CHAINED_ACCEPTED_RISKS = {'django_chained.W301': 5}\n",
        invalid_own_setting(),
    ),
    settings_case(
        "accepted-risks-int-key",
        "CHAINED_ACCEPTED_RISKS = {'security.W018': {5: 'r'}}\nDEBUG = True\n",
        DEBUG_ON,
        invalid_own_setting(),
    ),
    settings_case(
        "accepted-risks-list",
        "CHAINED_ACCEPTED_RISKS = ['a']\n",
        invalid_own_setting(),
    ),
    settings_case(
        "scan-paths-nul",
        "CHAINED_SCAN_PATHS = ['a\\x00b']\n",
        invalid_own_setting(),
    ),
    settings_case(
        "star-import-self", "from app.settings import *\nDEBUG = True\n", DEBUG_ON
    ),
    settings_case(
        "relative-import-too-deep", "from ........ import *\nfrom ....x import Y\n"
    ),
    settings_case("import-missing", "from .nowhere import *\nfrom .nowhere import A\n"),
    settings_case("annotated-no-value", "DEBUG: bool\nX: int = 'a' + 1\n"),
    settings_case("nul-string", "STATIC_ROOT = 'a\\x00b'\nMEDIA_ROOT = 'a\\x00b'\n"),
    settings_case("huge-int-str", "X = 10\nSECURE_HSTS_SECONDS = " + "9" * 4000 + "\n"),
    settings_case("surrogate-string", "SECRET_KEY = '\\ud800' * 60\n"),
]

URL_CASES = [
    Case(
        "urls-route-int",
        {"app/urls.py": URLS_HEAD + "urlpatterns = [path(1, views.x)]\n"},
    ),
    Case(
        "urls-include-int",
        {"app/urls.py": URLS_HEAD + "urlpatterns = [path('a/', include(5))]\n"},
    ),
    Case(
        "urls-include-empty-tuple",
        {"app/urls.py": URLS_HEAD + "urlpatterns = [path('a/', include(()))]\n"},
    ),
    Case(
        "urls-starred",
        {
            "app/urls.py": URLS_HEAD
            + "args = ('a', views.x)\nurlpatterns = [path(*args)]\n"
        },
    ),
    Case(
        "urls-exempt-no-arg",
        {
            "app/urls.py": URLS_HEAD
            + "from django.views.decorators.csrf import csrf_exempt\nurlpatterns = [path('a', csrf_exempt())]\n"
        },
    ),
    Case(
        "urls-include-cycle",
        {
            "app/urls.py": URLS_HEAD
            + "urlpatterns = [path('a/', include('app.urls'))]\n",
            "app/settings.py": SETTINGS_HEAD + "ROOT_URLCONF = 'app.urls'\n",
        },
    ),
    Case(
        "urls-serve-lambda",
        {
            "app/urls.py": URLS_HEAD
            + "urlpatterns = [re_path('^m/(?P<path>.*)$', serve), path('b', lambda r: r)]\n",
            "app/settings.py": SETTINGS_HEAD + "DEBUG = True\n",
        },
        (finding("django_chained.W604", "app/urls.py"),),
    ),
    Case(
        "urls-static-bad-ipv6",
        {
            "app/urls.py": "from django.conf.urls.static import static\nurlpatterns = static('http://[::1/', document_root='x')\n",
            "app/settings.py": SETTINGS_HEAD + "DEBUG = True\n",
        },
    ),
    Case(
        "urls-static-settings-bad-ipv6",
        {
            "app/urls.py": "from django.conf import settings\nfrom django.conf.urls.static import static\nurlpatterns = static(settings.MEDIA_URL)\n",
            "app/settings.py": SETTINGS_HEAD
            + "DEBUG = True\nMEDIA_URL = 'http://[x'\n",
        },
    ),
    Case(
        "urls-long-attribute",
        {
            "app/urls.py": URLS_HEAD
            + "urlpatterns = [path('a', views"
            + ".x" * 3000
            + ")]\n"
        },
    ),
    Case(
        "urls-relative-import-too-deep",
        {
            "app/urls.py": "from django.urls import path\nfrom ...... import views\nurlpatterns = [path('a', views.x)]\n"
        },
    ),
]

VIEW_CASES = [
    Case(
        "views-methods-int",
        {
            "app/views.py": VIEWS_HEAD
            + "from django.views.decorators.http import require_http_methods\n\n@csrf_exempt\n@require_http_methods(5)\ndef v(request):\n    return request.user\n"
        },
        (finding("django_chained.W501", "app/views.py"),),
    ),
    Case(
        "views-methods-str",
        {
            "app/views.py": VIEWS_HEAD
            + "from django.views.decorators.http import require_http_methods\n\n@csrf_exempt\n@require_http_methods('GET')\ndef v(request):\n    pass\n"
        },
    ),
    Case(
        "views-methods-nested",
        {
            "app/views.py": VIEWS_HEAD
            + "from django.views.decorators.http import require_http_methods\n\n@csrf_exempt\n@require_http_methods([[1], {2: 3}])\ndef v(request):\n    pass\n"
        },
    ),
    Case(
        "views-method-decorator-empty",
        {
            "app/views.py": VIEWS_HEAD
            + "from django.utils.decorators import method_decorator\n\n@method_decorator()\nclass V:\n    pass\n"
        },
    ),
    Case(
        "views-model-none",
        {
            "app/views.py": "from django.views.generic import DetailView\n\nclass V(DetailView):\n    model = None\n    queryset = 5\n"
        },
    ),
    Case(
        "views-long-decorator",
        {
            "app/views.py": VIEWS_HEAD
            + "@a"
            + ".b" * 3000
            + "\ndef v(request):\n    pass\n"
        },
    ),
]

MODEL_CASES = [
    Case(
        "models-fk-no-target",
        {
            "app/models.py": MODELS_HEAD
            + "class A(models.Model):\n    user = models.ForeignKey()\n    other = models.ForeignKey(5)\n"
        },
    ),
    Case(
        "models-file-field-odd",
        {
            "app/models.py": MODELS_HEAD
            + "class A(models.Model):\n    f = models.FileField(upload_to=5, **{})\n    g = models.FileField(None, None, None)\n"
        },
    ),
    Case(
        "models-base-call",
        {
            "app/models.py": MODELS_HEAD
            + "class A(make()):\n    pass\n\nclass B(A, 5):\n    x = models.ForeignKey('self')\n"
        },
    ),
    Case(
        "models-long-storage",
        {
            "app/models.py": MODELS_HEAD
            + "class A(models.Model):\n    f = models.FileField(storage="
            + chained(2000, "s")
            + ")\n"
        },
    ),
    Case(
        "models-long-target",
        {
            "app/models.py": MODELS_HEAD
            + "class A(models.Model):\n    u = models.ForeignKey(a"
            + ".b" * 3000
            + ")\n"
        },
    ),
    Case(
        "models-package-init-only",
        {
            "app/models/__init__.py": MODELS_HEAD
            + "class A(models.Model):\n    u = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)\n"
        },
    ),
]

PIN_CASES = [
    pin_case("poetry-package-str", "poetry.lock", "package = 'x'\n", NO_PIN),
    pin_case("poetry-package-ints", "poetry.lock", "package = [1, 2]\n", NO_PIN),
    pin_case(
        "poetry-version-int",
        "poetry.lock",
        "[[package]]\nname = 'django'\nversion = 5\n",
    ),
    pin_case(
        "poetry-name-table",
        "poetry.lock",
        "[[package]]\nname = {a = 1}\nversion = '5.0.1'\n",
        NO_PIN,
    ),
    pin_case("uv-package-table", "uv.lock", "[package]\nname = 'django'\n", NO_PIN),
    pin_case(
        "uv-good",
        "uv.lock",
        "[[package]]\nname = 'Django'\nversion = '5.0.1'\n",
        pinned("5.0.1"),
    ),
    pin_case("pipfile-lock-list", "Pipfile.lock", "[1, 2]\n", NO_PIN),
    pin_case(
        "pipfile-lock-str-entry",
        "Pipfile.lock",
        '{"default": {"django": "==5.0.1"}}\n',
        NO_PIN,
    ),
    pin_case("pipfile-lock-number", "Pipfile.lock", "5\n", NO_PIN),
    pin_case(
        "pipfile-lock-deep",
        "Pipfile.lock",
        "[" * 100_000 + "]" * 100_000,
        NO_PIN,
        finding("django_chained.I004", "Pipfile.lock"),
    ),
    pin_case("pipfile-packages-str", "Pipfile", "packages = 'x'\n", NO_PIN),
    pin_case(
        "pipfile-version-int", "Pipfile", "[packages]\ndjango = {version = 5}\n", NO_PIN
    ),
    pin_case(
        "pipfile-good", "Pipfile", "[packages]\ndjango = '==5.0.1'\n", pinned("5.0.1")
    ),
    pin_case("pyproject-project-str", "pyproject.toml", "project = 'x'\n", NO_PIN),
    pin_case(
        "pyproject-deps-int", "pyproject.toml", "[project]\ndependencies = 5\n", NO_PIN
    ),
    pin_case(
        "pyproject-deps-str",
        "pyproject.toml",
        "[project]\ndependencies = 'django==5.0.1'\n",
        NO_PIN,
    ),
    pin_case(
        "pyproject-deps-mixed",
        "pyproject.toml",
        "[project]\ndependencies = [5, 'django==5.0.1']\n",
        pinned("5.0.1"),
    ),
    pin_case(
        "pyproject-optional-list",
        "pyproject.toml",
        "[project]\noptional-dependencies = [1]\n",
        NO_PIN,
    ),
    pin_case(
        "pyproject-optional-int",
        "pyproject.toml",
        "[project.optional-dependencies]\na = 5\n",
        NO_PIN,
    ),
    pin_case(
        "pyproject-groups-int", "pyproject.toml", "[dependency-groups]\na = 5\n", NO_PIN
    ),
    pin_case(
        "pyproject-groups-list", "pyproject.toml", "dependency-groups = [1]\n", NO_PIN
    ),
    pin_case("pyproject-tool-int", "pyproject.toml", "tool = 5\n", NO_PIN),
    pin_case("pyproject-poetry-int", "pyproject.toml", "[tool]\npoetry = 5\n", NO_PIN),
    pin_case(
        "pyproject-poetry-group-int",
        "pyproject.toml",
        "[tool.poetry.group]\na = 5\n",
        NO_PIN,
    ),
    pin_case(
        "pyproject-poetry-good",
        "pyproject.toml",
        "[tool.poetry.dependencies]\ndjango = '5.0.1'\n",
        pinned("5.0.1"),
    ),
    pin_case(
        "setup-cfg-percent",
        "setup.cfg",
        "[options]\ninstall_requires =\n    django==5.0.1\n    foo @ https://x/a%20b.whl\n",
        pinned("5.0.1"),
    ),
    pin_case(
        "setup-cfg-interpolation",
        "setup.cfg",
        "[options]\nurl = %(missing)s\ninstall_requires = django==5.0.1\n",
        pinned("5.0.1"),
    ),
    pin_case("setup-cfg-no-options", "setup.cfg", "[metadata]\nname = x\n", NO_PIN),
    pin_case("setup-cfg-duplicate", "setup.cfg", "[options]\n[options]\n", NO_PIN),
    pin_case(
        "requirements-nul-include",
        "requirements.txt",
        "-r a\x00b.txt\n",
        NO_PIN,
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "requirements-dir-include",
        "requirements.txt",
        "-r .\n-c /\n",
        NO_PIN,
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "requirements-self-include",
        "requirements.txt",
        "-r requirements.txt\n" + DJANGO_5_0 + "\n",
        pinned("5.0.1"),
    ),
    pin_case(
        "requirements-odd-version",
        "requirements.txt",
        "django==5.0.1.2.3.4.5.6.7.8.9\n",
        pinned("5.0.1.2"),
    ),
    pin_case(
        "requirements-huge-version",
        "requirements.txt",
        "django==" + "9" * 5000 + "\n",
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "requirements-arbitrary-equality",
        "requirements.txt",
        "django===not-a-version\n",
        note("is not a version: 7xx skipped"),
    ),
    pin_case(
        "requirements-local-version", "requirements.txt", "django==5.0.1+local.x-y!z\n"
    ),
    pin_case("requirements-epoch", "requirements.txt", "django==1!5.0.1\n"),
    pin_case(
        "requirements-latin1",
        "requirements.txt",
        "# caf\xe9\n".encode("latin-1") + DJANGO_5_0.encode() + b"\n",
        NO_PIN,
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "poetry-deep-array",
        "poetry.lock",
        "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
        NO_PIN,
    ),
    pin_case(
        "pyproject-deep-table",
        "pyproject.toml",
        "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n",
        NO_PIN,
    ),
    Case(
        "pin-requirements-include-chain",
        {
            "requirements.txt": "-r r1.txt\n",
            **{f"r{n}.txt": f"-r r{n + 1}.txt\n" for n in range(1, 1500)},
            "r1500.txt": DJANGO_5_0 + "\n",
        },
        (pinned("5.0.1"),),
    ),
    pin_case(
        "requirements-long-include-name",
        "requirements.txt",
        "-r " + "a" * 5000 + "\n",
        NO_PIN,
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "pylock-good",
        "pylock.toml",
        "lock-version = '1.0'\n[[packages]]\nname = 'django'\nversion = '5.0.1'\n",
        pinned("5.0.1"),
    ),
    pin_case("pylock-packages-str", "pylock.toml", "packages = 'x'\n", NO_PIN),
    pin_case(
        "pylock-broken",
        "pylock.toml",
        "[[packages]\n",
        NO_PIN,
        finding("django_chained.I004", "pylock.toml"),
    ),
    pin_case(
        "pdm-good",
        "pdm.lock",
        "[[package]]\nname = 'Django'\nversion = '5.0.1'\n",
        pinned("5.0.1"),
    ),
    pin_case(
        "requirements-invalid-line",
        "requirements.txt",
        "django>=>5\n",
        NO_PIN,
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "requirements-python2-only",
        "requirements.txt",
        "django==1.11.29; python_version < '3'\n" + DJANGO_5_0 + "\n",
        pinned("5.0.1"),
    ),
    pin_case(
        "requirements-bad-marker",
        "requirements.txt",
        "django==5.0.1; python_version > 'banana'\n",
        NO_PIN,  # packaging compares a non-version as text: no Python is "above banana"
    ),
    pin_case(
        "pyproject-poetry-bad-constraint",
        "pyproject.toml",
        "[tool.poetry.dependencies]\ndjango = '^^5'\n",
        NO_PIN,
        finding("django_chained.I004", "pyproject.toml"),
    ),
    pin_case(
        "requirements-range",
        "requirements.txt",
        "django>=5.0,<5.1 \\\n    --hash=sha256:aaaa\n",
        pinned("5.0"),
        finding("django_chained.W709", "requirements.txt"),
        no_finding("django_chained.W701"),
    ),
    pin_case(
        "requirements-huge-lower-bound",
        "requirements.txt",
        "django>=" + "9" * 5000 + "\n",
        NO_PIN,
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case(
        "requirements-huge-upper-bound",
        "requirements.txt",
        "django<" + "9" * 5000 + "\n",
        finding("django_chained.I004", "requirements.txt"),
    ),
    pin_case("requirements-range-beyond-table", "requirements.txt", "django>=99\n"),
    pin_case(
        "pipfile-huge-bound",
        "Pipfile",
        "[packages]\ndjango = '>=" + "9" * 5000 + "'\n",
        finding("django_chained.I004", "Pipfile"),
    ),
    pin_case(
        "pyproject-poetry-huge-alternative",
        "pyproject.toml",
        "[tool.poetry.dependencies]\ndjango = '^5.0 || >=" + "9" * 5000 + "'\n",
        finding("django_chained.I004", "pyproject.toml"),
    ),
    pin_case(
        "pyproject-poetry-huge-caret",
        "pyproject.toml",
        "[tool.poetry.dependencies]\ndjango = '^" + "9" * 5000 + "'\n",
    ),
]

TREE_CASES = [
    Case(
        "tree-nul-in-module",
        {"app/views.py": b"x = 1\x00\n"},
        (finding("django_chained.I004", "app/views.py"),),
    ),
    Case("tree-bad-coding", {"app/settings.py": b"# coding: nonesuch\nDEBUG = True\n"}),
    Case(
        "tree-latin1-settings",
        {
            "app/settings.py": b"# coding: latin-1\n"
            + SETTINGS_HEAD.encode()
            + b"X = '\xe9'\nDEBUG = True\n"
        },
        (DEBUG_ON,),
    ),
    Case(
        "tree-settings-package",
        {
            "app/settings/__init__.py": "from .base import *\n",
            "app/settings/base.py": SETTINGS_HEAD
            + "DEBUG = True\nMIDDLEWARE = [*None]\n",
        },
    ),
]

CASES = SETTINGS_CASES + URL_CASES + VIEW_CASES + MODEL_CASES + PIN_CASES + TREE_CASES


def test_the_suite_is_as_large_as_promised():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_odd_input_is_scanned_without_a_traceback(case, tmp_path):
    tree = write_tree(tmp_path / "tree", {"app/__init__.py": "", **case.files})
    run = scan(tree)
    failed = [index for index, expect in enumerate(case.expect) if not expect(run)]
    assert failed == [], (run.report.get("notes"), run.ids)


def test_settings_outside_path_are_read_and_named(tmp_path):
    outside = write_tree(
        tmp_path / "elsewhere", {"prod.py": SETTINGS_HEAD + "DEBUG = True\n"}
    )
    tree = write_tree(tmp_path / "tree", {"app/__init__.py": ""})
    run = scan(tree, ["--settings", str(outside / "prod.py")])
    assert run.found("security.W018")


def test_missing_settings_file_is_a_note(tmp_path):
    tree = write_tree(tmp_path / "tree", {"app/__init__.py": ""})
    run = scan(tree, ["--settings", str(tmp_path / "nowhere.py")])
    assert "nowhere.py: could not be read" in run.notes


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """What a chmod-000 folder does to a non-root reader, also when the tests run as root."""
    real_stat, real_scandir = os.stat, os.scandir

    def refuse(path: object) -> None:
        text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if text.startswith(str(folder) + os.sep):
            raise PermissionError(13, "Permission denied", text)

    def stat(path, *args, **kwargs):
        refuse(path)
        return real_stat(path, *args, **kwargs)

    def scandir(path="."):
        refuse(os.path.join(os.fspath(path), ""))
        return real_scandir(path)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_folder_is_a_note_and_the_rest_is_scanned(tmp_path, monkeypatch):
    tree = write_tree(
        tmp_path / "tree",
        {
            "app/__init__.py": "",
            "app/settings.py": SETTINGS_HEAD
            + "DEBUG = True\nfrom app.locked.base import *\n",
            "app/locked/__init__.py": "",
            "app/locked/base.py": "X = 1\n",
        },
    )
    _unreadable(monkeypatch, tree / "app" / "locked")
    run = scan(tree)
    assert run.found("security.W018")
    assert "app/locked: could not be read" in run.notes


def test_chmod_000_folder_as_written(tmp_path):
    """Run as written: a non-root scan notes the folder; root reads it anyway, and both go on."""
    tree = write_tree(
        tmp_path / "tree",
        {
            "app/__init__.py": "",
            "app/settings.py": SETTINGS_HEAD + "DEBUG = True\n",
            "app/locked/x.py": "",
        },
    )
    locked = tree / "app" / "locked"
    locked.chmod(0)
    try:
        run = scan(tree)
    finally:
        locked.chmod(0o755)
    assert run.found("security.W018")
    refused = os.geteuid() != 0
    assert ("app/locked: could not be read" in run.notes) is refused
