"""A scan of a tree in which nothing changed gives the last result without judging again; any change judges anew."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from django_chained.scan import cache as scan_cache
from django_chained.sourcetree import standalone, tree_findings, walk_cache
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree_walk import walk
from tests.small_trees import write_tree

TODAY = date(2026, 12, 1)
PACKAGE = Path(standalone.__file__).resolve().parent.parent


@pytest.fixture
def later(monkeypatch):
    """Scans start long after the tree was written: its files' times can be trusted."""
    real = scan_cache.scan_started
    monkeypatch.setattr(standalone, "scan_started", lambda: real() + 60 * 10**9)
    monkeypatch.setattr(walk_cache, "scan_started", lambda: real() + 60 * 10**9)


@pytest.fixture
def judgements(monkeypatch) -> list[Path]:
    """The roots judged across files: a reused result adds none."""
    judged: list[Path] = []
    real = tree_findings.judged_scan

    def spy(tree, *args, **kwargs):
        judged.append(tree.root)
        return real(tree, *args, **kwargs)

    monkeypatch.setattr(tree_findings, "judged_scan", spy)
    return judged


def project(root: Path) -> Path:
    write_tree(
        root,
        {
            "site/__init__.py": "",
            "site/settings.py": 'DEBUG = False\nSECRET_KEY = "k" * 60\nALLOWED_HOSTS = ["example.com"]\n'
            'INSTALLED_APPS = ["django.contrib.auth", "shop"]\n',
            "shop/__init__.py": "",
            "shop/views.py": "from django.utils.safestring import mark_safe\n\n\n"
            'def hello(request):\n    return mark_safe(request.GET["name"])\n',
            "shop/templates/shop/page.html": "<p>{{ name|safe }}</p>\n",
            "requirements.txt": "Django==3.2.24\n",
            "docs/index.rst": "Shop\n====\n",
        },
    )
    return root


def scan(root: Path, cache: Path, **options):
    return scan_tree(
        root, cache_dir=cache, today=options.pop("today", TODAY), **options
    )


def shown(result) -> list[tuple[object, ...]]:
    return sorted((r.id, r.file, r.line, r.message, r.subject) for r in result.records)


def test_an_unchanged_tree_gives_the_last_result_without_judging(
    tmp_path, later, judgements
):
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    first = scan(root, cache)
    again = scan(root, cache)
    assert judgements == [root.resolve()]
    assert shown(again) == shown(first)
    assert again.records == first.records
    assert (again.notes, again.judged, again.silenced) == (
        first.notes,
        first.judged,
        first.silenced,
    )
    assert again.accepted_risks == first.accepted_risks
    assert {"django_chained.W701", "django_chained.W301"} <= {
        r.id for r in again.records
    }
    uncached = scan_tree(root, use_cache=False, today=TODAY)
    assert shown(uncached) == shown(again)


def test_a_result_from_files_changed_just_before_the_scan_is_not_kept(
    tmp_path, judgements
):
    """Without ``later`` the files were written this instant: a change within the same tick could not be told apart."""
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    scan(root, cache)
    scan(root, cache)
    assert len(judgements) == 2
    assert not list(cache.glob("result-*.json"))


