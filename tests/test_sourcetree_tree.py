"""The source tree of the standalone scan: each Python file parsed once per run, the collector paused."""

from __future__ import annotations

import ast
import gc
import os
import textwrap
from collections import Counter

import pytest

from django_chained.sourcetree import tree as tree_module
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree import (
    ParsedModules,
    SourceTree,
    collector_paused,
    parse_all,
)
from django_chained.untrusted_files import is_regular_file, read_regular_file


@pytest.fixture
def parses(monkeypatch):
    """How many times ``ast.parse`` ran, per file name."""
    counts: Counter[str] = Counter()
    original = ast.parse

    def counting(source, filename="<unknown>", *args, **kwargs):
        counts[str(filename)] += 1
        return original(source, filename, *args, **kwargs)

    monkeypatch.setattr(ast, "parse", counting)
    return counts


def test_engine_tree_is_reused(tmp_path, parses):
    path = tmp_path / "m.py"
    path.write_text("X = 1\n")
    modules = ParsedModules()
    parsed = modules.parse_text("X = 1\n", str(path))
    assert modules.module(path) is parsed
    assert parses == {str(path): 1}


def test_file_the_engine_did_not_read_is_parsed_once_from_its_bytes(tmp_path, parses):
    path = tmp_path / "m.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\n")
    modules = ParsedModules()
    first = modules.module(path)
    assert modules.module(path) is first
    assert ast.literal_eval(first.body[0].value) == "é"  # type: ignore[attr-defined]
    assert parses == {str(path): 1}


def test_bytes_the_engine_read_are_parsed_without_reading_again(tmp_path, parses):
    path = tmp_path / "m.py"
    modules = ParsedModules()
    modules.keep_bytes(b"# -*- coding: latin-1 -*-\nNAME = '\xe9'\n", str(path))
    first = modules.module(
        path
    )  # no such file on disk: only the kept bytes can give it
    assert modules.module(path) is first
    assert ast.literal_eval(first.body[0].value) == "é"  # type: ignore[attr-defined]
    assert parses == {str(path): 1}


def test_syntax_error_is_kept_and_raised_again_without_parsing(tmp_path, parses):
    path = tmp_path / "broken.py"
    modules = ParsedModules()
    with pytest.raises(SyntaxError):
        modules.parse_text("def (:\n", str(path))
    with pytest.raises(SyntaxError):
        modules.module(path)
    assert parses == {str(path): 1}


def test_unreadable_file_is_kept_as_its_error(tmp_path):
    modules = ParsedModules()
    with pytest.raises(OSError):
        modules.module(tmp_path / "gone.py")
    with pytest.raises(OSError):
        modules.module(tmp_path / "gone.py")


def test_parse_all_records_failures_from_the_shared_trees(tmp_path):
    good, broken = tmp_path / "good.py", tmp_path / "broken.py"
    good.write_text("X = 1\n")
    broken.write_text("X = (\n")
    parsed = parse_all([good, broken, tmp_path / "gone.py"], ParsedModules())
    assert [path for path, _ in parsed.modules] == [good]
    assert [(path.name, reason) for path, _, reason in parsed.failures] == [
        ("broken.py", "syntax error: '(' was never closed"),
        ("gone.py", "it cannot be read (No such file or directory)"),
    ]


def test_collector_paused_inside_and_restored(monkeypatch):
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_collector_left_off_when_it_was_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_module_name_computed_once_per_file(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").touch()
    (tmp_path / "pkg" / "views.py").touch()
    tree = SourceTree.discover(tmp_path)
    calls = []
    find = SourceTree._find_module_name

    def spy(self, path):
        calls.append(path)
        return find(self, path)

    monkeypatch.setattr(SourceTree, "_find_module_name", spy)
    views = tmp_path / "pkg" / "views.py"
    assert tree.module_name(views) == tree.module_name(views) == "pkg.views"
    assert calls == [views]


PROJECT = {
    "base_settings.py": "INSTALLED_APPS = ['app']\nMIDDLEWARE = []\n",
    "settings.py": "from base_settings import *\nDEBUG = True\nROOT_URLCONF = 'app.urls'\n",
    "app/__init__.py": "",
    "app/models.py": "from django.db import models\n\nclass Note(models.Model):\n    text = models.TextField()\n",
    "app/urls.py": "from django.urls import path\nfrom app import views\n\nurlpatterns = [path('', views.home)]\n",
    "app/views.py": "from django.db import connection\n\ndef home(request):\n    connection.cursor().execute(f\"SELECT {request.GET['q']}\")\n",
    "app/legacy.py": "print 'python 2'\n",
}


@pytest.mark.parametrize("cached", [False, True])
def test_standalone_scan_parses_each_file_at_most_once(tmp_path, parses, cached):
    root = tmp_path / "project"
    for name, source in PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(source))
    cache = tmp_path / "cache"
    if cached:
        scan_tree(root, cache_dir=cache)
        parses.clear()
    result = scan_tree(root, cache_dir=cache, use_cache=cached)
    python_files = {str(path) for path in SourceTree.discover(root).python_files}
    # Warm, the readers' facts come from their cache: only the settings modules are read again.
    settings = {str(root / "settings.py"), str(root / "base_settings.py")}
    assert set(parses) == (settings if cached else python_files)
    assert set(parses.values()) == {1}
    ids = {record.id for record in result.records}
    assert {"django_chained.W401", "django_chained.I004"} <= ids


