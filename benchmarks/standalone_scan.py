"""``django-chained scan`` on a source tree: the whole standalone scan against the ast.parse floor.

Run: ``python benchmarks/standalone_scan.py [--rounds 5] [--root PATH ...]``
(default root: Django's own source; e.g. also an unpacked sdist,
``pip download --no-deps --no-binary :all: wagtail==6.3`` into /tmp, then ``--root /tmp/wagtail-6.3``).
Each round runs, in a shuffled order: (a) the floor, reading and ``ast.parse``-ing every ``.py`` file
the scan sees; (b) the standalone scan cold (no cache); (c) the standalone scan warm, re-using a cache
written before the rounds; each both inside this interpreter and as a fresh process (``python -c`` for
the floor, ``python -m django_chained scan --format json`` for the scans), so interpreter start and
imports count (with the modules' bytecode compiled once, as an installed package has it).
The report gives each variant's median time and the median over rounds of its ratio to the floor
measured in the same round (in-process variants against the in-process floor, processes against the
floor process), then the two ratios issue 11 sets targets for, warm/cold and cold/floor with the
interpreter start included, each the median of the ratios within a round; then how many times
``ast.parse`` ran per Python file in one cold and one warm scan, and a digest of the findings (to
compare runs before and after a change).

Figures (Python 3.11.7, 5 rounds per run, two runs each alternating before/after; medians x floor):

                            cold before  cold after  warm before  warm after
Django 5.2.19 (870 files)   5.35, 5.40   1.16, 1.29  4.04, 3.91   0.88, 0.97
wagtail 6.3 (1170 files)    5.13, 5.78   1.26, 1.29  3.81, 4.09   0.95, 0.96

wagtail in seconds: cold 5.9 -> 1.5, warm 4.2 -> 1.1 (floor 1.0-1.1); max RSS unchanged (~296 MB).
``ast.parse`` per Python file went from 2.00 cold / 1.00 warm to 1.00 / 1.00.
Most of the gain is not the second parse but the cyclic garbage collector: with every tree held, each
collection walked all of them; the scan now pauses it (the trees hold no cycles), which is also why
the warm scan can beat a floor that runs with the collector on.
Findings are identical with and without the change (checked on both trees and ``testproject``).

Issue 11 (per-file facts and |safe pass data cached by content; the names a method uses read only
when the view guard follows it; trigger words as a prefix tree), Django 5.2 (870 files), 3 rounds
per run, three runs on a shared two-core machine (load 9-10), ratios as printed (wall, CPU):

                                     run 1       run 2       run 3       target
warm / cold, in one process          0.12, 0.11  0.11, 0.11  0.11, 0.11  <= 0.10
warm / cold, as django-chained scan  0.29, 0.27  0.25, 0.27  0.26, 0.27
cold / floor, interpreter included   2.63, 2.97  3.00, 3.00  2.85, 2.96  <= 1.5
ast.parse per Python file            cold 1.00, warm 0.00 in every run

In one process cold is 1.9x the floor (CPU ~1.7 s against ~0.88 s). A cold ``django-chained scan``
process spends, in CPU seconds: ~0.36 importing the package and Django and running
``django.setup()`` (``django.core.management`` alone ~0.06, the setup ~0.16); ~0.6 parsing (the
floor); ~0.35 in the rules and 0.14 in their trigger-word pre-filter; 0.14 in the |safe pass; 0.12
extracting the readers' facts; 0.05 walking the tree; ~0.09 freeing the syntax trees. A warm one
(~0.19 CPU s in one process) reads and hashes every file (0.06), decodes the cached facts (0.05) and
walks the tree (0.05).

Cold scans with worker processes (one per core, ``--jobs``) and a lighter start-up (no
``django.setup()``, no live check modules), Django 5.2 (870 files), 5 rounds, two runs on the
idle two-core machine, medians (wall, CPU):

                                             with workers  --jobs 1    target
warm / cold, in one process                  0.19, 0.11    0.10, 0.10  <= 0.10
cold / floor, interpreter start included     1.82, 2.85    3.10, 3.10  <= 1.5
                                             1.89, 2.93    3.09, 3.09
cold process in seconds                      1.07-1.11 (floor process 0.59), 1.81-1.83 with one job

Two cores halve the per-file work but not the start-up (~0.25 s) nor the serial pass that follows
the workers (~0.16 s, what a warm scan does), so cold stays above 1.5x the floor here; and the
faster the cold scan, the larger the warm one's share of it.

The serial part shrunk (files signed by size, mtime, ctime and inode, so unchanged ones are not
read; the last walk of the tree reused while no folder changed; templates' references cached;
facts stored column by column; the root resolved only when needed; workers sign what they hash),
then this stop's new rules were merged (W150 by use, W259, W260, I215, W311, I310, W654, and W258,
W251, W653 extended); Django 5.2 (870 files), 5 rounds, idle two-core machine (wall, CPU):

                                             with workers  --jobs 1    target
warm / cold, in one process                  0.11, 0.06    0.05, 0.05  <= 0.10
cold / floor, interpreter start included     2.00, 3.27    3.49, 3.49  <= 1.5
seconds: warm in one process 0.100 (was ~0.16), cold 0.95 wall / 1.75 CPU, floor 0.80;
cold process 1.26, floor process 0.63, warm process 0.38 (was 0.46)

Before the last commits of that stop, two of the new rules' function handlers walked every function of
every file the pre-filter let through: a cold scan took 2.35 s of CPU with one job instead of 1.8 s.
Per-file rule work (about 1.2 s of CPU beyond the 0.6 s of parsing, mostly generic ``ast.walk``
passes of individual rules) is what keeps cold above 1.5x the floor.

The next stop (per-file work: ASCII word boundaries for the pre-filter and render calls,
``node_walk`` instead of ``ast.walk``, walks skipped or shared where a text or function test
settles the answer, answers rules asked again kept per function; start-up: the program runs
without the cyclic collector and freezes at exit, the cross-file judgement is imported and each
worker's facts and views decoded while the workers scan, no source hashing without a cache file),
Django 5.2 (870 files), 5 rounds, runs alternating 1ee7da4 (before) and the stop's last commits
(after: fc98fa8 twice, 5a0ee6c twice) on the shared two-core machine,
four runs each, wall and CPU:
before, warm / cold in one process      0.10, 0.06   0.10, 0.06   0.10, 0.06   0.10, 0.05
after                                   0.12, 0.07   0.12, 0.07   0.12, 0.06   0.12, 0.06   target <= 0.10
before, cold / floor, interpreter incl. 1.97, 3.23   1.99, 3.28   2.02, 3.28   2.04, 3.36
after                                   1.52, 2.60   1.43, 2.46   1.52, 2.58   1.49, 2.54   target <= 1.5
seconds (5a0ee6c): cold process 1.30 and 1.38 -> 1.00 and 1.01 (floor process 0.64-0.67); with one
job 2.28 and 2.37 -> 1.49 and 1.54; warm process 0.42 and 0.43 -> 0.30 and 0.31; warm in one process
0.106 and 0.109 -> 0.104 and 0.110. Findings identical (digest 5beb23c7c36f). The workers' peak RSS
(about 120 MB each) is unchanged; the benchmark process's peak went from 217 to 233-259 MB.

What keeps cold at about 1.5x: about 0.26 s of it runs on one core (interpreter and imports 0.16,
the walk of the tree 0.035, the judgement after the workers 0.05, exit 0.015), and the workers
spend about 1.3 s of CPU per cold scan, 0.56 of it in ``ast.parse``, 0.1 in the trigger-word
pre-filter, 0.23 in the walk and the rules, 0.12 in the readers' facts. Warm / cold rose in wall
time because cold fell: the warm scan (0.10-0.11 s, one core) decodes the cached facts (0.03),
checks each folder and file for changes (0.02) and judges across files (0.05).

The stop after (908fcff: a tree in which nothing changed gives the last scan's findings,
``result_memo``), Django 5.2, 5 rounds, three runs on the idle two-core machine (wall, CPU):
warm / cold in one process              0.03, 0.01   0.03, 0.01   0.03, 0.01   target <= 0.10
1 file edited / cold, in one process    0.19, 0.10   0.19, 0.10   0.18, 0.10
cold / floor, interpreter incl.         1.49, 2.54   1.51, 2.59   1.50, 2.55   target <= 1.5
seconds: warm in one process 0.020-0.022 (was 0.10), warm process 0.21-0.22 (was 0.29), a warm scan
after an edit to the largest file 0.14-0.15, cold process 0.88-0.92 (floor process 0.59-0.61).
"Warm" is a scan of an unchanged tree; after an edit the scan judges across files again, from the
per-file caches.

Then, the same stop (b36a461: workers forked directly, batches that shrink; 1b77ad4: the tree walked
in a child while the rules are imported; 53e1958: no interpreter teardown at exit), six runs on the
idle two-core machine (wall, CPU):
cold / floor, interpreter incl.   1.32, 2.35   1.39, 2.47   1.44, 2.55   1.42, 2.51   1.41, 2.50
                                  1.45, 2.58                                           target <= 1.5
warm / cold in one process        0.03 in every run                                    target <= 0.10
seconds: cold process 0.84-0.93 (floor process 0.59-0.66), warm process 0.20-0.23.
Interleaved A/B of cold processes: the pool replaced, 0.89 -> 0.87 s (1.47 -> 1.43); the early walk,
0.877 -> 0.870 and 0.955 -> 0.925 s; the exit, 0.866 -> 0.855 s. What is left before the workers
start (about 0.16 s) is imports: 0.07 s for the command line and reports (Django's check, template
and management modules among them), 0.07 s for the rules and readers.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

from django_chained.cli import _configure_django  # noqa: E402

_configure_django()  # the scan's modules import Django's auth models

from django_chained.scan.cache import RACY_NS  # noqa: E402
from django_chained.sourcetree.standalone import scan_tree  # noqa: E402
from django_chained.sourcetree.tree import SourceTree  # noqa: E402

TODAY = date(2026, 1, 1)


def floor(files: list[Path]) -> int:
    for path in files:
        with suppress(SyntaxError):
            ast.parse(path.read_bytes(), filename=str(path))
    return len(files)


#: The floor in a fresh interpreter: start Python, read and parse each file named in the list file.
FLOOR_PROCESS = (
    "import ast, sys\n"
    "for name in open(sys.argv[1], encoding='utf-8').read().splitlines():\n"
    "    try:\n"
    "        ast.parse(open(name, 'rb').read(), filename=name)\n"
    "    except SyntaxError:\n"
    "        pass\n"
)


def process(argv: list[str], pycache: Path) -> Callable[[], object]:
    """A fresh interpreter running ``argv``, with compiled bytecode as an installed package has it.

    ``PYTHONDONTWRITEBYTECODE`` (set on some machines) would make every run compile each imported
    module of a source checkout again; the bytecode goes to ``pycache``, not into the checkout.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)

    def run() -> None:
        subprocess.run(argv, check=False, capture_output=True, env=env)

    return run


