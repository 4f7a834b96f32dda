"""``django-chained scan PATH``: the standalone scan, its formats and exit codes, and parity with ``check``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest

from django_chained.cli import main

ROOT = Path(__file__).resolve().parent.parent
TESTPROJECT = ROOT / "testproject"
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-2.1.0-subset.schema.json").read_text()
)
VIEW = """\
from django.db import connection


def search(request):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM t WHERE name = '{request.GET['q']}'")
"""


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "views.py").write_text(VIEW)
    return tmp_path


@pytest.fixture(scope="module")
def demo_scan(tmp_path_factory):
    """The JSON report of ``scan testproject``, in a clean interpreter with no Django settings."""
    out = tmp_path_factory.mktemp("scan") / "scan.json"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    completed = subprocess.run(
        [sys.executable, "-m", "django_chained", "scan", str(TESTPROJECT), "--no-cache", "--format", "json", "-o", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path_factory.getbasetemp(), timeout=300, check=False,
    )  # fmt: skip
    # Vulnerable by design: its warnings fail the run.
    assert completed.returncode == 1, completed.stderr
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def demo_check(tmp_path_factory):
    """The JSON report of ``manage.py chained_report --deploy`` on the demo settings."""
    folder = tmp_path_factory.mktemp("check")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "testproject.settings",
        "TESTPROJECT_DB": str(folder / "db.sqlite3"),
        "CHAINED_CACHE_DIR": str(folder / "cache"),
        "PYTHONWARNINGS": "ignore",
    }
    out = folder / "check.json"
    completed = subprocess.run(
        [sys.executable, str(TESTPROJECT / "manage.py"), "chained_report", "--deploy", "--format", "json", "-o", str(out)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stderr
    return json.loads(out.read_text())


#: Inside Django these name the route only (the URL patterns do not know their line); the scan adds it.
ROUTE_IDS = {"django_chained.W603", "django_chained.W604"}
#: Only inside Django: installed distributions matched against OSV files (placed at the advisory file).
ENVIRONMENT_IDS = {"django_chained.W707"}


def placed(report, *, skip_settings=True):
    """(ID, file, line) of django-chained findings that have a place in code or templates."""
    return sorted(
        (f["id"], f["file"], f["line"])
        for f in report["findings"]
        if f["id"].startswith("django_chained.")
        and f["id"] not in ROUTE_IDS | ENVIRONMENT_IDS
        and f["file"]
        and not (skip_settings and f["file"].startswith("testproject/settings"))
    )


def routed(report):
    """(ID, route) of the findings about URL patterns routed to django.views.static.serve."""
    return sorted(
        (f["id"], f["obj"]) for f in report["findings"] if f["id"] in ROUTE_IDS
    )


def test_scan_gives_the_same_code_and_template_findings_as_check_deploy(
    demo_scan, demo_check
):
    assert placed(demo_scan) == placed(demo_check)
    assert len(placed(demo_scan)) >= 20


def test_scan_places_settings_level_findings_where_check_deploy_does(
    demo_scan, demo_check
):
    def settings_level(report):
        return sorted(
            (f["id"], f["file"], f["line"] or 1, f["fingerprint"])
            for f in report["findings"]
            if f["obj"] is None and f["file"] == "testproject/settings.py"
        )

    # The scan leaves a finding naming no assigned setting at the module; chained_report at line 1.
    # The scan skips rules reading settings computed at run time (DEBUG from the environment).
    assert set(settings_level(demo_scan)) <= set(settings_level(demo_check))
    assert len(settings_level(demo_scan)) >= 8


def test_scan_gives_the_same_served_media_routes_as_check_deploy(demo_scan, demo_check):
    assert (
        routed(demo_scan)
        == routed(demo_check)
        == [("django_chained.W604", "insecure/^media/(?P<path>.*)$")]
    )
    (w604,) = [f for f in demo_scan["findings"] if f["id"] in ROUTE_IDS]
    assert (w604["file"], w604["line"]) == ("insecure/urls.py", 23)


def test_scan_of_testproject_finds_every_concern_but_versions(demo_scan):
    concerns = {f["concern"] for f in demo_scan["findings"]}
    assert {1, 2, 3, 4, 5, 6} <= concerns


def test_scan_reads_settings_statically(demo_scan):
    by_id = {(f["id"], f["file"]) for f in demo_scan["findings"]}
    assert ("django_chained.W110", "testproject/settings.py") in by_id
    assert ("security.W012", "testproject/settings.py") in by_id
    assert not any(
        f["file"] == "testproject/settings_hardened.py" for f in demo_scan["findings"]
    )


def test_scan_finds_code_without_settings(tree, capsys):
    code, out, err = run(["scan", str(tree), "--no-cache"], capsys)
    assert code == 1 and err == ""
    assert "django_chained.W401 WARNING app/views.py:6" in out
    assert "Note: No settings module found" in out


def test_a_new_warning_fails_by_default_and_says_how_to_accept_it(tree, capsys):
    code, out, _ = run(["scan", str(tree), "--no-cache"], capsys)
    assert code == 1
    assert out.splitlines()[-1] == (
        "FAILED: 1 new finding at or above WARNING (django_chained.W401). Fix, or accept each with a reason "
        "(CHAINED_ACCEPTED_RISKS, or '# chained: ignore[ID] reason' on its line), or baseline them "
        "(--format json --output baseline.json, then --baseline baseline.json)."
    )


@pytest.mark.parametrize(
    ("given", "code"), [("error", 0), ("Error", 0), ("warning", 1), ("info", 1)]
)
def test_fail_level_in_any_case_sets_the_exit_code(tree, capsys, given, code):
    assert (
        run(["scan", str(tree), "--no-cache", "--fail-level", given], capsys)[0] == code
    )


def test_unparseable_python_reported_and_skipped(tree, capsys):
    (tree / "app" / "legacy.py").write_text("print 'python 2'\n")
    code, out, _ = run(["scan", str(tree), "--no-cache"], capsys)
    assert code == 1
    assert "django_chained.I004 INFO app/legacy.py:1" in out
    assert "django_chained.W401" in out


def test_symlink_loop_reported_and_skipped(tree, capsys):
    (tree / "app" / "self.py").symlink_to("self.py")
    (tree / "requirements.txt").write_text("-r loop.txt\n")
    (tree / "loop.txt").symlink_to("loop.txt")
    code, out, err = run(["scan", str(tree), "--no-cache"], capsys)
    assert code == 1 and err == ""
    assert "django_chained.I004 INFO app/self.py:1" in out
    assert "django_chained.W401" in out


def test_a_missing_path_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(["scan", str(tmp_path / "absent")], capsys)
    assert (code, err) == (
        2,
        f"django-chained: {tmp_path / 'absent'} does not exist.\n",
    )


def test_unwritable_output_is_a_usage_error(tree, capsys):
    code, _, err = run(
        ["scan", str(tree), "--no-cache", "-o", str(tree / "absent" / "r.txt")], capsys
    )
    assert code == 2 and "cannot write --output" in err


def test_bad_baseline_is_a_usage_error(tree, capsys):
    (tree / "base.json").write_text("{}")
    code, _, err = run(
        ["scan", str(tree), "--baseline", str(tree / "base.json")], capsys
    )
    assert code == 2 and "not a django-chained JSON report" in err


def test_unknown_option_is_a_usage_error(tree, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["scan", str(tree), "--format", "xml"])
    assert raised.value.code == 2


def test_baseline_accepts_known_findings_only(tree, capsys):
    baseline = tree / "baseline.json"
    strict = ["scan", str(tree), "--no-cache", "--fail-level", "WARNING"]
    assert run([*strict, "--format", "json", "-o", str(baseline)], capsys)[0] == 1
    # The finding moves two lines down: still the baseline's.
    (tree / "app" / "views.py").write_text("\n\n" + VIEW)
    assert run([*strict, "--baseline", str(baseline)], capsys)[0] == 0
    (tree / "app" / "more.py").write_text(VIEW)
    code, out, _ = run([*strict, "--baseline", str(baseline)], capsys)
    assert code == 1 and "FAILED: 1 new finding at or above WARNING (" in out


def test_sarif_output_valid_with_locations(tree, capsys):
    out = tree / "report.sarif"
    assert (
        run(
            ["scan", str(tree), "--no-cache", "--format", "sarif", "-o", str(out)],
            capsys,
        )[1]
        == ""
    )
    data = json.loads(out.read_text())
    jsonschema.Draft7Validator(SCHEMA).validate(data)
    result = data["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 6},
    }  # fmt: skip


def test_accepted_risks_read_from_settings(tree, capsys):
    (tree / "settings.py").write_text(
        textwrap.dedent("""\
        INSTALLED_APPS = ["app"]
        CHAINED_ACCEPTED_RISKS = {
            "django_chained.W401": {"app/views.py": "table name is a constant"},
            "django_chained.W301": {"app.views.gone": "stale"},
            "django_chained.E180": {"https://example.com": "only the live probe can tell"},
            "security.W004": {"settings.py": "HSTS set by the proxy"},
        }
    """)
    )
    code, out, _ = run(
        ["scan", str(tree), "--no-cache", "--fail-level", "WARNING"], capsys
    )
    assert (
        "Accepted risks: 1\n  django_chained.W401 app/views.py:6: table name is a constant"
        in out
    )
    assert "django_chained.W010 WARNING app.views.gone" in out
    assert out.count("W010 WARNING") == 1
    assert code == 1


def test_served_media_route_accepted_by_its_route_as_inside_django(tree, capsys):
    (tree / "settings.py").write_text(
        textwrap.dedent("""\
        DEBUG = True
        INSTALLED_APPS = ["app"]
        ROOT_URLCONF = "app.urls"
        MEDIA_URL = "/media/"
        CHAINED_ACCEPTED_RISKS = {
            "django_chained.W604": {"^media/(?P<path>.*)$": "development only"},
        }
    """)
    )
    (tree / "app" / "urls.py").write_text(
        "from django.conf import settings\n"
        "from django.conf.urls.static import static\n"
        "from django.urls import path\n\n"
        "urlpatterns = static(settings.MEDIA_URL)\n"
    )
    code, out, _ = run(["scan", str(tree), "--no-cache"], capsys)
    assert "django_chained.W604 ^media/(?P<path>.*)$: development only" in out
    assert "W010" not in out


def test_settings_level_finding_accepted_with_the_empty_key_as_inside_django(
    tree, capsys
):
    (tree / "settings.py").write_text(
        textwrap.dedent("""\
        INSTALLED_APPS = ["app"]
        MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
        CHAINED_ACCEPTED_RISKS = {"security.W004": {"": "HSTS set by the proxy"}}
    """)
    )
    code, out, _ = run(["scan", str(tree), "--no-cache"], capsys)
    assert "security.W004: HSTS set by the proxy" in out
    assert "security.W004 WARNING" not in out and "W010" not in out


def test_settings_option_picks_the_module(tree, capsys):
    (tree / "conf").mkdir()
    (tree / "conf" / "prod.py").write_text(
        "CSRF_TRUSTED_ORIGINS = ['http://x.example']\n"
    )
    (tree / "settings.py").write_text("INSTALLED_APPS = []\n")
    _, out, _ = run(
        ["scan", str(tree), "--no-cache", "--settings", "conf/prod.py"], capsys
    )
    assert "django_chained.W110 WARNING conf/prod.py:1" in out


def test_exclude_and_cache_dir(tree, capsys, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    _, out, _ = run(
        ["scan", str(tree), "--cache-dir", str(cache), "--exclude", "views.py"], capsys
    )
    assert "W401" not in out
    run(["scan", str(tree), "--cache-dir", str(cache)], capsys)
    assert any(cache.iterdir())


def test_colour_only_when_forced_or_on_a_terminal(tree, capsys):
    assert "\x1b[" not in run(["scan", str(tree), "--no-cache"], capsys)[1]
    assert "\x1b[" in run(["scan", str(tree), "--no-cache", "--force-color"], capsys)[1]


def test_progress_only_on_a_terminal(tree, monkeypatch):
    from django_chained import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    args = cli.build_parser().parse_args(
        ["scan", str(tree), "--no-cache", "--no-color"]
    )
    stdout, stderr = Terminal(), Terminal()
    assert cli.scan(args, stdout, stderr) == 1
    assert (
        "django-chained: scanning 2 Python files and 0 templates" in stderr.getvalue()
    )
    assert "\x1b[" not in stdout.getvalue()


def test_console_script_declared():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"django-chained": "django_chained.program:run"}


def test_package_has_no_folder_collectstatic_would_publish():
    assert not (ROOT / "django_chained" / "static").exists()


def test_settings_modules_sharing_a_base_report_its_line_once(tree, capsys):
    settings = tree / "site" / "settings"
    settings.mkdir(parents=True)
    (settings / "__init__.py").write_text("")
    (settings / "base.py").write_text(
        "INSTALLED_APPS = []\nSECRET_KEY = 'short'\nDEBUG = False\n"
    )
    (settings / "dev.py").write_text("from .base import *\nDEBUG = True\n")
    (settings / "production.py").write_text("from .base import *\n")
    _, out, _ = run(["scan", str(tree), "--no-cache", "--format", "json"], capsys)
    findings = json.loads(out)["findings"]
    placed = [(f["id"], f["file"], f["line"]) for f in findings]
    assert placed.count(("security.W009", "site/settings/base.py", 2)) == 1
    # The base is judged through production.py, and dev.py is no deployment: one module, one W001.
    assert [f["file"] for f in findings if f["id"] == "security.W001"] == [
        "site/settings/production.py"
    ]


def test_version_option_prints_the_installed_version(capsys):
    from django_chained.cli import build_parser

    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("django-chained ")


LOADED_AFTER_SCAN = """\
import sys
from django_chained.cli import main
main(["scan", sys.argv[1], "--no-cache", "--format", "json", "-o", sys.argv[2]])
print("\\n".join(sorted(sys.modules)))
"""
#: What Django's own template tag libraries load (the template rules need their tag names); on
#: Django 6 they import ``django.http`` and models themselves.
LOADED_BY_TEMPLATE_TAGS = """\
import sys
from django.conf import settings
settings.configure()
from django.template import defaulttags, loader_tags
from django.templatetags import cache, i18n, l10n, static, tz
print("\\n".join(sorted(sys.modules)))
"""


def _loaded(code: str, *args: str, cwd: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=True,
    )  # fmt: skip
    return set(completed.stdout.split())


@pytest.mark.parametrize("with_settings", [False, True])
def test_a_scan_imports_no_url_resolver_model_or_check_registry(
    tree, tmp_path, with_settings
):
    # Start-up is most of a small scan: Django's URL resolvers, HTTP and models, our apps' live checks
    # and the management commands' machinery have no part in reading a tree; nor have they in
    # running the settings rules on a settings module (SECURE_SSL_HOST is read with Django's own
    # host parser, imported only then).
    if with_settings:
        (tree / "app" / "settings.py").write_text(
            "DEBUG = False\nSECRET_KEY = 'x' * 60\nINSTALLED_APPS = []\nMIDDLEWARE = []\n"
            "ROOT_URLCONF = 'app.urls'\nALLOWED_HOSTS = ['example.com']\n"
        )
    loaded = _loaded(
        LOADED_AFTER_SCAN, str(tree), str(tmp_path / "out.json"), cwd=tmp_path
    )
    assert "django_chained.scan.engine" in loaded  # the scan did run
    assert json.loads((tmp_path / "out.json").read_text())["findings"]
    unwanted = {
        "django.urls",
        "django.http",
        "django.db.models",
        "django.contrib.auth",
        "django_chained.checks.authorization",
        "django_chained.checks.csrf_views",
        "django_chained.urlwalk",
    }
    ours = loaded - _loaded(LOADED_BY_TEMPLATE_TAGS, cwd=tmp_path)
    assert ours & unwanted == set()


def test_the_program_runs_without_the_cyclic_collector(tree, monkeypatch):
    """Run as a program, the scan starts with the collector off and freezes what is left, so the
    interpreter's last collection walks nothing; ``main`` called from Python touches neither."""
    import gc

    from django_chained.program import run

    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(
        sys, "argv", ["django-chained", "scan", str(tree), "--no-cache"]
    )
    assert run(leave=False) == 1
    assert calls[0] == "disable"  # before anything is imported
    assert calls[-1] == "freeze" and calls.count("freeze") == 1
    calls.clear()
    assert main(["scan", str(tree), "--no-cache"]) == 1
    assert "freeze" not in calls
    monkeypatch.setattr(sys, "argv", ["django-chained", "scan", "/no/such/folder"])
    assert run(leave=False) == 2
    assert calls[-1] == "freeze"


@pytest.mark.parametrize("output", ["stdout", "file"])
def test_the_program_leaves_with_its_status_and_all_it_wrote(tree, tmp_path, output):
    """It ends without the interpreter's teardown: the report must still be whole and the status kept."""
    target = ["-o", str(tmp_path / "out.json")] if output == "file" else []
    # Buffered streams, as a terminal-less run has them: what is not flushed would be lost.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONUNBUFFERED"}
    }
    completed = subprocess.run(
        [sys.executable, "-m", "django_chained", "scan", str(tree), "--no-cache", "--format", "json", *target],
        capture_output=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert completed.returncode == 1
    written = (
        completed.stdout if output == "stdout" else (tmp_path / "out.json").read_bytes()
    )
    assert json.loads(written)["findings"]
    missing = subprocess.run(
        [sys.executable, "-m", "django_chained", "scan", str(tmp_path / "absent")],
        capture_output=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert missing.returncode == 2
    assert b"does not exist" in missing.stderr
