"""A benchmark tree comes out of a bare mirror whole, or with only the files whose blobs the mirror lacks left out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks.mirror_trees import extract


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, str]:
    work = tmp_path / "work"
    (work / "app").mkdir(parents=True)
    (work / "app" / "views.py").write_text("VIEWS = 1\n", encoding="utf-8")
    (work / "logo.eps").write_text("large artwork\n", encoding="utf-8")
    git(work, "init", "-q")
    git(work, "add", ".")
    git(
        work,
        "-c", "user.name=t", "-c", "user.email=t@example.invalid",
        "commit", "-q", "-m", "first",
    )  # fmt: skip
    bare = tmp_path / "mirror.git"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(bare)],
        capture_output=True,
        check=True,
    )
    return bare, git(work, "rev-parse", "HEAD")


def test_the_commit_is_written_whole(mirror: tuple[Path, str], tmp_path: Path) -> None:
    bare, commit = mirror
    tree = tmp_path / "corpus" / "site@1"
    assert extract(bare, commit, tree)
    assert (tree / "app" / "views.py").read_text(encoding="utf-8") == "VIEWS = 1\n"
    assert (tree / "logo.eps").is_file()
    assert not tree.with_name("site@1.partial").exists()


def test_files_whose_blob_is_missing_are_left_out(
    mirror: tuple[Path, str], tmp_path: Path
) -> None:
    bare, commit = mirror
    blob = subprocess.run(
        ["git", f"--git-dir={bare}", "rev-parse", f"{commit}:logo.eps"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (bare / "objects" / blob[:2] / blob[2:]).unlink()
    tree = tmp_path / "corpus" / "site@1"
    assert extract(bare, commit, tree)
    assert (tree / "app" / "views.py").is_file()
    assert not (tree / "logo.eps").exists()


def test_a_commit_the_mirror_lacks_writes_nothing(
    mirror: tuple[Path, str], tmp_path: Path
) -> None:
    bare, _ = mirror
    tree = tmp_path / "corpus" / "site@0"
    assert not extract(bare, "0" * 40, tree)
    assert not tree.exists()