def scan(root: Path, cache: Path | None, jobs: int | None = None) -> list[Any]:
    result = scan_tree(
        root, cache_dir=cache, use_cache=cache is not None, today=TODAY, jobs=jobs
    )
    return result.records


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock seconds, and CPU seconds of this process and of the processes it waited for."""

    def cpu() -> float:
        mine = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return sum(r.ru_utime + r.ru_stime for r in (mine, children))

    wall, used = time.perf_counter(), cpu()
    run()
    return time.perf_counter() - wall, cpu() - used


@contextmanager
def counting_parses() -> Iterator[list[int]]:
    """Counts ``ast.parse`` calls, wherever they come from."""
    calls = [0]
    original = ast.parse

    def parse(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    ast.parse = parse
    try:
        yield calls
    finally:
        ast.parse = original


def digest(records: list[Any]) -> str:
    rows = sorted(f"{r.id}|{r.file}|{r.line}|{r.obj}|{r.message}" for r in records)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12]


def variants(
    root: Path, files: list[Path], work: Path
) -> dict[str, Callable[[], object]]:
    """Each variant, in this interpreter and as a fresh process (interpreter start and imports included)."""
    cache = work / root.name
    scan(root, cache)  # the warm variants read this cache
    listing = work / f"{root.name}.files"
    listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "django_chained",
        "scan",
        str(root),
        "--format",
        "json",
    ]
    command += ["-o", os.devnull]
    cli_cache = work / f"{root.name}-cli"
    pycache = work / "pycache"
    process([*command, "--cache-dir", str(cli_cache)], pycache)()  # fills the caches
    return {
        "floor": lambda: floor(files),
        "cold": lambda: scan(root, None),
        "cold, 1 job": lambda: scan(root, None, jobs=1),
        "warm": lambda: scan(root, cache),
        "warm, 1 file edited": edited(root, files, work),
        "floor process": process(
            [sys.executable, "-c", FLOOR_PROCESS, str(listing)], pycache
        ),
        "cold process": process([*command, "--no-cache"], pycache),
        "cold process, 1 job": process([*command, "--no-cache", "-j", "1"], pycache),
        "warm process": process([*command, "--cache-dir", str(cli_cache)], pycache),
    }


def edited(root: Path, files: list[Path], work: Path) -> Callable[[], object]:
    """A warm scan of a copy of ``root`` after a change to one file's bytes, as after an edit.

    The copy's files settle (``RACY_NS``) before its cache is written, as a checkout's have.
    """
    copy = work / f"{root.name}-edited"
    shutil.copytree(root, copy)
    time.sleep(RACY_NS / 1e9 + 0.2)
    cache = work / f"{root.name}-edited-cache"
    scan(copy, cache)
    target = copy / max(files, key=lambda p: p.stat().st_size).relative_to(root)
    original = target.read_text(encoding="utf-8")
    edits = [0]

    def run() -> None:
        edits[0] += 1
        target.write_text(f"{original}# edit {edits[0]}\n", encoding="utf-8")
        scan(copy, cache)

    return run


def ratio(times: dict[str, list[float]], over: str, under: str) -> float:
    """The median over rounds of the ratio within each round: the machine's load mostly cancels out."""
    return statistics.median(
        a / b for a, b in zip(times[over], times[under], strict=True)
    )