@pytest.mark.parametrize("cached", [False, True])
def test_standalone_scan_reads_each_file_once(tmp_path, monkeypatch, cached):
    """The engine reads every file (to hash it for the cache, or to scan it); the readers reuse those bytes."""
    root = tmp_path / "project"
    for name, source in PROJECT.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(source))
    cache = tmp_path / "cache"
    if cached:
        scan_tree(root, cache_dir=cache)
    reads: Counter[str] = Counter()
    original = read_regular_file

    def counting(path, max_bytes):
        reads[str(path)] += 1
        return original(path, max_bytes)

    monkeypatch.setattr("django_chained.sourcetree.tree.read_regular_file", counting)
    monkeypatch.setattr("django_chained.scan.engine.read_regular_file", counting)
    scan_tree(root, cache_dir=cache, use_cache=cached)
    python_files = {str(path) for path in SourceTree.discover(root).python_files}
    assert python_files <= set(reads)
    assert {reads[name] for name in python_files} == {1}


def test_standalone_scan_runs_with_the_collector_paused(tmp_path, monkeypatch):
    states = []
    real = tree_module.parse_all

    def spy(*args, **kwargs):
        states.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr("django_chained.sourcetree.facts_cache.parse_all", spy)
    (tmp_path / "x.py").write_text("X = 1\n")
    scan_tree(tmp_path, use_cache=False)
    assert states == [False]
    assert gc.isenabled()


def _files(root, *exclude):
    tree = SourceTree.discover(root, exclude)
    return sorted(tree.relative(p) for p in tree.python_files + tree.template_files)


@pytest.fixture
def project(tmp_path):
    for relative in (
        "app/views.py",
        "app/tests/fixtures/data.py",
        "app/templates/app/page.html",
        "vendor/lib.py",
    ):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("X = 1\n")
    return tmp_path


def test_exclude_glob_matches_a_bare_name_anywhere(project):
    assert _files(project, "vendor", "data.py") == [
        "app/templates/app/page.html",
        "app/views.py",
    ]


def test_exclude_glob_matches_the_path_from_the_root(project):
    assert _files(project, "app/tests/*", "app/templates/*") == [
        "app/views.py",
        "vendor/lib.py",
    ]


def test_virtual_environment_skipped_whatever_its_name(project):
    (project / "py311" / "bin").mkdir(parents=True)
    (project / "py311" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (project / "py311" / "bin" / "tool.py").write_text("X = 1\n")
    assert "py311/bin/tool.py" not in _files(project)
    (project / "py311" / "pyvenv.cfg").unlink()
    assert "py311/bin/tool.py" in _files(project)


def test_the_shared_trees_honour_the_size_limit_before_reading(tmp_path):
    big, small = tmp_path / "big.py", tmp_path / "small.py"
    big.write_text("X = 1\n" * 10)
    small.write_text("X = 1\n")
    parsed = parse_all([big, small], ParsedModules(max_bytes=10))
    assert [path for path, _ in parsed.modules] == [small]
    assert [(p.name, reason) for p, _, reason in parsed.failures] == [
        ("big.py", "it cannot be read (60 bytes, over the limit of 10)")
    ]


def test_the_shared_trees_refuse_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    parsed = parse_all([tmp_path / "pipe.py"], ParsedModules())
    assert parsed.failures == [
        (
            tmp_path / "pipe.py",
            1,
            "it cannot be read (it is a FIFO (named pipe), not a regular file)",
        )
    ]


def test_package_folders_looked_at_once_for_all_their_modules(tmp_path, monkeypatch):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "b.py", "sub/__init__.py", "sub/c.py"):
        (tmp_path / "pkg" / name).touch()
    tree = SourceTree.discover(tmp_path)
    looked: Counter[str] = Counter()

    def spy(path):
        looked[str(path)] += 1
        return is_regular_file(path)

    monkeypatch.setattr("django_chained.sourcetree.tree.is_regular_file", spy)
    names = {tree.module_name(path) for path in tree.python_files}
    assert names == {"pkg", "pkg.a", "pkg.b", "pkg.sub", "pkg.sub.c"}
    assert set(looked.values()) == {1}


