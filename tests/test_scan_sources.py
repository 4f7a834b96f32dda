"""collect_sources(): first-party apps, settings and URLconf files, template folders, scan paths and excludes."""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.test import SimpleTestCase, override_settings

import django_chained
from django_chained.paths import display_path
from django_chained.scan.sources import (
    build_sources,
    collect_sources,
    is_excluded,
    is_first_party,
    walk_files,
)

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "scan"


def absolute(paths):
    return {os.path.abspath(p) for p in paths}


class CollectSourcesTests(SimpleTestCase):
    def test_first_party_app_settings_and_urlconf_are_scanned(self):
        python = absolute(collect_sources().python)
        assert str(TESTS / "settings.py") in python
        assert str(TESTS / "urls.py") in python
        assert str(FIXTURES / "sql_positive.py") in python

    def test_django_and_django_chained_are_not(self):
        python = absolute(collect_sources().python)
        django_root = os.path.dirname(django.__file__)
        own = os.path.dirname(django_chained.__file__)
        assert not any(p.startswith((django_root, own)) for p in python)

    @override_settings(CHAINED_SCAN_EXCLUDE=[str(FIXTURES)])
    def test_excluded_directory(self):
        python = absolute(collect_sources().python)
        assert not any(p.startswith(str(FIXTURES)) for p in python)
        assert str(TESTS / "settings.py") in python

    @override_settings(CHAINED_SCAN_EXCLUDE=["*/fixtures/scan/sql_*"])
    def test_excluded_glob(self):
        python = absolute(collect_sources().python)
        assert str(FIXTURES / "sql_positive.py") not in python
        assert str(FIXTURES / "xss_positive.py") in python

    def test_scan_paths_add_python_files_and_template_folders(self):
        extra = Path(self.tmp) / "legacy"
        (extra / "templates" / "legacy").mkdir(parents=True)
        (extra / "views.py").write_text("", encoding="utf-8")
        (extra / "templates" / "legacy" / "page.html").write_text("", encoding="utf-8")
        (extra / "notes.html").write_text("", encoding="utf-8")
        single = Path(self.tmp) / "one.html"
        single.write_text("", encoding="utf-8")
        with override_settings(CHAINED_SCAN_PATHS=[str(extra), str(single)]):
            sources = collect_sources()
        assert str(extra / "views.py") in absolute(sources.python)
        templates = absolute(sources.templates)
        assert str(extra / "templates" / "legacy" / "page.html") in templates
        assert str(single) in templates
        # Outside a templates folder an HTML file is not taken for a template.
        assert str(extra / "notes.html") not in templates

    def test_template_dirs_of_django_engines(self):
        folder = Path(self.tmp) / "site_templates"
        folder.mkdir()
        (folder / "base.html").write_text("", encoding="utf-8")
        (folder / "logo.png").write_bytes(b"\x89PNG")
        engines = [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [folder, str(Path(self.tmp) / "missing")],
            },
            {"BACKEND": "django.template.backends.jinja2.Jinja2", "DIRS": [self.tmp]},
        ]
        with override_settings(TEMPLATES=engines):
            templates = absolute(collect_sources().templates)
        assert templates == {str(folder / "base.html")}

    def setUp(self):
        import tempfile

        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()


def test_first_party_detection():
    assert is_first_party(str(TESTS))
    assert not is_first_party(os.path.dirname(django.__file__))
    assert not is_first_party(os.path.dirname(django_chained.__file__))
    assert not is_first_party(os.path.dirname(os.__file__))
    assert not is_first_party("/somewhere/site-packages/app")


