"""A commit's source tree written out of a bare git mirror, such as the session fetch tool leaves.

Snapshots leave out their largest blobs, so a plain ``git archive`` of some commits fails; the
tree is then archived with every file whose content the mirror holds. The tree is written to a
``.partial`` sibling first and renamed when complete, so an interrupted run never leaves a tree
that looks whole.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def present_paths(git_dir: Path, commit: str) -> list[str]:
    """Files of ``commit`` whose content the mirror holds (snapshots leave out the largest blobs)."""
    git = ["git", f"--git-dir={git_dir}"]
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "-z", commit], capture_output=True, check=True
    ).stdout.decode("utf-8", "surrogateescape")
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob":
            blobs.append((sha, path))
    checked = subprocess.run(
        [*git, "cat-file", "--batch-check"],
        input="".join(f"{sha}\n" for sha, _ in blobs),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [
        path
        for (_, path), answer in zip(blobs, checked, strict=True)
        if not answer.endswith(" missing")
    ]


def extract(git_dir: Path, commit: str, tree: Path) -> bool:
    """Write ``commit``'s files into ``tree``; ``False`` when the mirror lacks the commit."""
    git = ["git", f"--git-dir={git_dir}"]
    known = subprocess.run(
        [*git, "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    if known.returncode != 0:
        return False
    archive = subprocess.run(
        [*git, "archive", commit], capture_output=True, check=False
    )
    if archive.returncode != 0:
        # Some blob is missing from the snapshot: archive every file that is there.
        paths = [f":(literal){path}" for path in present_paths(git_dir, commit)]
        archive = subprocess.run(
            [*git, "archive", commit, "--", *paths], capture_output=True, check=True
        )
    partial = tree.with_name(tree.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(partial)], input=archive.stdout, check=True)
    partial.rename(tree)
    return True
