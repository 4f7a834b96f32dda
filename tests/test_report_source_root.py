"""``--root``: SARIF locations relative to the repository root, text and JSON relative to the project."""

from __future__ import annotations

import argparse
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.checks import Warning
from django.core.management import call_command
from django.test import override_settings

from django_chained.cli import main
from django_chained.report import build_report, sarif_dict
from django_chained.report.source_root import (
    directory,
    project_root,
    repository_root,
    source_root,
)

VIEW = (
    "def search(request, cursor):\n    cursor.execute(f\"SELECT {request.GET['q']}\")\n"
)


@pytest.fixture
def repo(tmp_path):
    """A git checkout whose Django project lives in ``site/``."""
    (tmp_path / ".git").mkdir()
    app = tmp_path / "site" / "app"
    app.mkdir(parents=True)
    (app / "__init__.py").touch()
    (app / "views.py").write_text(VIEW)
    return tmp_path


def test_directory_type_accepts_only_directories(tmp_path):
    assert directory(str(tmp_path)) == tmp_path
    with pytest.raises(argparse.ArgumentTypeError, match="is not a directory"):
        directory(str(tmp_path / "absent"))


def test_repository_root_walks_up_to_git(repo):
    assert repository_root(repo / "site" / "app") == repo.resolve()
    assert repository_root(repo) == repo.resolve()


def test_repository_root_accepts_a_worktree_git_file(tmp_path):
    (tmp_path / ".git").write_text("gitdir: /elsewhere/.git/worktrees/x\n")
    (tmp_path / "site").mkdir()
    assert repository_root(tmp_path / "site") == tmp_path.resolve()


def test_repository_root_none_outside_a_checkout(tmp_path):
    assert repository_root(tmp_path) is None


def test_source_root_given_else_repository_else_project(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    assert source_root(elsewhere, repo / "site") == elsewhere.resolve()
    assert source_root(None, repo / "site") == repo.resolve()
    assert source_root(None, elsewhere) == elsewhere.resolve()
    assert source_root(None, None) is None


def test_project_root_is_base_dir_else_the_working_directory(tmp_path, monkeypatch):
    with override_settings(BASE_DIR=tmp_path):
        assert project_root() == tmp_path
    monkeypatch.chdir(tmp_path)
    with override_settings(BASE_DIR=None):
        assert project_root() == tmp_path


def _sarif(source: Path | None, obj: str = "app/views.py:2"):
    message = Warning("SQL.", obj=obj, id="django_chained.W401")
    report = build_report([message], root=Path("/repo/site"), source_root=source)
    run = sarif_dict(report)["runs"][0]
    return run["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ], run["originalUriBaseIds"]


def test_sarif_rebases_project_paths_onto_the_source_root():
    location, bases = _sarif(Path("/repo"))
    assert location == {"uri": "site/app/views.py", "uriBaseId": "%SRCROOT%"}
    assert bases == {"%SRCROOT%": {"uri": "file:///repo/"}}


def test_sarif_without_source_root_keeps_project_paths():
    location, bases = _sarif(None)
    assert location == {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"}
    assert bases == {"%SRCROOT%": {"uri": "file:///repo/site/"}}


def test_sarif_file_outside_the_source_root_is_an_absolute_uri():
    location, _ = _sarif(Path("/repo/site/app/templates"))
    assert location == {"uri": "file:///repo/site/app/views.py"}
    location, _ = _sarif(Path("/repo"), obj="/opt/lib/views.py:2")
    assert location == {"uri": "file:///opt/lib/views.py"}
    location, _ = _sarif(Path("/opt"), obj="/opt/lib/views.py:2")
    assert location == {"uri": "lib/views.py", "uriBaseId": "%SRCROOT%"}


def _scan(project: Path, tmp_path: Path, fmt: str, *extra: str):
    out = tmp_path / f"report.{fmt}"
    argv = ["scan", str(project), "--no-cache", "--format", fmt, "-o", str(out)]
    main([*argv, *extra])
    return json.loads(out.read_text())


def test_scan_sarif_is_relative_to_the_git_top_level_json_to_the_project(
    repo, tmp_path_factory
):
    work = tmp_path_factory.mktemp("out")
    sarif = _scan(repo / "site", work, "sarif")["runs"][0]
    (result,) = sarif["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "site/app/views.py"
    assert (
        sarif["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    )
    (finding,) = _scan(repo / "site", work, "json")["findings"]
    assert finding["file"] == "app/views.py"  # baselines made before --root still match


def test_scan_root_option_overrides_the_git_top_level(repo, tmp_path_factory):
    work = tmp_path_factory.mktemp("out")
    run = _scan(repo / "site", work, "sarif", "--root", str(repo / "site"))["runs"][0]
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact["uri"] == "app/views.py"


def test_scan_root_must_be_a_directory(repo, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["scan", str(repo), "--root", str(repo / "absent")])
    assert exited.value.code == 2
    assert "is not a directory" in capsys.readouterr().err


def test_chained_report_sarif_root(tmp_path):
    out = StringIO()
    with override_settings(BASE_DIR=tmp_path / "site"):
        call_command(
            "chained_report", "--format", "sarif", "--root", str(tmp_path), stdout=out
        )
    bases = json.loads(out.getvalue())["runs"][0]["originalUriBaseIds"]
    assert bases == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
