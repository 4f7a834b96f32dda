"""The scan judges the settings a deployment loads: the deployed module, bases through it, no dev modules."""

from __future__ import annotations

import fnmatch
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django_chained.sourcetree.deploy_files import DEPLOYMENT_GLOBS, is_deployment_file
from django_chained.sourcetree.deployed_settings import deployed_names
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree import SourceTree

INSECURE_BASE = textwrap.dedent("""\
    SECRET_KEY = "short"
    INSTALLED_APPS = ["django.contrib.sessions"]
    MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
    ALLOWED_HOSTS = []
""")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return root


def settings_files(root: Path) -> set[str]:
    scan = scan_tree(root, use_cache=False)
    return {
        r.file or ""
        for r in scan.records
        if r.id.startswith("security.") or r.id.startswith("django_chained.W1")
    }


def test_base_judged_through_the_deployed_module_and_dev_modules_left_out(tmp_path):
    # wger's shape: manage.py defaults to settings.main, which star-imports the global base.
    root = write(
        tmp_path,
        {
            "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.main")\n',
            "settings/__init__.py": "",
            "settings/settings_global.py": INSECURE_BASE,
            "settings/main.py": 'from .settings_global import *\nSECRET_KEY = open("/etc/key").read()\nALLOWED_HOSTS = ["example.com"]\n',
            "settings/ci.py": "from .settings_global import *\nDEBUG = True\n",
            "settings/local_dev.py": "from .settings_global import *\n",
        },
    )
    scan = scan_tree(root, use_cache=False)
    judged = {r.file for r in scan.records if r.id.startswith("security.")}
    ids = {r.id for r in scan.records}
    assert judged == {"settings/settings_global.py", "settings/main.py"}
    # main.py overrides the base's key and hosts: judged through it, the base's own values are not reported.
    assert "security.W009" not in ids and "security.W020" not in ids
    assert scan.primary is not None and scan.primary.path.name == "main.py"
    [note] = [n for n in scan.notes if "development" in n]
    assert note.startswith("settings/ci.py, settings/local_dev.py:")


def test_a_worker_module_importing_the_deployed_one_is_judged_through_it(tmp_path):
    root = write(
        tmp_path,
        {
            "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")\n',
            "proj/__init__.py": "",
            "proj/settings/__init__.py": "",
            "proj/settings/base.py": INSECURE_BASE,
            "proj/settings/production.py": "from .base import *\n",
            "proj/settings/worker.py": 'from .production import *\nCELERY_BROKER_URL = "redis://"\n',
            "proj/settings/sibling.py": "from .base import *\n",  # not the deployment: judged
        },
    )
    scan = scan_tree(root, use_cache=False)
    judged = {r.file for r in scan.records if r.id.startswith("security.")}
    assert judged == {
        "proj/settings/base.py",
        "proj/settings/production.py",
        "proj/settings/sibling.py",
    }
    [note] = [n for n in scan.notes if "judged through it" in n]
    assert note.startswith(
        "proj/settings/worker.py: import the deployed proj/settings/production.py"
    )


def test_the_deployed_module_is_judged_even_with_debug_on(tmp_path):
    root = write(
        tmp_path,
        {
            "mysite/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n',
            "mysite/settings.py": INSECURE_BASE + "DEBUG = True\n",
            "mysite/test_settings.py": "from .settings import *\n",
        },
    )
    assert settings_files(root) == {"mysite/settings.py"}


def test_a_lone_debug_module_is_still_judged(tmp_path):
    root = write(tmp_path, {"settings.py": INSECURE_BASE + "DEBUG = True\n"})
    assert settings_files(root) == {"settings.py"}


def test_deployment_files_name_the_module(tmp_path):
    root = write(
        tmp_path,
        {
            "docker/Dockerfile": "ENV DJANGO_SETTINGS_MODULE=proj.settings.base\n",
            "proj/settings/base.py": INSECURE_BASE,
            "proj/settings/heroku.py": "from .base import *\n",
        },
    )
    scan = scan_tree(root, use_cache=False)
    assert scan.primary is not None and scan.primary.path.name == "base.py"
    files = {r.file for r in scan.records if r.id.startswith("security.")}
    assert "proj/settings/base.py" in files