def same_size_edit(root: Path) -> None:
    view = root / "shop/views.py"
    status = view.stat()
    view.write_text(view.read_text().replace('GET["name"]', 'GET["nome"]'))
    os.utime(view, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert view.stat().st_size == status.st_size


def new_module(root: Path) -> None:
    (root / "shop/more.py").write_text(
        "from django.utils.safestring import mark_safe\n\n\n"
        'def more(request):\n    return mark_safe(request.POST["x"])\n'
    )


def new_pin(root: Path) -> None:
    (root / "requirements.txt").write_text("Django==3.2.20\n")


def pin_in_excluded_folder(root: Path) -> None:
    (root / "docs/requirements.txt").write_text("Django==3.2.20\n")


@pytest.mark.parametrize(
    "change", [same_size_edit, new_module, new_pin, pin_in_excluded_folder]
)
def test_any_change_is_judged_again(tmp_path, later, judgements, change):
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    scan(root, cache, exclude=["docs"])
    change(root)
    changed = scan(root, cache, exclude=["docs"])
    assert len(judgements) == 2
    assert shown(changed) == shown(
        scan_tree(root, use_cache=False, today=TODAY, exclude=["docs"])
    )


def test_the_findings_follow_each_change(tmp_path, later):
    """Not only judged again: judged on the new bytes (the cases above could pass on a rejudged stale tree)."""
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    before = {r.id: r for r in scan(root, cache).records}
    new_pin(root)
    after = {r.id: r for r in scan(root, cache).records}
    assert "3.2.24" in before["django_chained.W701"].message
    assert "3.2.20" in after["django_chained.W701"].message
    same_size_edit(root)
    new_module(root)
    lines = {
        (r.file, r.line)
        for r in scan(root, cache).records
        if r.id == "django_chained.W301"
    }
    assert ("shop/more.py", 5) in lines


def test_settings_outside_the_tree_are_inputs_too(tmp_path, later, judgements):
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    outside = tmp_path / "deploy_settings.py"
    outside.write_text("DEBUG = False\n")
    first = scan(root, cache, settings_files=[outside])
    scan(root, cache, settings_files=[outside])
    assert len(judgements) == 1
    outside.write_text("DEBUG = True\n")
    changed = scan(root, cache, settings_files=[outside])
    assert len(judgements) == 2
    assert "security.W018" not in {r.id for r in first.records}
    assert "security.W018" in {r.id for r in changed.records}


def test_other_options_are_other_results(tmp_path, later, judgements):
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    scan(root, cache)
    scan(root, cache, today=date(2027, 6, 1))
    scan(root, cache, paths=[root / "shop"])
    scan(root, cache, exclude=["shop"])
    assert len(judgements) == 4
    scan(root, cache, paths=[root / "shop"])
    assert len(judgements) == 4


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: kept["files"]["result"]["records"][0].__setitem__(1, "thirty"),
        lambda kept: kept["files"].__setitem__("inputs", {"not": "a list"}),
        lambda kept: kept["files"]["inputs"].append(["file", 5, None]),
        lambda kept: kept["files"]["result"].__setitem__("accepted", {"ID": 5}),
        lambda kept: kept["files"]["result"].pop("notes"),
    ],
)
def test_a_kept_result_of_another_shape_is_judged_again(
    tmp_path, later, judgements, damage
):
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    first = scan(root, cache)
    [file] = cache.glob("result-*.json")
    kept = json.loads(file.read_text())
    damage(kept)
    file.write_text(json.dumps(kept))
    again = scan(root, cache)
    assert len(judgements) == 2
    assert shown(again) == shown(first)


def test_every_file_and_folder_the_scan_looks_at_is_an_input(tmp_path, later):
    """What a scan opens or lists, beyond Python's own and this package's modules, is checked before reuse.

    A reader added later that reads past ``untrusted_files`` (or a walk that notes no folder) would
    let a kept result outlive a change to what it read: this fails first.
    """
    root, cache = project(tmp_path / "site"), tmp_path / "cache"
    (root / "docs/requirements.txt").write_text("Django==3.2.20\n")
    outside = tmp_path / "deploy_settings.py"
    outside.write_text("from site.settings import *\nSECURE_SSL_REDIRECT = True\n")
    opened: set[str] = set()
    listed: set[str] = set()

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, os.PathLike)):
            opened.add(os.path.abspath(args[0]))
        elif event in {"os.scandir", "os.listdir"} and isinstance(
            args[0], (str, os.PathLike)
        ):
            listed.add(os.path.abspath(args[0]))

    watching = [True]
    sys.addaudithook(lambda event, args: hook(event, args) if watching[0] else None)
    try:
        scan(root, cache, exclude=["docs"], settings_files=[outside])
    finally:
        watching[0] = False
    [file] = cache.glob("result-*.json")
    inputs = json.loads(file.read_text())["files"]["inputs"]
    files = {path for kind, path, _ in inputs if kind == "file"}
    folders = {path for kind, path, _ in inputs if kind == "folder"}
    walked = {
        os.path.abspath(f)
        for f, _, _ in walk(root.resolve(), ("docs",), record=True).listed or ()
    }
    ours = (str(cache), str(PACKAGE), sys.prefix, sys.base_prefix, sys.exec_prefix)
    assert {p for p in opened if not p.startswith(ours)} - files == set()
    assert {p for p in listed if not p.startswith(ours)} - folders - walked == set()
    assert str((root / "docs/requirements.txt").resolve()) in files
    assert str(outside) in files
