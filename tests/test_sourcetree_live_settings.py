"""Placing ``chained_report``'s settings-level findings in the running settings module's file."""

from __future__ import annotations

import sys
import types

import pytest
from django.test import override_settings

from django_chained.report import Record
from django_chained.sourcetree.live_settings import (
    import_root,
    place_settings_findings,
    settings_module_file,
)

HSTS = Record(
    "security.W004", 30, "You have not set a value for the SECURE_HSTS_SECONDS setting."
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """``proj.settings`` star-importing ``proj.base``, registered as imported."""
    package = tmp_path / "proj"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text("DEBUG = False\n\nSECURE_HSTS_SECONDS = 0\n")
    (package / "settings.py").write_text("from .base import *\n\nSECRET_KEY = 'x'\n")
    module = types.ModuleType("proj.settings")
    module.__file__ = str(package / "settings.py")
    monkeypatch.setitem(sys.modules, "proj.settings", module)
    with override_settings(SETTINGS_MODULE="proj.settings"):
        yield tmp_path


def test_settings_module_file_is_the_imported_module(project):
    assert settings_module_file() == project / "proj" / "settings.py"


def test_no_file_without_an_imported_settings_module():
    with override_settings(SETTINGS_MODULE="not.imported"):
        assert settings_module_file() is None


def test_import_root_is_the_folder_the_package_is_imported_from(tmp_path):
    assert import_root(tmp_path / "proj" / "settings.py", "proj.settings") == tmp_path
    assert (
        import_root(tmp_path / "proj" / "settings" / "__init__.py", "proj.settings")
        == tmp_path
    )
    assert import_root(tmp_path / "settings.py", "settings") == tmp_path


def test_finding_placed_at_the_line_in_a_star_imported_base(project):
    (placed,) = place_settings_findings([HSTS], project)
    assert (placed.file, placed.line, placed.obj) == ("proj/base.py", 3, None)


def test_finding_naming_no_assigned_setting_placed_at_line_one(project):
    loose = Record(
        "security.W008", 30, "Your SECURE_SSL_REDIRECT setting is not set to True."
    )
    (placed,) = place_settings_findings([loose], project)
    assert (placed.file, placed.line) == ("proj/settings.py", 1)


def test_findings_with_an_object_or_a_place_left_alone(project):
    with_object = Record("x.W1", 30, "SECURE_HSTS_SECONDS", obj="app.views.v")
    with_place = Record("x.W2", 30, "SECURE_HSTS_SECONDS", file="a.py", line=4)
    assert place_settings_findings([with_object, with_place], project) == [
        with_object,
        with_place,
    ]


def test_nothing_placed_without_a_settings_file():
    with override_settings(SETTINGS_MODULE="not.imported"):
        assert place_settings_findings([HSTS], None) == [HSTS]


def test_paths_relative_to_the_settings_folder_without_a_root(project):
    (placed,) = place_settings_findings([HSTS], None)
    assert placed.file == "base.py"
