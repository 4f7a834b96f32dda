"""Hostile source trees: nothing in them is ever imported or run, and no file can hang or exhaust the scan.

Each entry point is exercised as users run it, in a fresh interpreter: ``python -m django_chained scan .``
from inside the tree, the ``django-chained`` console script, and ``manage.py check --deploy`` of a project
whose scan covers the tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CONSOLE_SCRIPT = Path(sys.executable).with_name("django-chained")
MARKER = "marker-{name}"
#: Modules a scanned tree may hold to shadow what the scanner itself imports.
SHADOWS = (
    "django/__init__.py",
    "configparser.py",
    "argparse.py",
    "json/__init__.py",
    "__future__.py",
)
RISKY_VIEW = """\
from django.utils.safestring import mark_safe


def greet(request):
    return mark_safe(request.GET["name"])
"""


def planted(path: Path, name: str) -> str:
    """Source that leaves a marker file next to the tree when it is imported."""
    marker = path.parent / MARKER.format(name=name)
    return f"open({str(marker)!r}, 'w').close()\n"


def plant(root: Path) -> Path:
    """A tree with shadowing modules and a settings module, each writing a marker if imported."""
    tree = root / "repo"
    for relative in SHADOWS:
        target = tree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(planted(tree, relative.replace("/", "_")))
    (tree / "app").mkdir()
    (tree / "app" / "__init__.py").write_text(planted(tree, "app"))
    (tree / "app" / "views.py").write_text(planted(tree, "views") + RISKY_VIEW)
    (tree / "app" / "settings.py").write_text(
        planted(tree, "settings")
        + "DEBUG = True\nSECRET_KEY = 'x'\nINSTALLED_APPS = ['app']\n"
    )
    return tree


def markers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("marker-*"))


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "PYTHONSAFEPATH"}
    }
    return {**env, "PYTHONWARNINGS": "ignore", **extra}


def run(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def scan_json(
    completed: subprocess.CompletedProcess[str], out: Path
) -> list[dict[str, object]]:
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    findings: list[dict[str, object]] = json.loads(out.read_text())["findings"]
    return findings


@pytest.mark.parametrize("entry", ["python -m", "console script"])
def test_scan_from_inside_the_tree_imports_nothing_of_it(tmp_path, entry):
    tree = plant(tmp_path)
    out = tmp_path / "report.json"
    command = (
        [sys.executable, "-m", "django_chained"]
        if entry == "python -m"
        else [str(CONSOLE_SCRIPT)]
    )
    completed = run(
        [*command, "scan", ".", "--no-cache", "--format", "json", "-o", str(out)],
        cwd=tree,
    )
    findings = scan_json(completed, out)
    assert markers(tmp_path) == []
    # The planted files were read: the view's finding and the settings' DEBUG are reported.
    assert {"django_chained.W301", "security.W018"} <= {f["id"] for f in findings}


def test_check_deploy_imports_nothing_of_the_scanned_tree(tmp_path):
    tree = plant(tmp_path)
    project = tmp_path / "project"
    (project / "site_settings").mkdir(parents=True)
    (project / "site_settings" / "__init__.py").write_text(
        textwrap.dedent(
            f"""\
            SECRET_KEY = "k" * 60
            INSTALLED_APPS = ["django_chained"]
            ROOT_URLCONF = "site_settings"
            urlpatterns = []
            CHAINED_SCAN_PATHS = [{str(tree)!r}]
            CHAINED_CACHE_DIR = {str(tmp_path / "cache")!r}
            """
        )
    )
    completed = run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        cwd=project,
        DJANGO_SETTINGS_MODULE="site_settings",
        PYTHONPATH=str(project),
    )
    assert completed.returncode == 0, completed.stderr
    assert markers(tmp_path) == []
    assert "repo/app/views.py:6: (django_chained.W301)" in completed.stderr


def special_tree(root: Path, big_bytes: int) -> Path:
    """A FIFO and device symlinks named like sources and pins, and oversized settings and models."""
    tree = root / "special"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "__init__.py").write_text("")
    os.mkfifo(tree / "app" / "pipe.py")
    os.symlink("/dev/zero", tree / "app" / "x.py")
    os.symlink("/dev/zero", tree / "requirements.txt")
    os.mkfifo(tree / "poetry.lock")
    (tree / "app" / "templates").mkdir()
    os.mkfifo(tree / "app" / "templates" / "page.html")
    filler = b"X = 1\n" * (big_bytes // 6)
    (tree / "app" / "settings.py").write_bytes(
        b"DEBUG = True\nSECRET_KEY = 'x'\n" + filler
    )
    (tree / "app" / "models.py").write_bytes(b"from django.db import models\n" + filler)
    (tree / "app" / "views.py").write_text(RISKY_VIEW)
    return tree


#: Runs the scan as the console script does and prints its own peak memory (KiB) last on stderr.
#: VmHWM is the peak of this process's own memory since exec; getrusage() would also count the
#: pytest process it was forked from, whatever the scan did.
MEASURED_SCAN = (
    "import re, sys\n"
    "from django_chained.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "print(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def test_special_and_huge_files_are_reported_and_the_scan_goes_on(tmp_path):
    tree = special_tree(tmp_path, big_bytes=20_000_000)
    out = tmp_path / "report.json"
    argv = ["scan", str(tree), "--no-cache", "--format", "json", "-o", str(out)]
    completed = run([sys.executable, "-c", MEASURED_SCAN, *argv], cwd=tmp_path)
    findings = scan_json(completed, out)
    unscannable = {
        str(f["file"]): str(f["message"])
        for f in findings
        if f["id"] == "django_chained.I004"
    }
    assert "FIFO (named pipe), not a regular file" in unscannable["app/pipe.py"]
    assert (
        "FIFO (named pipe), not a regular file"
        in unscannable["app/templates/page.html"]
    )
    assert any("character device" in message for message in unscannable.values())
    assert "over CHAINED_SCAN_MAX_BYTES" in unscannable["app/settings.py"]
    assert "over CHAINED_SCAN_MAX_BYTES" in unscannable["app/models.py"]
    assert "django_chained.W301" in {
        f["id"] for f in findings
    }  # the rest of the tree was scanned
    # A 20 MB module parsed would take well over a gigabyte; refused unread, the scan stays small.
    peak_kib = int(completed.stderr.strip().splitlines()[-1])
    assert 10 * 1024 < peak_kib < 400 * 1024


def test_check_deploy_reports_special_files_and_goes_on(tmp_path):
    tree = special_tree(tmp_path, big_bytes=2_000)
    project = tmp_path / "project"
    project.mkdir()
    (project / "site_settings.py").write_text(
        textwrap.dedent(
            f"""\
            SECRET_KEY = "k" * 60
            INSTALLED_APPS = ["django_chained"]
            ROOT_URLCONF = "site_settings"
            urlpatterns = []
            CHAINED_SCAN_PATHS = [{str(tree)!r}]
            CHAINED_SCAN_MAX_BYTES = 1_000
            CHAINED_CACHE_DIR = {str(tmp_path / "cache")!r}
            """
        )
    )
    completed = run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        cwd=project,
        DJANGO_SETTINGS_MODULE="site_settings",
        PYTHONPATH=str(project),
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert output.count("not a regular file") == 3
    assert output.count("over CHAINED_SCAN_MAX_BYTES (1000)") == 2
    assert "special/app/views.py:5" in output