def test_only_folders_listing_a_pyvenv_cfg_are_looked_at_for_one(tmp_path, monkeypatch):
    for folder in ("app", "app/sub", "docs", "env311"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").touch()
    (tmp_path / "env311" / "pyvenv.cfg").touch()
    looked: list[str] = []

    def spy(path):
        looked.append(os.path.basename(os.path.dirname(path)))
        return is_regular_file(path)

    monkeypatch.setattr("django_chained.sourcetree.tree_walk.is_regular_file", spy)
    tree = SourceTree.discover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in tree.python_files] == [
        "app/m.py",
        "app/sub/m.py",
        "docs/m.py",
    ]
    assert looked == ["env311"]


def test_walk_is_depth_first_by_name_and_never_enters_a_linked_folder(tmp_path):
    for relative in ("b/m.py", "a/z/m.py", "a/m.py", "m.py", "outside/o.py"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("X = 1\n")
    root = tmp_path / "root"
    for relative in ("m.py", "a/m.py", "a/z/m.py", "b/m.py"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("X = 1\n")
    (root / "a" / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "a" / "gone.py").symlink_to(tmp_path / "nowhere.py")  # listed as a file
    tree = SourceTree.discover(root)
    assert [p.relative_to(root).as_posix() for p in tree.python_files] == [
        "m.py",
        "a/gone.py",
        "a/m.py",
        "a/z/m.py",
        "b/m.py",
    ]
    assert tree.unreadable == []


def test_walk_tells_linked_folders_from_the_listing_without_a_stat_each(
    tmp_path, monkeypatch
):
    for folder in ("app", "app/locale/fr/LC_MESSAGES", "docs"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "m.py").touch()
    looked: list[str] = []
    real_lstat = os.lstat

    def spy(path, *args, **kwargs):
        looked.append(os.fspath(path))
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", spy)
    tree = SourceTree.discover(tmp_path)
    assert len(tree.python_files) == 3
    inside = [p for p in looked if p.startswith(str(tmp_path) + os.sep)]
    assert inside == []  # resolving the root itself may look at the folders above it


def test_module_names_stop_at_the_first_folder_without_init_and_at_the_root(tmp_path):
    root = tmp_path / "site"
    for relative in (
        "__init__.py",
        "a.py",
        "pkg/__init__.py",
        "pkg/sub/__init__.py",
        "pkg/sub/m.py",
        "pkg/plain/m.py",
        "pkg/plain/inner/__init__.py",
        "pkg/plain/inner/m.py",
    ):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).touch()
    tree = SourceTree.discover(root)
    names = {
        p.relative_to(root).as_posix(): tree.module_name(p) for p in tree.python_files
    }
    assert names == {
        "__init__.py": "site",
        "a.py": "site.a",
        "pkg/__init__.py": "site.pkg",
        "pkg/sub/__init__.py": "site.pkg.sub",
        "pkg/sub/m.py": "site.pkg.sub.m",
        "pkg/plain/m.py": "m",
        "pkg/plain/inner/__init__.py": "inner",
        "pkg/plain/inner/m.py": "inner.m",
    }


@pytest.mark.parametrize(
    "folder",
    ["node_modules", "site-packages", "dist-packages", "__pycache__", "build", "dist",
     "venv", "env", "htmlcov", "static", "staticfiles", ".git"],
)  # fmt: skip
def test_folders_of_other_peoples_or_generated_code_are_skipped(tmp_path, folder):
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "m.py").write_text("X = 1\n")
    (tmp_path / "app.py").write_text("X = 1\n")
    assert _files(tmp_path) == ["app.py"]


@pytest.mark.parametrize(
    "suffix", [".html", ".htm", ".txt", ".xml", ".svg", ".js", ".css", ".jinja", ".j2"]
)
def test_each_template_suffix_is_found_under_templates_only(tmp_path, suffix):
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "templates" / f"page{suffix}").write_text("x\n")
    (tmp_path / "app" / f"notes{suffix}").write_text("x\n")
    (tmp_path / "app" / "templates" / "page.md").write_text("x\n")
    assert _files(tmp_path) == [f"app/templates/page{suffix}"]


def test_an_entry_that_cannot_be_looked_at_is_listed_as_a_file(monkeypatch):
    from django_chained.sourcetree.folder_listing import list_folder

    class Entry:
        def __init__(self, name, folder):
            self.name, self.folder = name, folder

        def is_dir(self):
            if self.folder is None:
                raise PermissionError(13, "Permission denied")
            return self.folder

        def is_symlink(self):
            return False

    class Listing:
        def __enter__(self):
            return iter([Entry("odd", None), Entry("sub", True), Entry("m.py", False)])

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(
        "django_chained.sourcetree.folder_listing.os.scandir", lambda path: Listing()
    )
    assert list_folder("/anywhere") == (["sub"], set(), ["odd", "m.py"])
