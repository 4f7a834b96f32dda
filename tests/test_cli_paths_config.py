"""``django-chained scan [PATH ...]``: files and folders, ``[tool.django-chained]``, and what the settings leave out."""

from __future__ import annotations

import json
import textwrap

import pytest

from django_chained.cli import main

VIEW = """\
from django.db import connection


def search(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM t WHERE name = '{request.GET['q']}'")
"""


def run(argv, capsys):
    code = main([*argv, "--no-cache"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def findings(argv, capsys):
    code, out, err = run([*argv, "--format", "json"], capsys)
    assert err == ""
    return code, sorted((f["id"], f["file"]) for f in json.loads(out)["findings"])


@pytest.fixture
def project(tmp_path):
    """Two apps with the same SQL injection, and a settings module."""
    for app in ("shop", "blog"):
        (tmp_path / app / "templates").mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "views.py").write_text(VIEW)
        (tmp_path / app / "templates" / "page.html").write_text("{{ body|safe }}\n")
    (tmp_path / "settings.py").write_text("INSTALLED_APPS = ['shop', 'blog']\n")
    return tmp_path


def pyproject(root, table):
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'site'\n\n[tool.django-chained]\n" + textwrap.dedent(table)
    )


W401 = "django_chained.W401"


def test_a_file_path_reports_that_file_only(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    code, found = findings(["scan", "shop/views.py"], capsys)
    assert code == 1
    assert found == [(W401, "shop/views.py")]


def test_files_and_folders_together(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    _, found = findings(["scan", "shop/views.py", "blog/templates"], capsys)
    assert found == [
        ("django_chained.I333", "blog/templates/page.html"),
        (W401, "shop/views.py"),
    ]


def test_default_path_is_the_current_directory(project, capsys, monkeypatch):
    monkeypatch.chdir(project)
    _, found = findings(["scan"], capsys)
    assert (W401, "blog/views.py") in found and (W401, "shop/views.py") in found


def test_settings_of_the_whole_project_judge_a_file_given_alone(
    project, capsys, monkeypatch
):
    (project / "settings.py").write_text(
        textwrap.dedent("""\
        INSTALLED_APPS = ["shop", "blog"]
        CHAINED_ACCEPTED_RISKS = {
            "django_chained.W401": {"shop/views.py": "constant table", "blog/views.py": "also"},
        }
    """)
    )
    monkeypatch.chdir(project)
    code, out, _ = run(["scan", "shop/views.py"], capsys)
    assert "django_chained.W401 shop/views.py:6: constant table" in out
    # The blog entry matches a file not given: not stale.
    assert "W010" not in out and code == 0


def test_config_found_upwards_sets_root_fail_level_and_exclusions(project, capsys):
    pyproject(project, 'fail-level = "error"\nexclude = ["blog"]\n')
    code, out, _ = run(["scan", str(project / "shop")], capsys)
    assert code == 0 and "OK: no new finding at or above ERROR." in out
    assert "shop/views.py:6" in out and "blog/" not in out
    assert (
        run(["scan", str(project / "shop"), "--fail-level", "warning"], capsys)[0] == 1
    )


def test_config_settings_as_dotted_module_or_file(project, capsys):
    (project / "conf").mkdir()
    (project / "conf" / "__init__.py").write_text("")
    (project / "conf" / "prod.py").write_text(
        "CSRF_TRUSTED_ORIGINS = ['http://x.example']\n"
    )
    for given in ('"conf.prod"', '["conf/prod.py"]'):
        pyproject(project, f"settings = {given}\n")
        _, found = findings(["scan", str(project)], capsys)
        assert ("django_chained.W110", "conf/prod.py") in found, given


def test_config_baseline_and_accepted_risks_files(project, capsys):
    pyproject(project, 'baseline = "baseline.json"\naccepted-risks = "risks.toml"\n')
    (project / "risks.toml").write_text(
        '["django_chained.I333"]\n"blog/templates/page.html" = "escaped on save"\n'
    )
    # The configured baseline does not exist yet: every finding is new, and the run says so.
    baseline = project / "baseline.json"
    code, out, _ = run(
        ["scan", str(project), "--format", "json", "-o", str(baseline)], capsys
    )
    assert code == 1 and out == ""
    assert json.loads(baseline.read_text())["notes"][0] == (
        "The configured baseline baseline.json does not exist yet: every finding is new."
    )
    (project / "shop" / "more.py").write_text(VIEW)
    code, out, _ = run(["scan", str(project)], capsys)
    assert "django_chained.I333 blog/templates/page.html:1: escaped on save" in out
    assert "django_chained.W401 WARNING (3 places)\n" in out
    assert "      shop/more.py:6\n      shop/views.py:6 (in baseline)\n" in out
    assert (
        code == 1
        and "FAILED: 1 new finding at or above WARNING (django_chained.W401)" in out
    )


def test_accepted_risks_file_in_json(project, capsys):
    pyproject(project, 'accepted-risks = "risks.json"\n')
    (project / "risks.json").write_text(
        json.dumps({W401: {"shop/views.py": "constant"}})
    )
    _, found = findings(["scan", str(project / "shop")], capsys)
    assert W401 not in {i for i, _ in found}


def test_unknown_key_is_w003_at_its_line(project, capsys):
    pyproject(project, 'fail-level = "error"\nexclud = ["blog"]\n')
    code, out, _ = run(["scan", str(project), "--format", "json"], capsys)
    (w003,) = [
        f for f in json.loads(out)["findings"] if f["id"] == "django_chained.W003"
    ]
    assert (w003["file"], w003["line"]) == ("pyproject.toml", 6)
    assert (
        w003["message"]
        == "exclud in [tool.django-chained] is not a django-chained setting."
    )
    assert w003["hint"] == "Did you mean exclude?"
    assert code == 0  # a warning, below the configured ERROR


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('fail-level = "loud"', "fail-level must be one of"),
        ("exclude = 3", "exclude must be a list of globs, not 3"),
        ("settings = [1]", "settings must be a settings file or dotted module"),
        ("baseline = 2", "baseline must be a file name"),
        ('settings = "conf.absent"', "settings 'conf.absent': no such file"),
        ('accepted-risks = "absent.toml"', "cannot read accepted risks"),
        ('accepted-risks = "bad.toml"', "accepted risks must map each check ID"),
        ("[oops", "cannot read"),
    ],
)
def test_bad_configuration_is_a_usage_error(project, capsys, table, message):
    (project / "bad.toml").write_text('"django_chained.W401" = "no object"\n')
    pyproject(project, table + "\n")
    code, out, err = run(["scan", str(project)], capsys)
    assert (code, out) == (2, "")
    assert (
        err.startswith("django-chained: ") and message in err and "Traceback" not in err
    )


