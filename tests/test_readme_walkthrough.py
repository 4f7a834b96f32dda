"""README's pre-commit recipe, followed to the letter: from ``git init`` to a failing hook, a baseline, a passing hook.

The README blocks run as written, with bash, in a new git repository holding a small insecure project; the
real ``git`` and the real ``pre-commit`` of this environment run them. ``django-chained`` on their ``PATH`` is
this checkout's (what ``pip install`` of it would give); the hook is README's ``repo: local`` one, so
nothing is fetched or installed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.rst").read_text(encoding="utf-8")

SETTINGS = """\
SECRET_KEY = "not-so-secret"
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
ROOT_URLCONF = "mysite.urls"
"""
RISKY_VIEW = """\
from django.db import connection
from django.shortcuts import render


def search(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM t WHERE name = '{request.GET['q']}'")


def page(request):
    return render(request, "page.html", {"body": request.GET.get("body", "")})
"""
NEW_RISKY_VIEW = """\
from django.utils.safestring import mark_safe


def greeting(request):
    return mark_safe(f"<p>Hello {request.GET['name']}</p>")
"""


def pre_commit_recipe(readme: str = README) -> tuple[str, list[str]]:
    """README's ``.pre-commit-config.yaml`` and the shell blocks after it, in the pre-commit section."""
    section = readme.split("\npre-commit\n----------\n", 1)[1].split("\n-----", 1)[0]
    blocks = re.findall(
        r"^\.\. code-block:: (yaml|sh)\n\n((?:    .*\n|\n)+)", section, flags=re.M
    )
    texts = [
        (kind, re.sub(r"^    ", "", body, flags=re.M).strip() + "\n")
        for kind, body in blocks
    ]
    assert [kind for kind, _ in texts] == ["yaml", "sh", "sh"], texts
    return texts[0][1], [body for _, body in texts[1:]]


def test_the_recipe_reader_finds_the_config_and_both_steps():
    config, (install, baseline) = pre_commit_recipe()
    assert yaml.safe_load(config)["repos"][0]["repo"] == "local"
    assert "pre-commit install" in install
    assert "--format json --output chained-baseline.json" in baseline


def test_the_local_hook_is_the_published_hook():
    """README's local hook passes the scan what the repository's own hook definition passes it."""
    config, _ = pre_commit_recipe()
    (local,) = yaml.safe_load(config)["repos"][0]["hooks"]
    (published,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    for key in ("id", "entry", "files", "require_serial"):
        assert local[key] == published[key], key


@pytest.fixture
def environment(tmp_path):
    """This checkout as ``django-chained``, this environment's ``pre-commit``, and nothing of the user's."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "django-chained"
    shim.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from django_chained.cli import main\n"
        "sys.exit(main())\n"
    )
    shim.chmod(0o755)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE", "PRE_COMMIT"}
        and not k.startswith("GIT_")
    }
    env.update(
        PATH=os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), env.get("PATH", "")]),
        HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"),
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.com",
        GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1",
    )  # fmt: skip
    return env


def run(command: list[str] | str, cwd: Path, env) -> tuple[int, str]:
    completed = subprocess.run(
        ["bash", "-c", command] if isinstance(command, str) else command,
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return completed.returncode, completed.stdout + completed.stderr


@pytest.fixture
def project(tmp_path, environment):
    """``git init`` and a small insecure Django project, committed before django-chained arrives."""
    repo = tmp_path / "repo"
    (repo / "mysite").mkdir(parents=True)
    (repo / "mysite" / "__init__.py").write_text("")
    (repo / "mysite" / "settings.py").write_text(SETTINGS)
    (repo / "mysite" / "urls.py").write_text("urlpatterns = []\n")
    (repo / "shop" / "templates").mkdir(parents=True)
    (repo / "shop" / "__init__.py").write_text("")
    (repo / "shop" / "views.py").write_text(RISKY_VIEW)
    (repo / "shop" / "templates" / "page.html").write_text("<p>{{ body|safe }}</p>\n")
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "."],
        ["git", "commit", "-q", "-m", "shop"],
    ):
        code, output = run(command, repo, environment)
        assert code == 0, output
    return repo


def test_following_the_readme_fails_then_baselines_then_passes(project, environment):
    config, (install, baseline) = pre_commit_recipe()
    (project / ".pre-commit-config.yaml").write_text(config)

    code, output = run(install, project, environment)
    assert code == 1, output
    assert "django_chained.W401 WARNING shop/views.py:7" in output
    assert "django_chained.W330 WARNING shop/templates/page.html:1" in output
    assert "FAILED:" in output
    assert not (project / "chained-baseline.json").exists()

    code, output = run(baseline, project, environment)
    assert code == 0, output
    assert re.search(r"^django-chained\.+Passed$", output, re.M), output
    recorded = json.loads((project / "chained-baseline.json").read_text())
    assert {"django_chained.W401", "django_chained.W330"} <= {
        finding["id"] for finding in recorded["findings"]
    }

    # The hook `pre-commit install` put in git: the adoption commits, a new finding does not.
    code, output = run(
        ["git", "commit", "-q", "-m", "Adopt django-chained"], project, environment
    )
    assert code == 0, output
    # README staged every file it had you create: the configuration, the baseline.
    assert run(["git", "status", "--porcelain"], project, environment) == (0, "")
    (project / "shop" / "greeting.py").write_text(NEW_RISKY_VIEW)
    run(["git", "add", "shop/greeting.py"], project, environment)
    code, output = run(["git", "commit", "-q", "-m", "Greet"], project, environment)
    assert code == 1, output
    assert "django_chained.W301 WARNING shop/greeting.py:5" in output
    assert "FAILED: 1 new finding at or above WARNING (django_chained.W301)" in output
    code, log = run(["git", "log", "--format=%s"], project, environment)
    assert log.split() == ["Adopt", "django-chained", "shop"], log
