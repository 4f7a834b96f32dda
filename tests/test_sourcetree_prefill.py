"""Worker processes scan the uncached files first: the findings never depend on how many ran."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from django_chained.cli import main
from django_chained.sourcetree import prefill
from django_chained.sourcetree.standalone import scan_tree

TESTS = Path(__file__).resolve().parent
FIXTURES = {
    "agreesite": TESTS / "fixtures" / "agreesite",
    "apisite": TESTS / "fixtures" / "apisite",
    "scan": TESTS / "fixtures" / "scan",
    "testproject": TESTS.parent / "testproject",
}


@pytest.fixture
def always_workers(monkeypatch) -> list[int]:
    """Workers even for a handful of files, and how many files they scanned in each scan."""
    monkeypatch.setattr(prefill, "MIN_FILES", 1)
    counts: list[int] = []
    original = prefill.prefill

    def counting(*args, **kwargs):
        counts.append(original(*args, **kwargs))
        return counts[-1]

    monkeypatch.setattr(prefill, "prefill", counting)
    return counts


def copy(fixture: str, tmp_path: Path) -> Path:
    root = tmp_path / fixture
    shutil.copytree(FIXTURES[fixture], root, ignore=shutil.ignore_patterns("*.pyc"))
    return root


def report(root: Path, out: Path, *options: str) -> dict[str, object]:
    main(["scan", str(root), "--format", "json", "-o", str(out), *options])
    data: dict[str, object] = json.loads(out.read_text())
    return data


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_workers_report_exactly_what_one_process_does(
    tmp_path, always_workers, fixture
):
    root = copy(fixture, tmp_path)
    alone = report(root, tmp_path / "alone.json", "--no-cache", "--jobs", "1")
    assert always_workers == []  # one process: no worker, nothing stored
    shared = report(root, tmp_path / "shared.json", "--no-cache", "--jobs", "2")
    assert always_workers[-1] > 0  # the workers did scan
    assert shared == alone
    assert alone["findings"]  # a real comparison, not of two empty reports


def test_a_cache_filled_by_workers_serves_a_warm_scan(tmp_path, always_workers):
    root = copy("testproject", tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    alone = report(root, tmp_path / "alone.json", "--no-cache", "--jobs", "1")
    filled = report(root, tmp_path / "filled.json", *cache, "--jobs", "2")
    scanned = always_workers[-1]
    assert scanned >= len(list(root.rglob("*.py")))
    warm = report(root, tmp_path / "warm.json", *cache, "--jobs", "2")
    assert always_workers[-1] == 0  # every file was stored: no worker started
    assert filled == warm == alone


def test_only_files_the_cache_lacks_go_to_the_workers(tmp_path, always_workers):
    root = copy("agreesite", tmp_path)
    cache = tmp_path / "cache"
    scan_tree(root, cache_dir=cache, jobs=2)
    (root / "added.py").write_text("from django.utils.safestring import mark_safe\n")
    again = scan_tree(root, cache_dir=cache, jobs=2)
    assert always_workers[-1] == 1
    assert {r.id for r in again.records} == {
        r.id for r in scan_tree(root, use_cache=False, jobs=1).records
    }


def hostile_tree(root: Path) -> Path:
    """Files each reader must report rather than scan, among ordinary ones."""
    shutil.copytree(FIXTURES["agreesite"], root, ignore=shutil.ignore_patterns("*.pyc"))
    (root / "nul.py").write_bytes(b"x = 1\0\n")
    (root / "latin.py").write_bytes(b"name = '\xe9'\n")
    (root / "broken.py").write_text("def (:\n")
    (root / "deep.py").write_text("x = " + "(" * 200 + ")" * 200 + "\n")
    (root / "big.py").write_text("# x\n" * 400_000)
    os.mkfifo(root / "pipe.py")
    (root / "zero.py").symlink_to("/dev/zero")
    return root


def test_unreadable_and_odd_files_are_reported_the_same(tmp_path, always_workers):
    root = hostile_tree(tmp_path / "hostile")
    alone = report(root, tmp_path / "alone.json", "--no-cache", "--jobs", "1")
    shared = report(root, tmp_path / "shared.json", "--no-cache", "--jobs", "2")
    assert always_workers[-1] > 0
    assert shared == alone
    reported = {
        f["file"]
        for f in alone["findings"]  # type: ignore[attr-defined]
        if f["id"] == "django_chained.I004"
    }
    assert {
        "nul.py",
        "latin.py",
        "broken.py",
        "big.py",
        "pipe.py",
        "zero.py",
    } <= reported


def test_a_worker_that_dies_costs_no_finding(tmp_path, monkeypatch, always_workers):
    root = copy("testproject", tmp_path)
    alone = report(root, tmp_path / "alone.json", "--no-cache", "--jobs", "1")
    scan_task = prefill.scan_task

    def dies_on_views(task):
        if task.path.endswith("views.py"):
            os._exit(3)  # as a worker killed by the kernel would
        return scan_task(task)

    monkeypatch.setattr(prefill, "scan_task", dies_on_views)
    shared = report(root, tmp_path / "shared.json", "--no-cache", "--jobs", "2")
    assert shared == alone


def test_a_worker_that_fails_costs_no_finding(tmp_path, monkeypatch, always_workers):
    root = copy("scan", tmp_path)
    alone = report(root, tmp_path / "alone.json", "--no-cache", "--jobs", "1")

    def fails(task):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(prefill, "scan_task", fails)
    shared = report(root, tmp_path / "shared.json", "--no-cache", "--jobs", "2")
    assert always_workers[-1] == 0
    assert shared == alone


def test_few_files_are_scanned_without_workers(tmp_path, monkeypatch):
    root = copy("agreesite", tmp_path)
    started: list[object] = []
    monkeypatch.setattr(prefill, "forked_map", lambda *a, **k: started.append(a))
    scan_tree(root, use_cache=False, jobs=8)
    assert started == []  # 14 files: below MIN_FILES


@pytest.mark.parametrize("value", ["0", "-2", "two", ""])
def test_jobs_must_be_a_positive_whole_number(value, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["scan", ".", "--jobs", value])
    assert exit.value.code == 2
    assert "is not a positive whole number" in capsys.readouterr().err


def test_workers_read_the_templates_references_for_the_serial_pass(
    tmp_path, monkeypatch, always_workers
):
    from django_chained.scan.template_references import references

    root = copy("testproject", tmp_path)
    tokenized: list[str] = []

    def counting(source):
        tokenized.append(source)
        return references(source)

    monkeypatch.setattr(
        "django_chained.scan.safe_filter_judgement.references", counting
    )
    with_workers = scan_tree(root, use_cache=False, jobs=2)
    assert always_workers[-1] > 0
    assert tokenized == []  # the parent tokenized none: the workers' entries served
    alone = scan_tree(root, use_cache=False, jobs=1)
    assert tokenized  # one process tokenizes them itself
    assert with_workers.records == alone.records


def test_the_serial_pass_reads_no_file_the_workers_signed(
    tmp_path, monkeypatch, always_workers
):
    from django_chained.scan import cache as scan_cache
    from django_chained.untrusted_files import read_regular_file

    root = copy("agreesite", tmp_path)
    later = scan_cache.scan_started() + 60 * 10**9  # the files are long settled
    monkeypatch.setattr("django_chained.sourcetree.prefill.scan_started", lambda: later)
    monkeypatch.setattr("django_chained.scan.engine.scan_started", lambda: later)
    read: list[str] = []

    def spy(path, *args, **kwargs):
        read.append(str(path))
        return read_regular_file(path, *args, **kwargs)

    monkeypatch.setattr("django_chained.scan.engine.read_regular_file", spy)
    with_workers = scan_tree(root, use_cache=False, jobs=2)
    assert always_workers[-1] > 0
    assert read == []  # the workers' signatures vouch for the bytes they hashed
    alone = scan_tree(root, use_cache=False, jobs=1)
    assert read  # one process reads each file itself
    assert with_workers.records == alone.records


def test_the_cross_file_judgement_is_imported_while_workers_scan(
    tmp_path, monkeypatch, always_workers
):
    """``meanwhile`` runs once the workers have started; without workers it never runs, and a
    failing one costs only speed."""
    root = copy("scan", tmp_path)
    seen: list[int] = []
    forks: list[int] = []
    fork = os.fork

    def counted_fork() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)

    def meanwhile() -> None:
        seen.append(len(forks))  # the workers, started

    original_filled = prefill.filled_stores

    def filled(*args, **kwargs):
        kwargs["meanwhile"] = meanwhile
        return original_filled(*args, **kwargs)

    from django_chained.sourcetree import standalone

    monkeypatch.setattr(standalone, "filled_stores", filled)
    alone = scan_tree(root, use_cache=False, jobs=1)
    assert seen == []  # one job: no workers, nothing to overlap
    shared = scan_tree(root, use_cache=False, jobs=2)
    assert len(seen) == 1 and seen[0] >= 1 and always_workers[-1] > 0
    assert sorted(r.fingerprint for r in shared.records) == sorted(
        r.fingerprint for r in alone.records
    )

    def fails() -> None:
        raise ImportError("a broken install")

    from django_chained.scan.engine import stores
    from django_chained.sourcetree.facts_cache import facts_store
    from django_chained.sourcetree.tree import SourceTree

    tree = SourceTree.discover(root, (), None)
    python = [str(p) for p in tree.python_files]
    work = [(p, "python") for p in python]
    engine, facts = stores(python, None), facts_store(tree, None)
    assert prefill.prefill(tree, work, engine, facts, jobs=2, meanwhile=fails) == 0


def test_loading_the_scan_leaves_the_cross_file_judgement_unloaded():
    """Imported with the workers running, not at start-up (see ``standalone``)."""
    loaded = _loaded_after("import django_chained.sourcetree.standalone")
    assert "django_chained.sourcetree.standalone" in loaded
    assert "django_chained.sourcetree.tree_findings" not in loaded
    assert "packaging.specifiers" not in loaded


def _loaded_after(code: str) -> set[str]:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, env=env, timeout=120, check=True,
        cwd=TESTS.parent,
    )  # fmt: skip
    return set(completed.stdout.split())
