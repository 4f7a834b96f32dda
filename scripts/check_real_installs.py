#!/usr/bin/env python
"""Evidence for the 7xx checks on real installs, not mocks.

Creates throwaway virtual environments, installs real Django releases from the package index, and runs
``testproject/manage.py check --deploy --settings=testproject.settings_hardened`` with this checkout on
``sys.path`` (``manage.py`` puts the repository there). Prints the 7xx IDs each install reports and exits 1 if
they differ from the expected ones. Needs the package index and, for Django 6.x, a ``python3.12``.

Usage: ``python scripts/check_real_installs.py [--keep]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
MANAGE = ROOT / "testproject" / "manage.py"
VERSION_IDS = re.compile(r"django_chained\.[CEWID]7\d\d")
ALL_IDS = re.compile(r"(?:django_chained|security)\.[CEWID]\d{3}")


class Case(NamedTuple):
    python: str
    requirement: str
    expected: frozenset[str]


CASES = (
    Case("python3.11", "Django==5.2.3", frozenset({"django_chained.W701"})),
    Case("python3.11", "Django==5.1.15", frozenset({"django_chained.W703"})),
    Case("python3.11", "Django>=5.2,<5.3", frozenset()),
    Case("python3.12", "Django>=6.1,<6.2", frozenset()),
)


def run(
    command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, cwd=cwd
    )


def make_venv(python: str, where: Path) -> Path:
    interpreter = shutil.which(python)
    # A pyenv shim exists for every installed version but fails unless that version is selected.
    probe = (
        subprocess.run(
            [interpreter, "-c", "import sys; print(sys.executable)"],
            capture_output=True,
            text=True,
            check=False,
        )
        if interpreter
        else None
    )
    if probe is None or probe.returncode != 0:
        raise SystemExit(
            f"{python} not usable (pyenv: export PYENV_VERSION=3.11.7:3.10.13:3.12.1:3.13.0)"
        )
    subprocess.run([probe.stdout.strip(), "-m", "venv", str(where)], check=True)
    return where / "bin" / "python"


def pip_install(python: Path, *requirements: str) -> None:
    result = run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *requirements,
        ]
    )
    if result.returncode:
        raise SystemExit(
            f"pip install {' '.join(requirements)} failed:\n{result.stderr}"
        )


def installed_django(python: Path) -> str:
    return run(
        [str(python), "-c", "import django; print(django.__version__)"]
    ).stdout.strip()


def check_deploy(python: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "testproject.settings_hardened",
        "TESTPROJECT_DB": str(scratch / "db.sqlite3"),
        "PYTHONWARNINGS": "ignore",
    }
    env.pop("PYTHONPATH", None)
    return run([str(python), str(MANAGE), "check", "--deploy"], env=env, cwd=scratch)


def version_message_lines(output: str) -> list[str]:
    """The 7xx messages in ``check`` output, each up to and including its HINT line, and any traceback."""
    lines: list[str] = []
    inside = False
    for line in output.splitlines():
        inside = (
            inside or bool(VERSION_IDS.search(line)) or line.startswith("Traceback")
        )
        if inside:
            lines.append(line)
            inside = not line.lstrip().startswith("HINT:")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", action="store_true", help="keep the virtual environments"
    )
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="chained-real-installs-"))
    venvs: dict[str, Path] = {}
    failures = 0
    started = time.perf_counter()
    print(
        f"{'install':<30} {'python':<11} {'7xx IDs found':<32} {'expected':<28} {'secs':>5}"
    )
    try:
        for case in CASES:
            begun = time.perf_counter()
            if case.python not in venvs:
                venvs[case.python] = make_venv(case.python, scratch / case.python)
                pip_install(venvs[case.python], "packaging>=23", "asgiref>=3.8")
            python = venvs[case.python]
            pip_install(python, case.requirement)
            result = check_deploy(python, scratch)
            output = result.stdout + result.stderr
            found = frozenset(VERSION_IDS.findall(output))
            ok = found == case.expected and "Traceback" not in output
            failures += not ok
            label = f"Django {installed_django(python)} ({case.requirement})"
            print(
                f"{label:<30} {case.python:<11} {', '.join(sorted(found)) or '-':<32} "
                f"{', '.join(sorted(case.expected)) or 'none':<28} {time.perf_counter() - begun:5.1f}"
                f"{'' if ok else '  MISMATCH'}"
            )
            for line in version_message_lines(output):
                print(f"    {line}")
            others = sorted(set(ALL_IDS.findall(output)) - found)
            if others:
                print(f"    other IDs reported: {', '.join(others)}")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"{len(CASES) - failures}/{len(CASES)} installs as expected in {time.perf_counter() - started:.1f} s"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