def report(walls: dict[str, list[float]], cpus: dict[str, list[float]]) -> None:
    """Each variant's medians, then the two ratios issue 11 sets targets for, in wall-clock and CPU time.

    CPU time (user + system, of the scanning process) is what a busy shared machine disturbs least.
    """
    print(f"  {'variant':<22} {'wall s':>7} {'x floor':>8} {'CPU s':>7} {'x floor':>8}")
    for name in walls:
        base = "floor process" if "process" in name else "floor"
        print(
            f"  {name:<22} {statistics.median(walls[name]):>7.3f} {ratio(walls, name, base):>8.2f}"
            f" {statistics.median(cpus[name]):>7.3f} {ratio(cpus, name, base):>8.2f}"
        )
    targets = (
        ("warm / cold, in one process", "warm", "cold", "<= 0.10"),
        ("warm / cold with 1 job, in one process", "warm", "cold, 1 job", ""),
        ("1 file edited / cold, in one process", "warm, 1 file edited", "cold", ""),
        ("warm / cold, as django-chained scan", "warm process", "cold process", ""),
        (
            "cold / floor, interpreter start included",
            "cold process",
            "floor process",
            "<= 1.5",
        ),
        (
            "the same with 1 job",
            "cold process, 1 job",
            "floor process",
            "",
        ),
    )
    print(
        f"  {'ratio (median of per-round ratios)':<42} {'wall':>5} {'CPU':>5}  target"
    )
    for label, over, under, target in targets:
        print(
            f"  {label:<42} {ratio(walls, over, under):>5.2f} {ratio(cpus, over, under):>5.2f}  {target}"
        )


