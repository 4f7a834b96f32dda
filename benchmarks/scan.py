"""The scan engine over Django's own source: the ast.parse floor, our engine cold and warm, and bandit.

Run: ``python benchmarks/scan.py [--rounds 3] [--root PATH]``.
Each round runs, in a shuffled order: (a) the floor, reading and ``ast.parse``-ing every file;
(b) our engine cold, into a fresh cache directory; (c) our engine warm, re-using (b)'s cache;
(d) bandit restricted to its Django/SQL/XSS tests (B308, B608, B610, B611, B703), in-process.
The report gives each variant's median time and the median over rounds of its ratio to the floor
measured in the same round, then peak Python heap (tracemalloc, one extra pass each) and max RSS.
Targets: cold <= 1.5x floor, warm <= 10% of cold, peak < 300 MB.
"""

from __future__ import annotations

import argparse
import ast
import logging
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

from django_chained.scan import scan_paths  # noqa: E402
from django_chained.scan.python.walker import scan_python  # noqa: E402

BANDIT_TESTS = ["B308", "B608", "B610", "B611", "B703"]


def floor(files: list[str]) -> int:
    for name in files:
        ast.parse(Path(name).read_text(encoding="utf-8"), filename=name)
    return len(files)


def ours(files: list[str], cache_dir: str) -> int:
    return len(scan_paths(files, cache_dir=cache_dir).findings)


def bandit(files: list[str]) -> int:
    from bandit.core import config, manager  # type: ignore[import-untyped]

    logging.getLogger("bandit").setLevel(logging.ERROR)
    runner = manager.BanditManager(
        config.BanditConfig(),
        "file",
        profile={"include": set(BANDIT_TESTS), "exclude": set()},
    )
    runner.discover_files(files)
    runner.run_tests()
    return len(runner.get_issue_list())


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = run()
    return time.perf_counter() - start, count


def peak_mb(run: Callable[[], int]) -> float:
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--root", default=str(Path(django.__file__).parent))
    args = parser.parse_args()
    files = sorted(str(p) for p in Path(args.root).rglob("*.py"))
    lines = sum(Path(f).read_text(encoding="utf-8").count("\n") for f in files)
    print(f"{len(files)} files, {lines} lines under {args.root}")
    work = Path(tempfile.mkdtemp(prefix="chained-bench-"))
    times: dict[str, list[float]] = {n: [] for n in ("floor", "cold", "warm", "bandit")}
    ratios: dict[str, list[float]] = {n: [] for n in times}
    counts: dict[str, int] = {}
    try:
        for index in range(args.rounds):
            cache = str(work / f"round{index}")
            # Warm must follow cold (it reads cold's cache); the rest is shuffled.
            order = ["floor", "engine", "bandit"]
            random.shuffle(order)
            this: dict[str, float] = {}
            for name in order:
                if name == "floor":
                    this["floor"], counts["floor"] = timed(lambda: floor(files))
                elif name == "bandit":
                    this["bandit"], counts["bandit"] = timed(lambda: bandit(files))
                else:
                    this["cold"], counts["cold"] = timed(lambda: ours(files, cache))  # noqa: B023
                    this["warm"], counts["warm"] = timed(lambda: ours(files, cache))  # noqa: B023
            for name, seconds in this.items():
                times[name].append(seconds)
                ratios[name].append(seconds / this["floor"])
        warm_share = statistics.median(
            w / c for w, c in zip(times["warm"], times["cold"], strict=True)
        )
        print(f"{'variant':<8} {'median s':>9} {'x floor':>8} {'findings':>9}")
        for name in times:
            print(
                f"{name:<8} {statistics.median(times[name]):>9.3f} "
                f"{statistics.median(ratios[name]):>8.2f} {counts[name]:>9}"
            )
        print(f"warm / cold: {warm_share:.1%} (target <= 10%)")
        print(
            f"cold / floor: {statistics.median(ratios['cold']):.2f}x (target <= 1.5x)"
        )
        print(
            f"bandit / cold: {statistics.median(b / c for b, c in zip(times['bandit'], times['cold'], strict=True)):.1f}x"
        )
        pruned = {(f.path, f.line, f.id) for f in scan_paths(files).findings}
        exhaustive = set()
        for name in files:
            text = Path(name).read_text(encoding="utf-8")
            exhaustive |= {
                (f.path, f.line, f.id) for f in scan_python(name, text, exhaustive=True)
            }
        print(f"pre-filter and pruned walk dropped no finding: {pruned == exhaustive}")
        memory_cache = str(work / "memory")
        print("peak Python heap (tracemalloc):")
        print(f"  floor {peak_mb(lambda: floor(files)):.1f} MB")
        print(f"  cold  {peak_mb(lambda: ours(files, memory_cache)):.1f} MB")
        print(f"  warm  {peak_mb(lambda: ours(files, memory_cache)):.1f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"max RSS of the whole run, bandit included: {rss:.0f} MB (target < 300 MB)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
