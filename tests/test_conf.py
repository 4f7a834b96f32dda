from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import override_settings

import django_chained
from django_chained.conf import SPECS, Settings, conf, read
from django_chained.sourcetree.settings_reader import StaticSettings


def test_star_import_gives_every_exported_name():
    """``__all__`` re-exports SettingsLike, which the check modules import from here."""
    namespace: dict[str, object] = {}
    exec("from django_chained.conf import *", namespace)
    assert {"SPECS", "Settings", "SettingsLike", "conf", "read"} <= namespace.keys()


@pytest.mark.parametrize("name", sorted(SPECS))
def test_default_when_unset(name):
    assert getattr(conf, name) == SPECS[name].default


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_setting_has_a_typed_property(name):
    assert isinstance(type(conf).__dict__[name], property)


def test_valid_value_is_read_lazily():
    with override_settings(CHAINED_HSTS_MIN_SECONDS=600):
        assert conf.CHAINED_HSTS_MIN_SECONDS == 600
    assert conf.CHAINED_HSTS_MIN_SECONDS == 31_536_000


def test_invalid_value_reads_as_default_instead_of_raising():
    with override_settings(CHAINED_SECURE_ALL_COOKIES="yes", CHAINED_SCAN_PATHS="src"):
        assert conf.CHAINED_SECURE_ALL_COOKIES is True
        assert conf.CHAINED_SCAN_PATHS == ()


def test_read_takes_any_settings_like_source_with_the_same_fallbacks():
    """The static scanner's stand-in for ``settings`` gets the defaults ``conf`` applies."""
    source = StaticSettings(
        path=Path("settings.py"),
        values={"CHAINED_HSTS_MIN_SECONDS": 600, "CHAINED_SECURE_ALL_COOKIES": "yes"},
    )
    assert read("CHAINED_HSTS_MIN_SECONDS", source) == 600
    assert read("CHAINED_SECURE_ALL_COOKIES", source) is True
    assert read("CHAINED_TLS_TERMINATED_UPSTREAM", source) is False


def test_settings_of_a_static_source_are_typed_and_validated():
    source = StaticSettings(
        path=Path("settings.py"),
        values={
            "CHAINED_EOL_WARNING_DAYS": "ninety",
            "CHAINED_ACCEPTED_RISKS": {"ID": 5},
            "CHAINED_SCAN_PATHS": [Path("/srv/legacy")],
            "CHAINED_OWNER_MODELS": ["app.Note"],
        },
    )
    chained = Settings(source)
    assert chained.CHAINED_EOL_WARNING_DAYS == 90
    assert chained.CHAINED_ACCEPTED_RISKS == {}
    assert chained.CHAINED_SCAN_PATHS == ("/srv/legacy",)
    assert chained.CHAINED_OWNER_MODELS == ["app.Note"]


def _raw_chained_reads(tree):
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"getattr", "hasattr"}
        and len(node.args) == 3
        and isinstance(node.args[1], ast.Constant)
        and str(node.args[1].value).startswith("CHAINED_")
    ]


def test_raw_read_finder_finds_one():
    assert _raw_chained_reads(ast.parse("getattr(s, 'CHAINED_X', 90)")) == [1]


def test_no_chained_setting_is_read_with_a_copied_default():
    """``conf.read`` is the one way in: a ``getattr`` default next to it drifts and skips validation."""
    package = Path(django_chained.__file__).parent
    found = {
        str(path.relative_to(package)): lines
        for path in package.rglob("*.py")
        if (lines := _raw_chained_reads(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_path_settings_accept_pathlib_paths_and_read_them_as_str():
    """``BASE_DIR / "x"`` is how startproject's settings spell paths."""
    base = Path("/srv/site")
    with override_settings(
        CHAINED_SCAN_PATHS=[base / "legacy", "scripts"],
        CHAINED_SCAN_EXCLUDE=(base / "vendor", "*/fixtures/*"),
        CHAINED_ADVISORY_PATHS=[base / "osv"],
        CHAINED_CACHE_DIR=base / ".cache",
    ):
        assert conf.CHAINED_SCAN_PATHS == ("/srv/site/legacy", "scripts")
        assert conf.CHAINED_SCAN_EXCLUDE == ("/srv/site/vendor", "*/fixtures/*")
        assert conf.CHAINED_ADVISORY_PATHS == ("/srv/site/osv",)
        assert conf.CHAINED_CACHE_DIR == "/srv/site/.cache"


def test_bytes_paths_are_refused_and_read_as_default():
    with override_settings(
        CHAINED_CACHE_DIR=b"/srv",
        CHAINED_SCAN_PATHS=[b"/srv"],
    ):
        assert conf.CHAINED_CACHE_DIR is None
        assert conf.CHAINED_SCAN_PATHS == ()
