"""Findings per rule ID of the standalone scan on pinned releases of well-known Django projects.

Run: ``python benchmarks/precision.py [--keep DIR] [--corpus DIR] [--only NAME ...]``.

Libraries: each project's source distribution is fetched with ``pip download --no-deps --no-binary :all:``
(never installed) into a temporary directory, unpacked, and scanned with
``python -m django_chained scan DIR --format json --no-cache``, exactly as a user would.
The script prints, per project, the Python files and templates scanned, the scan's wall time
(interpreter start included) and the findings per ID; it makes no judgement: which findings are
true or false positives is a manual triage, recorded with the figures in the change that uses them.
When the package index cannot be reached, the projects it could not fetch are named and skipped.

Sites: the real Django applications of ``benchmarks/sites.py`` are located under ``--corpus``
(default /tmp/corpus, one folder per site), scanned the same way, and their loud findings
(warnings and errors) joined with the verdicts in ``benchmarks/verdicts/``. A missing tree is
skipped with the command that fetches its pinned commit. The script prints, per site and per
ID, the findings and how many are true, deliberate, false or unjudged, the overall share of
true-or-deliberate and of false findings, and the median loud findings per site.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sites import SITES, how_to_get, judge, locate, report  # noqa: E402
from django_chained.sourcetree.tree import SourceTree  # noqa: E402

#: Pinned so the counts stay comparable from one run to the next.
PROJECTS = {
    "wagtail": "8.0.1",
    "django-cms": "5.1.3",
    "django-allauth": "65.22.1",
    "django-oscar": "4.2.1",
    "django-filer": "3.6.0",
    "djangorestframework": "3.18.3",
    "django-debug-toolbar": "8.0.0",
    "mezzanine": "6.1.1",
    "django-import-export": "4.4.3",
}


def download(name: str, version: str, into: Path) -> Path | None:
    """The unpacked source tree of ``name==version``, or ``None`` when it could not be fetched."""
    target = into / "sdists" / name
    target.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
        "--disable-pip-version-check", "--quiet", "--dest", str(target), f"{name}=={version}",
    ]  # fmt: skip
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    archives = sorted(target.glob("*.tar.gz"))
    if completed.returncode != 0 or not archives:
        return None
    unpacked = into / "src"
    with tarfile.open(archives[0]) as archive:
        archive.extractall(unpacked, filter="data")
    wanted = f"{name}-{version}"
    folders = [
        p for p in unpacked.iterdir() if p.name.lower().replace("_", "-") == wanted
    ]
    return folders[0] if folders else None


def scan(tree: Path, report: Path) -> float:
    """Seconds the standalone scan took on ``tree``; its JSON report is written to ``report``."""
    command = [
        sys.executable, "-m", "django_chained", "scan", str(tree),
        "--format", "json", "--no-cache", "--output", str(report),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    return time.perf_counter() - start


def scan_libraries(names: list[str], workdir: Path) -> None:
    """Download, scan and print the findings per ID of each library in ``names``."""
    totals: Counter[str] = Counter()
    unreachable = []
    for name in names:
        version = PROJECTS[name]
        tree = download(name, version, workdir)
        if tree is None:
            unreachable.append(f"{name}=={version}")
            print(
                f"{name}=={version}: could not be downloaded (package index unreachable?), skipped"
            )
            continue
        files = SourceTree.discover(tree, ())
        report_path = workdir / f"{name}.json"
        seconds = scan(tree, report_path)
        if not report_path.exists():
            print(f"{name}=={version}: the scan wrote no report, skipped")
            continue
        counts = Counter(
            f["id"] for f in json.loads(report_path.read_text())["findings"]
        )
        totals += counts
        print(
            f"{name}=={version}: {len(files.python_files)} Python files, "
            f"{len(files.template_files)} templates, {seconds:.2f} s, {sum(counts.values())} findings"
        )
        for check_id, count in sorted(counts.items()):
            print(f"    {check_id:<24} {count:>4}")
    if names and len(unreachable) == len(names):
        print(
            "No project could be downloaded: is the package index reachable? Nothing scanned."
        )
        return
    print(f"all projects: {sum(totals.values())} findings")
    for check_id, count in sorted(totals.items()):
        print(f"    {check_id:<24} {count:>4}")


def scan_sites(names: list[str], corpus: Path, workdir: Path) -> None:
    """Scan each located site in ``names`` and print its findings joined with the verdicts."""
    per_site = {}
    for site in (s for s in SITES if s.name in names):
        tree = locate(site, corpus)
        if tree is None:
            print(
                f"{site.name}: no tree under {corpus}, skipped; get it with: {how_to_get(site, corpus)}"
            )
            continue
        report_path = workdir / f"site-{site.name}.json"
        seconds = scan(tree, report_path)
        if not report_path.exists():
            print(f"{site.name}: the scan wrote no report, skipped")
            continue
        findings = json.loads(report_path.read_text())["findings"]
        per_site[site.name] = judge(findings, site)
        print(
            f"{site.name}@{site.commit[:12]}: {seconds:.2f} s, {len(findings)} findings"
        )
    if not per_site:
        print(f"No site tree found under {corpus}: nothing to judge.")
        return
    for line in report(per_site):
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", type=Path, help="Download and unpack here, and keep it."
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path("/tmp/corpus"),
        help="Folder holding one source tree per site (default: /tmp/corpus).",
    )
    site_names = [site.name for site in SITES]
    parser.add_argument(
        "--only", nargs="*", choices=sorted([*PROJECTS, *site_names]), default=None
    )
    args = parser.parse_args()
    chosen = args.only or [*PROJECTS, *site_names]
    with tempfile.TemporaryDirectory(prefix="chained-precision-") as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        libraries = [name for name in chosen if name in PROJECTS]
        if libraries:
            scan_libraries(libraries, workdir)
        sites = [name for name in chosen if name in site_names]
        if sites:
            scan_sites(sites, args.corpus, workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