def bench(root: Path, rounds: int, work: Path) -> None:
    files = SourceTree.discover(root).python_files
    print(f"{root}: {len(files)} Python files")
    runs = variants(root, files, work)
    walls: dict[str, list[float]] = {n: [] for n in runs}
    cpus: dict[str, list[float]] = {n: [] for n in runs}
    for _ in range(rounds):
        order = list(runs)
        random.shuffle(order)
        for name in order:
            wall, cpu = timed(runs[name])
            walls[name].append(wall)
            cpus[name].append(cpu)
    report(walls, cpus)
    # With one job: worker processes parse in their own interpreters, where this count cannot see.
    with counting_parses() as cold_calls:
        records = scan(root, None, jobs=1)
    with counting_parses() as warm_calls:
        scan(root, work / root.name, jobs=1)
    if digest(scan(root, None)) != digest(records):
        raise SystemExit("the scan with workers reports otherwise than with one job")
    print(
        f"  ast.parse per Python file: cold {cold_calls[0] / len(files):.2f}, warm {warm_calls[0] / len(files):.2f}"
    )
    print(f"  {len(records)} findings, digest {digest(records)}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  max RSS of the run so far: {rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--root", type=Path, action="append", help="A source tree (repeatable)."
    )
    args = parser.parse_args()
    roots = args.root or [Path(django.__file__).parent]
    work = Path(tempfile.mkdtemp(prefix="chained-standalone-bench-"))
    try:
        for root in roots:
            bench(root.resolve(), args.rounds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
