"""project_scan(): one scan per check run, cache directory from CHAINED_CACHE_DIR."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from django_chained.scan import engine, project
from django_chained.scan.cache import default_cache_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


@pytest.fixture
def only_fixtures(tmp_path):
    """Scan just a copy of one fixture file (the tests app itself excluded)."""
    copy = tmp_path / "sql_positive.py"
    copy.write_bytes((FIXTURES / "sql_positive.py").read_bytes())
    with override_settings(
        CHAINED_SCAN_EXCLUDE=[str(FIXTURES.parent.parent)],
        CHAINED_SCAN_PATHS=[str(copy)],
    ):
        yield copy


def test_cache_dir_none_disables_the_disk_cache():
    assert settings.CHAINED_CACHE_DIR is None
    assert project.cache_dir_setting() is None


def test_cache_dir_unset_is_the_per_user_default():
    with override_settings():
        del settings.CHAINED_CACHE_DIR
        assert project.cache_dir_setting() == default_cache_dir()


@override_settings(CHAINED_CACHE_DIR="~/somewhere")
def test_cache_dir_path_is_expanded():
    assert project.cache_dir_setting() == Path("~/somewhere").expanduser()


def test_one_scan_while_nothing_changes(only_fixtures):
    first = project.project_scan()
    assert project.project_scan() is first
    assert {f.path for f in first.findings} == {str(only_fixtures)}


def test_rescan_when_settings_change(only_fixtures):
    first = project.project_scan()
    with override_settings(CHAINED_SCAN_MAX_BYTES=10):
        second = project.project_scan()
    assert second is not first
    assert second.problems


def test_rescan_when_a_file_changes(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "from django.utils.safestring import mark_safe\n", encoding="utf-8"
    )
    with override_settings(CHAINED_SCAN_PATHS=[str(source)]):
        first = project.project_scan()
        source.write_text(
            "from django.utils.safestring import mark_safe\nmark_safe(x)\n",
            encoding="utf-8",
        )
        second = project.project_scan()
    assert second is not first
    assert any(f.path.endswith("views.py") for f in second.findings)


def test_disk_cache_used_when_configured(only_fixtures, tmp_path):
    with override_settings(CHAINED_CACHE_DIR=str(tmp_path)):
        project.project_scan()
    assert list(tmp_path.glob("scan-*.json"))


def test_scan_messages_filter_by_concern(only_fixtures):
    messages = project.scan_messages(4)
    assert messages
    assert {(m.id or "")[-3] for m in messages} == {"4"}
    assert project.scan_messages(3) == []


def test_one_check_run_scans_once_whichever_concerns_ask(only_fixtures, monkeypatch):
    from django.core.checks import run_checks

    from django_chained.checks.registry import TAG

    scans = []
    real_scan = engine.scan_paths
    monkeypatch.setattr(project, "_last", None)

    def counted_scan(*args, **kwargs):
        scans.append(args)
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(project, "scan_paths", counted_scan)
    messages = run_checks(tags=[TAG], include_deployment_checks=True)
    assert len(scans) == 1
    assert any(m.id == "django_chained.W401" for m in messages)