def test_another_tools_broken_pyproject_is_not_ours_to_judge(project, capsys):
    (project / "pyproject.toml").write_text("[tool.black\n")
    assert run(["scan", str(project)], capsys)[0] == 1


def test_settings_silence_ids_and_exclude_files_as_for_check(project, capsys):
    (project / "settings.py").write_text(
        textwrap.dedent("""\
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent
        INSTALLED_APPS = ["shop", "blog"]
        SILENCED_SYSTEM_CHECKS = ["django_chained.W330"]
        CHAINED_SCAN_EXCLUDE = [BASE_DIR / "blog", "*/shop/legacy*"]
    """)
    )
    (project / "shop" / "legacy_views.py").write_text(VIEW)
    _, found = findings(["scan", str(project)], capsys)
    assert [f for f in found if f[0] in {W401, "django_chained.W330"}] == [
        (W401, "shop/views.py")
    ]


def test_an_empty_folder_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("nothing\n")
    code, out, err = run(["scan", str(tmp_path / "empty")], capsys)
    assert (code, out) == (2, "")
    assert (
        err
        == f"django-chained: {tmp_path / 'empty'} holds no Python file or template.\n"
    )


def test_a_folder_with_only_excluded_files_is_a_usage_error(
    project, capsys, monkeypatch
):
    pyproject(project, "")
    monkeypatch.chdir(project)
    code, _, err = run(["scan", "blog", "--exclude", "blog"], capsys)
    assert (
        code == 2
        and "blog holds no Python file or template that is not excluded" in err
    )


def test_a_file_neither_python_nor_template_is_a_usage_error(
    project, capsys, monkeypatch
):
    (project / "notes.txt").write_text("hello\n")
    monkeypatch.chdir(project)
    code, _, err = run(["scan", "notes.txt"], capsys)
    assert code == 2 and "notes.txt is neither a Python file nor a template" in err


def test_an_excluded_file_given_is_skipped_quietly(project, capsys, monkeypatch):
    """pre-commit passes every changed file: excluded ones must not fail the hook."""
    pyproject(project, 'exclude = ["shop/*"]\n')
    monkeypatch.chdir(project)
    code, out, _ = run(["scan", "shop/views.py"], capsys)
    assert code == 0 and "W401" not in out


def test_a_path_outside_the_configured_project_is_a_usage_error(
    project, tmp_path_factory, capsys
):
    pyproject(project, "")
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "views.py"
    elsewhere.write_text(VIEW)
    code, _, err = run(["scan", str(project), str(elsewhere)], capsys)
    assert code == 2 and "is outside the project root" in err


def test_a_settings_module_outside_the_project_is_read(
    project, tmp_path_factory, capsys
):
    outside = tmp_path_factory.mktemp("conf") / "prod.py"
    outside.write_text(
        "INSTALLED_APPS = []\nSILENCED_SYSTEM_CHECKS = ['django_chained.W401']\n"
    )
    code, out, err = run(["scan", str(project), "--settings", str(outside)], capsys)
    assert err == "" and "W401" not in out
