"""Mutation testing of the security-relevant modules: which one-line bugs would the test suite miss?

Run: ``python benchmarks/mutation.py [--modules PATH ...] [--sample N --seed S] [--jobs J] [--timeout SECONDS]``.

The worktree is copied to a temporary directory (one copy per job) and only the copies are mutated; the real
files are never touched. For each mutant (``benchmarks/mutants.py``: comparison flips, ``and``/``or`` swaps, a
removed ``not``, constant and string tweaks, an element dropped from a literal tuple/set/frozenset,
``return None``) the script writes the mutated module into a copy, runs the test files that cover that module
with ``python -m pytest -x -q -p no:randomly`` under a per-mutant timeout, and restores the module.
A failing run (or a timeout) kills the mutant; a passing one lets it survive.
It prints killed/survived per module, the overall kill rate, and every survivor as ``file:line: mutation``.
The tests covering a module are ``tests/test_<name>.py`` (or ``test_<package>_<name>.py``), the test files
that import it, and for
``settings_spec.py`` and the scan rules the test files of the code that uses them (``EXTRA_TESTS``).
Survivors are not all gaps: an equivalent mutant (a cache's size) cannot be killed by any test.
Those listed in ``benchmarks/mutation_equivalent.tsv`` (see ``equivalence.py``) are reported apart and left
out of the kill rate, which is killed / non-equivalent; a listed mutant the tests kill is flagged as a wrong
entry, and entries matching no mutant of the modules as stale.
Exits 1 when the covering tests fail before any mutation (the figures would mean nothing) or the list of
equivalent mutants is malformed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Queue

import equivalence
from mutants import Mutant, mutants

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_chained"

DEFAULT_MODULES = (
    *(
        f"django_chained/{name}.py"
        for name in (
            "middleware", "mixins", "decorators", "ownership", "forms",
            "storage", "filenames", "conf", "settings_spec",
        )
    ),
    *sorted(
        str(path.relative_to(ROOT))
        for path in (PACKAGE / "scan" / "python").glob("*.py")
        if path.name != "__init__.py"
    ),
    "django_chained/scan/templates.py",
)  # fmt: skip

#: Modules exercised mostly through other code: the test files of that code cover them too.
EXTRA_TESTS: dict[str, tuple[str, ...]] = {
    "django_chained/settings_spec.py": ("tests/test_conf.py", "tests/test_checks_config.py"),
    "django_chained/scan/": (
        "tests/test_scan_python.py", "tests/test_scan_templates.py", "tests/test_scan_engine.py",
        "tests/test_checks_code_rules.py", "tests/test_checks_xss.py", "tests/test_checks_sql.py",
        "tests/test_checks_csrf.py",
    ),
}  # fmt: skip

_CACHES = shutil.ignore_patterns(
    ".git",
    "__pycache__",
    ".tox",
    ".hypothesis",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
)


def copy_ignored(folder: str, names: list[str]) -> set[str]:
    """What a copy leaves out: caches and the CI's virtualenv (tests read ``.ci/readme_command.py``)."""
    ignored = set(_CACHES(folder, names))
    if Path(folder).name == ".ci":
        ignored |= {"venv", "main-job.txt"}
    return ignored


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    killed: bool
    timed_out: bool
    equivalent: equivalence.Equivalence | None = None


def covering_tests(module: str) -> list[str]:
    """Test files for ``module`` (a path relative to the repository root)."""
    dotted = module.removesuffix(".py").replace("/", ".")
    package, _, name = dotted.rpartition(".")
    imports = re.compile(
        rf"\b{re.escape(dotted)}\b|from {re.escape(package)} import [^\n]*\b{name}\b"
    )
    candidates = [
        f"test_{name}.py",
        *(f"test_{part}_{name}.py" for part in package.split(".")),
    ]
    found = {f"tests/{c}" for c in candidates if (ROOT / "tests" / c).is_file()}
    for test in (ROOT / "tests").rglob("test_*.py"):
        if imports.search(test.read_text(encoding="utf-8")):
            found.add(str(test.relative_to(ROOT)))
    for prefix, extra in EXTRA_TESTS.items():
        if module.startswith(prefix):
            found.update(extra)
    return sorted(found)


