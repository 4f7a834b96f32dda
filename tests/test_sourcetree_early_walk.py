"""The tree walked in a child while the scan is imported: what it finds is what a walk here finds."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from django_chained.cli import main
from django_chained.sourcetree import early_walk
from django_chained.sourcetree.early_walk import EarlyWalk, start_walk
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.tree_walk import walk
from django_chained.sourcetree.walk_cache import cache_file
from tests.small_trees import SMALL_SITE, write_tree

TESTPROJECT = Path(__file__).resolve().parent.parent / "testproject"


def project(root: Path) -> Path:
    write_tree(root, {**SMALL_SITE, "docs/conf.py": "project = 'x'\n"})
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0)
    return root.resolve()


@pytest.fixture
def tree_root(tmp_path):
    root = project(tmp_path / "site")
    yield root
    (root / "locked").chmod(0o755)


def test_the_childs_walk_is_a_walk_here(tree_root):
    here = walk(tree_root, ("docs",), record=True)
    early = EarlyWalk(tree_root, ("docs",))
    assert early.result() == here
    assert here.python_files and here.template_files and here.deployment_files
    if os.geteuid() != 0:
        assert here.unreadable


def test_a_child_that_dies_costs_only_speed(tree_root, monkeypatch):
    monkeypatch.setattr(
        early_walk, "walk", lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
    )
    early = EarlyWalk(tree_root, ())
    monkeypatch.undo()
    assert early.result() == walk(tree_root, (), record=True)


def test_a_tree_other_than_the_childs_is_walked_here(tree_root, tmp_path):
    other = project(tmp_path / "other")
    early = EarlyWalk(other, ())
    tree = SourceTree.discover(tree_root, (), None, early)
    assert early._pid == 0  # stopped and reaped
    assert tree.python_files == walk(tree_root, ()).python_files
    (other / "locked").chmod(0o755)


def test_no_child_for_one_job_or_a_kept_walk(tree_root, tmp_path):
    assert start_walk(tree_root, (), 1, None) is None
    cache = tmp_path / "cache"
    started = start_walk(tree_root, (), 2, cache)
    assert started is not None
    started.cancel()
    SourceTree.discover(tree_root, (), cache)  # keeps its walk, once settled
    kept = cache_file(cache, tree_root, ())
    kept.parent.mkdir(exist_ok=True)
    kept.touch(exist_ok=True)
    assert (
        start_walk(tree_root, (), 2, cache) is None
    )  # a warm scan tries the kept walk


def test_the_command_walks_early_and_reports_as_with_one_job(
    tmp_path, monkeypatch, capsys
):
    used: list[Path] = []
    real = EarlyWalk.result

    def result(self):
        used.append(self.root)
        return real(self)

    monkeypatch.setattr(EarlyWalk, "result", result)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.json"
        main(
            [
                "scan",
                str(TESTPROJECT),
                "--no-cache",
                "--jobs",
                jobs,
                "--format",
                "json",
                "-o",
                str(out),
            ]
        )
        outputs.append(out.read_text())
    assert used == [TESTPROJECT.resolve()]  # only with a core to spare
    assert outputs[0] == outputs[1]
