"""The last walk of a tree, reused while no folder it listed changed: a warm scan lists no folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from django_chained.scan import cache as scan_cache
from django_chained.sourcetree import walk_cache
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree import SourceTree
from tests.small_trees import SMALL_SITE, write_tree


@pytest.fixture
def later(monkeypatch):
    """Walks start long after the tree was written: its folders' times can be trusted."""
    monkeypatch.setattr(
        walk_cache, "scan_started", lambda: scan_cache.scan_started() + 60 * 10**9
    )


@pytest.fixture
def listed(monkeypatch) -> list[str]:
    """The folders listed."""
    seen: list[str] = []
    real = os.scandir

    def spy(path="."):
        seen.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr("django_chained.sourcetree.folder_listing.os.scandir", spy)
    return seen


def project(root: Path) -> Path:
    return write_tree(root, SMALL_SITE)


def found(tree: SourceTree) -> tuple[list[str], ...]:
    def names(paths):
        return [p.relative_to(tree.root).as_posix() for p in paths]

    return (
        names(tree.python_files),
        names(tree.template_files),
        names(tree.deployment_files),
        [f"{p}: {why}" for p, why in tree.unreadable],
    )


def test_an_unchanged_tree_is_not_listed_again(tmp_path, later, listed):
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    walked = found(SourceTree.discover(root, cache_dir=cache))
    assert len(listed) == 5  # site, app, app/templates, app/templates/app, build
    listed.clear()
    assert found(SourceTree.discover(root, cache_dir=cache)) == walked
    assert listed == []
    assert walked == found(SourceTree.discover(root))


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "app" / "models.py").write_text("Y = 2\n"),
        lambda root: (root / "app" / "views.py").unlink(),
        lambda root: (root / "app" / "views.py").rename(root / "app" / "urls.py"),
        lambda root: (root / "build" / "Dockerfile.prod").write_text("FROM x\n"),
        lambda root: (root / "app" / "templates" / "app" / "new.html").touch(),
        lambda root: os.chmod(root / "app", 0o700),  # only the ctime moves
    ],
)
def test_a_change_in_any_folder_listed_is_walked_again(tmp_path, later, change):
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    SourceTree.discover(root, cache_dir=cache)
    change(root)
    assert found(SourceTree.discover(root, cache_dir=cache)) == found(
        SourceTree.discover(root)
    )
    (file,) = cache.glob("tree-*.json")
    assert os.stat(root / "app").st_ctime_ns in {
        row[2] for row in json.loads(file.read_text())["files"]["folders"]
    }


def test_a_tree_changed_just_before_the_walk_is_listed_every_time(tmp_path, listed):
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    for _ in range(2):
        SourceTree.discover(root, cache_dir=cache)
    assert len(listed) == 10
    assert not list(cache.glob("tree-*.json"))


def test_without_a_ctime_that_moves_no_walk_is_kept(
    tmp_path, later, listed, monkeypatch
):
    monkeypatch.setattr(walk_cache, "CTIME_IS_CHANGE", False)
    root = project(tmp_path / "site")
    for _ in range(2):
        SourceTree.discover(root, cache_dir=tmp_path / "cache")
    assert len(listed) == 10


def test_a_folder_that_could_not_be_listed_is_listed_again_once_fixed(
    tmp_path, later, monkeypatch
):
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    real = os.scandir

    def refuse(path="."):
        if os.fspath(path).endswith(os.sep + "app"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr("django_chained.sourcetree.folder_listing.os.scandir", refuse)
    locked = SourceTree.discover(root, cache_dir=cache)
    assert [p.name for p in locked.python_files] == []
    assert found(SourceTree.discover(root, cache_dir=cache)) == found(locked)
    monkeypatch.setattr("django_chained.sourcetree.folder_listing.os.scandir", real)
    os.chmod(root / "app", 0o755)  # what fixing it does: a new ctime
    fixed = SourceTree.discover(root, cache_dir=cache)
    assert [p.name for p in fixed.python_files] == ["__init__.py", "views.py"]


def test_other_excludes_keep_another_walk(tmp_path, later):
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    SourceTree.discover(root, cache_dir=cache)
    excluded = SourceTree.discover(root, ["views.py"], cache_dir=cache)
    assert [p.name for p in excluded.python_files] == ["__init__.py"]
    assert len(list(cache.glob("tree-*.json"))) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda files: files.pop("python"),
        lambda files: files.update(folders="x"),
        lambda files: files.update(folders=[["", "1", 2]]),
        lambda files: files.update(folders=[["nowhere", 1, 2]]),
        lambda files: files.update(python=[1]),
        lambda files: files.update(unreadable=[["app"]]),
    ],
)
def test_a_damaged_kept_walk_is_walked_again(tmp_path, later, damage):
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    walked = found(SourceTree.discover(root, cache_dir=cache))
    (file,) = cache.glob("tree-*.json")
    data = json.loads(file.read_text())
    damage(data["files"])
    file.write_text(json.dumps(data))
    assert found(SourceTree.discover(root, cache_dir=cache)) == walked
    assert json.loads(file.read_text())["files"]["python"] == [
        "app/__init__.py",
        "app/views.py",
    ]


def test_a_scan_keeps_the_walk_beside_its_other_caches(tmp_path, later, monkeypatch):
    from django_chained.sourcetree.folder_listing import list_folder

    walked: list[str] = []

    def spy(directory, listed=None):
        walked.append(directory)
        return list_folder(directory, listed)

    monkeypatch.setattr("django_chained.sourcetree.tree_walk.list_folder", spy)
    root = project(tmp_path / "site")
    cache = tmp_path / "cache"
    cold = scan_tree(root, cache_dir=cache, jobs=1).records
    walked.clear()
    assert scan_tree(root, cache_dir=cache, jobs=1).records == cold
    assert walked == []
    assert list(cache.glob("tree-*.json"))
    scan_tree(root, use_cache=False, jobs=1)
    assert walked  # --no-cache walks


def test_a_root_whose_name_is_not_utf8_keeps_its_walk(tmp_path, later, listed):
    root = project(tmp_path / os.fsdecode(b"caf\xe9"))
    cache = tmp_path / "cache"
    walked = found(SourceTree.discover(root, cache_dir=cache))
    listed.clear()
    assert found(SourceTree.discover(root, cache_dir=cache)) == walked
    assert listed == []