def test_walk_skips_hidden_cache_and_virtualenv_folders(tmp_path):
    for folder in (".git", "__pycache__", "node_modules", "venv", "app"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text("", encoding="utf-8")
    (tmp_path / "venv" / "pyvenv.cfg").write_text("", encoding="utf-8")
    assert list(walk_files(str(tmp_path), (".py",))) == [str(tmp_path / "app" / "m.py")]


def test_repeated_walk_sees_files_added_removed_and_unmarked_venvs(tmp_path):
    """The walk is reused across the checks of one run, but never once a folder changed."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.py").write_text("", encoding="utf-8")
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "pyvenv.cfg").write_text("", encoding="utf-8")
    (tmp_path / "env" / "e.py").write_text("", encoding="utf-8")

    def walked():
        return [
            os.path.relpath(p, tmp_path) for p in walk_files(str(tmp_path), (".py",))
        ]

    assert walked() == ["app/a.py"]
    (tmp_path / "app" / "b.py").write_text("", encoding="utf-8")
    assert walked() == ["app/a.py", "app/b.py"]
    (tmp_path / "app" / "a.py").unlink()
    assert walked() == ["app/b.py"]
    (tmp_path / "env" / "pyvenv.cfg").unlink()
    assert walked() == ["app/b.py", "env/e.py"]


def test_walk_of_an_unchanged_tree_is_reused(tmp_path, monkeypatch):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "a.py").write_text("", encoding="utf-8")
    for folder in (tmp_path, tmp_path / "app"):
        os.utime(folder, ns=(10**18, 10**18))  # long before the walk: not "racy"
    first = list(walk_files(str(tmp_path), (".py",)))
    walks = []

    def counting_walk(*args, **kwargs):
        walks.append(args)
        return iter(())

    monkeypatch.setattr(os, "walk", counting_walk)
    assert list(walk_files(str(tmp_path), (".py",))) == first
    assert walks == []
    (tmp_path / "app" / "b.py").write_text("", encoding="utf-8")  # a new mtime on app/
    list(walk_files(str(tmp_path), (".py",)))
    assert len(walks) == 1


def test_template_folders_come_from_the_same_walk(tmp_path):
    for folder in ("app/templates/app", "other/templates", ".hidden/templates"):
        (tmp_path / folder).mkdir(parents=True)
    assert build_sources([], [], [str(tmp_path)]).templates == ()
    (tmp_path / "app" / "templates" / "app" / "page.html").write_text(
        "", encoding="utf-8"
    )
    (tmp_path / "other" / "templates" / "x.html").write_text("", encoding="utf-8")
    found = build_sources([], [], [str(tmp_path)]).templates
    assert sorted(os.path.basename(t) for t in found) == ["page.html", "x.html"]


def test_walk_does_not_follow_symlinked_folder_loops(tmp_path):
    (tmp_path / "m.py").write_text("", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "again")
    assert list(walk_files(str(tmp_path), (".py",))) == [str(tmp_path / "m.py")]


def test_walk_of_a_single_file(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("", encoding="utf-8")
    assert list(walk_files(str(path), (".py",))) == [str(path)]
    assert list(walk_files(str(path), (".html",))) == []


def test_excluded_paths(tmp_path):
    inside = str(tmp_path / "a" / "b.py")
    assert is_excluded(inside, [str(tmp_path / "a")])
    assert not is_excluded(inside, [str(tmp_path / "ab")])
    assert is_excluded(inside, ["*/a/*.py"])
    assert not is_excluded(inside, ["*.html"])


def test_display_path_relative_under_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(str(tmp_path / "x.py")) == "x.py"
    assert display_path("/elsewhere/x.py") == "/elsewhere/x.py"


def test_build_sources_deduplicates_and_sorts(tmp_path):
    (tmp_path / "b.py").write_text("", encoding="utf-8")
    (tmp_path / "a.py").write_text("", encoding="utf-8")
    sources = build_sources([str(tmp_path), str(tmp_path / "a.py")], [])
    assert absolute(sources.python) == {str(tmp_path / "a.py"), str(tmp_path / "b.py")}
    assert len(sources.python) == 2
    assert sorted(sources.python) == list(sources.python)