def run_tests(
    copy: Path, tests: list[str], timeout: float, *, show_failure: bool = False
) -> tuple[bool, bool]:
    """``(passed, timed_out)`` for ``pytest -x`` over ``tests`` in ``copy``; ``show_failure`` prints its end."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONWARNINGS": "ignore"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        *tests,
    ]
    try:
        result = subprocess.run(
            command,
            cwd=copy,
            env=env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, True
    if show_failure and result.returncode != 0:
        print(result.stdout.decode(errors="replace")[-3000:], file=sys.stderr)
    return result.returncode == 0, False


def try_mutant(
    copy: Path,
    mutant: Mutant,
    tests: list[str],
    timeout: float,
    equivalent: equivalence.Equivalence | None,
) -> Outcome:
    target = copy / mutant.path
    original = target.read_text(encoding="utf-8")
    target.write_text(mutant.text, encoding="utf-8")
    try:
        passed, timed_out = run_tests(copy, tests, timeout)
    finally:
        target.write_text(original, encoding="utf-8")
    return Outcome(mutant, not passed, timed_out, equivalent)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--modules", nargs="+", default=list(DEFAULT_MODULES), metavar="PATH"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        metavar="N",
        help="test N random mutants (0: all)",
    )
    parser.add_argument("--seed", type=int, default=0, help="the sample's random seed")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="mutants tested at once, each in its own copy",
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds per mutant's test run"
    )
    args = parser.parse_args(argv)
    for module in args.modules:
        if not (ROOT / module).is_file() or not module.endswith(".py"):
            parser.error(f"--modules: {module} is not a Python file under {ROOT}")
    if args.sample < 0 or args.jobs < 1 or args.timeout <= 0:
        parser.error("--sample must be >= 0, --jobs >= 1 and --timeout > 0")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        listed = equivalence.load()
    except (OSError, ValueError) as error:
        print(f"Cannot read the equivalent mutants: {error}", file=sys.stderr)
        return 1
    sources = {m: (ROOT / m).read_text(encoding="utf-8") for m in args.modules}
    every = [m for module in args.modules for m in mutants(module, sources[module])]
    keys = {m: equivalence.key_of(m, sources[m.path]) for m in every}
    found = set(keys.values())
    stale = [e for k, e in listed.items() if k[0] in sources and k not in found]
    chosen = (
        random.Random(args.seed).sample(every, min(args.sample, len(every)))
        if args.sample
        else every
    )
    tests = {module: covering_tests(module) for module in args.modules}
    print(
        f"{len(every)} mutants in {len(args.modules)} modules; testing {len(chosen)}.",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="chained-mutation-") as scratch:
        copies: Queue[Path] = Queue()
        for job in range(args.jobs):
            copy = Path(scratch) / f"copy{job}"
            shutil.copytree(ROOT, copy, ignore=copy_ignored)
            copies.put(copy)
        covering = sorted({test for m in chosen for test in tests[m.path]})
        if not run_tests(
            copies.queue[0], covering, args.timeout * 4, show_failure=True
        )[0]:
            print(
                f"The tests fail before any mutation: {' '.join(covering)}",
                file=sys.stderr,
            )
            return 1

        def work(mutant: Mutant) -> Outcome:
            copy = copies.get()
            try:
                return try_mutant(
                    copy,
                    mutant,
                    tests[mutant.path],
                    args.timeout,
                    listed.get(keys[mutant]),
                )
            finally:
                copies.put(copy)

        started = time.monotonic()
        with ThreadPoolExecutor(args.jobs) as pool:
            outcomes = list(
                pool.map(work, sorted(chosen, key=lambda m: (m.path, m.line)))
            )
    report(outcomes, time.monotonic() - started, stale)
    return 0


def report(
    outcomes: list[Outcome], seconds: float, stale: list[equivalence.Equivalence]
) -> None:
    counted = [o for o in outcomes if o.equivalent is None]
    killed = Counter(o.mutant.path for o in counted if o.killed)
    survived = Counter(o.mutant.path for o in counted if not o.killed)
    equivalent = Counter(o.mutant.path for o in outcomes if o.equivalent is not None)
    paths = sorted(killed | survived | equivalent)
    width = max((len(path) for path in paths), default=10)
    print(f"\n{'module':<{width}}  killed  survived  equivalent")
    for path in paths:
        print(
            f"{path:<{width}}  {killed[path]:>6}  {survived[path]:>8}  {equivalent[path]:>10}"
        )
    total = len(counted)
    timeouts = sum(o.timed_out for o in counted)
    rate = sum(killed.values()) / total if total else 0.0
    print(
        f"\nkill rate: {sum(killed.values())}/{total} non-equivalent = {rate:.0%} "
        f"({timeouts} by timeout; {sum(equivalent.values())} equivalent left out), {seconds:.0f} s"
    )
    print("\nsurvivors:")
    for outcome in counted:
        if not outcome.killed:
            print(f"  {outcome.mutant}")
    print("\nequivalent (benchmarks/mutation_equivalent.tsv):")
    for outcome in outcomes:
        if outcome.equivalent is not None:
            wrong = "  KILLED: the entry is wrong" if outcome.killed else ""
            print(f"  {outcome.mutant}: {outcome.equivalent.reason}{wrong}")
    for entry in stale:
        print(
            f"stale entry, no such mutant: {entry.module}: {entry.original!r} -> {entry.mutated!r}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