def test_split_settings_fragments_judged_through_the_including_module(tmp_path):
    # tabbycat's shape: settings/__init__.py includes core.py and one environment fragment.
    root = write(
        tmp_path,
        {
            "settings/__init__.py": """\
                import os
                from split_settings.tools import include, optional
                base_settings = ["core.py"]
                if os.environ.get("ON_HEROKU"):
                    base_settings.append("heroku.py")
                else:
                    base_settings.append("docker.py")
                include(*base_settings)
            """,
            "settings/core.py": INSECURE_BASE,
            "settings/heroku.py": "DATABASES = {}\n",
            "settings/docker.py": "DATABASES = {}\nALLOWED_HOSTS = ['*']\n",
        },
    )
    scan = scan_tree(root, use_cache=False)
    files = {r.file for r in scan.records if r.id.startswith("security.")}
    assert files == {"settings/__init__.py", "settings/core.py"}
    # core.py's insecure key is found through the including module, once.
    assert [r.location for r in scan.records if r.id == "security.W009"] == [
        "settings/core.py:1"
    ]


def test_deployment_files_found_outside_hidden_and_package_folders(
    tmp_path,
):
    root = write(
        tmp_path,
        {
            "Procfile": "web: gunicorn --settings=proj.procfile wsgi\n",
            "ops/docker-compose.prod.yml": "DJANGO_SETTINGS_MODULE: proj.compose\n",
            "ops/Dockerfile.web": "ENV DJANGO_SETTINGS_MODULE=proj.docker\n",
            ".github/Dockerfile": "ENV DJANGO_SETTINGS_MODULE=proj.hidden\n",
            "node_modules/x/Procfile": "web: x --settings=proj.vendored\n",
            "ops/notes.txt": "DJANGO_SETTINGS_MODULE=proj.notes\n",
            "build/Dockerfile": "ENV DJANGO_SETTINGS_MODULE=proj.build\n",
            "venv/pyvenv.cfg": "",
            "venv/docker/Dockerfile": "ENV DJANGO_SETTINGS_MODULE=proj.venv\n",
            "venv/site-packages/x/Procfile": "web: x --settings=proj.installed\n",
            "skipped/Procfile": "web: x --settings=proj.excluded\n",
        },
    )
    tree = SourceTree.discover(root, exclude=["skipped"])
    assert deployed_names([], tree.deployment_files) == {
        "proj.procfile",
        "proj.compose",
        "proj.docker",
        "proj.build",
        "proj.venv",
        "proj.excluded",
    }


_PIECES = ["Dockerfile", "Procfile", "compose", ".yml", ".yaml", "a", ".", "\n", "D"]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=6).map("".join) | st.text(max_size=12)
)
def test_deployment_names_match_the_globs(name):
    expected = any(fnmatch.fnmatchcase(name, glob) for glob in DEPLOYMENT_GLOBS)
    assert is_deployment_file(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("Dockerfile.web", True),
        ("dockerfile", False),
        ("Procfile.dev", True),
        ("docker-compose.prod.yml", True),
        ("compose.yaml", True),
        ("compose.yml.bak", False),
        ("notes.txt", False),
    ],
)
def test_deployment_names(name, expected):
    assert is_deployment_file(name) is expected


def test_symlinked_folders_are_not_searched_for_deployment_files(tmp_path):
    outside = write(
        tmp_path / "outside", {"Dockerfile": "ENV DJANGO_SETTINGS_MODULE=x.y\n"}
    )
    root = tmp_path / "project"
    root.mkdir()
    (root / "build").symlink_to(outside, target_is_directory=True)
    (root / "ops").symlink_to(outside, target_is_directory=True)
    tree = SourceTree.discover(root)
    assert tree.deployment_files == []


def test_w601_names_the_media_url_of_the_deployed_module(tmp_path):
    # The base serves /media/; the deployed module moves uploads to /uploads/, a dev one elsewhere.
    root = write(
        tmp_path,
        {
            "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.production")\n',
            "proj/__init__.py": "",
            "proj/settings/__init__.py": "",
            "proj/settings/base.py": 'INSTALLED_APPS = ["app"]\nMEDIA_URL = "/media/"\n',
            "proj/settings/production.py": 'from .base import *\nMEDIA_URL = "/uploads/"\n',
            "proj/settings/dev.py": 'from .base import *\nDEBUG = True\nMEDIA_URL = "/dev/"\n',
            "app/__init__.py": "",
            "app/models.py": "from django.db import models\n\nclass Doc(models.Model):\n    f = models.FileField(upload_to='docs/')\n",
        },
    )
    [w601] = [
        r for r in scan_tree(root, use_cache=False).records if r.id.endswith("W601")
    ]
    assert "under MEDIA_URL '/uploads/'" in w601.message
