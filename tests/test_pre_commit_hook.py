"""The ``django-chained`` pre-commit hook, run by the real pre-commit on a fixture repository.

pre-commit builds the hook's environment by pip-installing a copy of this checkout (from the package
index the machine's pip is configured with); ``try-repo`` builds it afresh on each run, hence two runs only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from django_chained.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: What pip needs to build the package, and the hook definition.
CHECKOUT_FILES = ("pyproject.toml", "README.rst", "LICENSE", ".pre-commit-hooks.yaml")

RISKY_VIEW = """\
from django.db import connection


def search(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM t WHERE name = '{request.GET['q']}'")
"""
ACCEPTED_VIEW = """\
from django.db import connection


def report(request, table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # chained: ignore[django_chained.W401] table comes from a fixed enum
"""
SETTINGS = """\
INSTALLED_APPS = ["shop"]
SILENCED_SYSTEM_CHECKS = ["django_chained.W330"]
"""
PAGE = "<p>{{ body|safe }}</p>\n"


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    """Git identities for the fixture commits, one pre-commit home, and nothing of this test run."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
        and not k.startswith("GIT_")
    }
    env.update(
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
        GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )  # fmt: skip
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, environment):
    """This checkout's package and hook definition, committed in a repository of their own.

    A copy, so the test sees the working tree as it is (try-repo would only see committed and staged
    changes) and works where the checkout is not a git repository.
    """
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in CHECKOUT_FILES:
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "django_chained",
        repo / "django_chained",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-q", "-m", "hook", cwd=repo)
    return repo


@pytest.fixture
def project(tmp_path, environment):
    """A Django project in git: its settings and configuration committed; three new files staged."""
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "settings.py").write_text(SETTINGS)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.django-chained]\nsettings = "mysite.settings"\nbaseline = "chained-baseline.json"\n'
    )
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-q", "-m", "start", cwd=tmp_path)
    (tmp_path / "shop" / "templates").mkdir(parents=True)
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "views.py").write_text(RISKY_VIEW)
    (tmp_path / "shop" / "reports.py").write_text(ACCEPTED_VIEW)
    (tmp_path / "shop" / "templates" / "page.html").write_text(PAGE)
    git("add", "shop", cwd=tmp_path)
    return tmp_path


def try_repo(project: Path, hook_repo: Path, environment) -> tuple[int, str]:
    """``pre-commit try-repo HOOK_REPO django-chained`` on the staged files (its environment built afresh)."""
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "django-chained", "--verbose"],
        cwd=project, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return completed.returncode, completed.stdout + completed.stderr


def test_hook_fails_on_a_new_finding_and_passes_once_baselined(
    project, hook_repo, environment
):
    code, output = try_repo(project, hook_repo, environment)
    assert code == 1, output
    assert "django_chained.W401 WARNING shop/views.py:6" in output
    assert "FAILED: 1 new finding at or above WARNING (django_chained.W401)" in output
    # Accepted on its line with a reason: listed, never failing.
    assert (
        "django_chained.W401 shop/reports.py:6 (inline): table comes from a fixed enum"
        in output
    )
    # The settings were read from the project root though not staged: they silence W330 and
    # are not themselves reported on.
    assert "W330" not in output and "mysite/settings.py" not in output
    assert "The configured baseline chained-baseline.json does not exist yet" in output

    baseline = project / "chained-baseline.json"
    assert (
        main(
            [
                "scan",
                str(project),
                "--no-cache",
                "--format",
                "json",
                "-o",
                str(baseline),
            ]
        )
        == 1
    )
    git("add", baseline.name, cwd=project)
    code, output = try_repo(project, hook_repo, environment)
    assert code == 0, output
    assert "shop/views.py:6 (in baseline)" in output
    assert "OK: no new finding at or above WARNING." in output


@pytest.mark.parametrize(
    ("path", "passed"),
    [
        ("shop/views.py", True),
        ("settings.py", True),
        ("shop/templates/shop/page.html", True),
        ("templates/email.txt", True),
        ("shop/templates/app.js", True),
        ("notes.txt", False),
        ("shop/static/app.js", False),
        ("stubs/views.pyi", False),
        ("chained-baseline.json", False),
    ],
)
def test_hook_passes_python_files_and_templates_only(path, passed):
    """A file the scan would refuse (neither Python nor a template) must never be passed to it."""
    (definition,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert definition["entry"] == "django-chained scan"
    assert definition["require_serial"] is True
    assert bool(re.search(definition["files"], path)) is passed
