"""The development corpus of real Django sites and the verdicts recorded for their findings.

Each site is an open-source Django application its authors deploy, pinned by commit. Its
tree is never committed here: ``locate()`` finds it under a corpus directory (one folder per
site, named as in ``SITES``), and ``how_to_get()`` says how to put it there. The verdicts in
``benchmarks/verdicts/<site>.tsv`` were written by reading the code behind every warning and
error: ``true`` (a real flaw), ``deliberate`` (a risk the authors chose and handled) or
``false`` (the rule is wrong about this code).
"""

from __future__ import annotations

import csv
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

VERDICTS_DIR = Path(__file__).resolve().parent / "verdicts"
VERDICTS = ("true", "deliberate", "false")
LOUD_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})


@dataclass(frozen=True)
class Site:
    name: str
    repo: str
    commit: str


SITES = (
    Site("babybuddy", "babybuddy/babybuddy", "fa8bf4cd66ed149e23c215763a49a2f76dbcd2b7"),
    Site("ephios", "ephios-dev/ephios", "5188c487ac35341b54c5f6398327864322036166"),
    Site("netbox", "netbox-community/netbox", "43fe81f9e833228c9869f7ddadb67e6c5f145060"),
    Site("paperless-ngx", "paperless-ngx/paperless-ngx", "b0e0e8a35373a5d9d588a507cb63c79e50a23403"),
    Site("pretalx", "pretalx/pretalx", "5a3c2f61ecafc83cfa85aa518cc5af3d564b16ef"),
    Site("recipes", "TandoorRecipes/recipes", "d206eddbd32bd3c40feff70ad780b0f91f325eaa"),
    Site("tabbycat", "TabbycatDebate/tabbycat", "59c4d5fcda86e474be9454ea97873ca85207adf8"),
    Site("wger", "wger-project/wger", "aaba20184527b018e10f1be576202aa7e7cb4c21"),
)  # fmt: skip


def locate(site: Site, corpus: Path) -> Path | None:
    """The site's source tree under ``corpus``, or ``None`` when it is not there."""
    tree = corpus / site.name
    return tree if tree.is_dir() and any(tree.iterdir()) else None


def how_to_get(site: Site, corpus: Path) -> str:
    """What to run to put the pinned tree where ``locate()`` looks for it."""
    target = corpus / site.name
    return (
        f"git clone https://github.com/{site.repo} {target} && "
        f"git -C {target} checkout {site.commit}  "
        f"(or fetch github:{site.repo} with the session's fetch tool and "
        f"`git archive {site.commit} | tar -x -C {target}`)"
    )


Key = tuple[str, str, str]  # path, line ("" when the finding has none), ID


def load_verdicts(site: Site) -> dict[Key, list[str]]:
    """Verdicts recorded for ``site``, by finding; empty when none were recorded."""
    path = VERDICTS_DIR / f"{site.name}.tsv"
    verdicts: dict[Key, list[str]] = defaultdict(list)
    if not path.exists():
        return verdicts
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            verdicts[(row["path"], row["line"], row["id"])].append(row["verdict"])
    return verdicts


def judge(findings: list[dict[str, object]], site: Site) -> Counter[tuple[str, str]]:
    """Counts of (ID, verdict) over the loud findings; unmatched ones count as ``unjudged``."""
    verdicts = load_verdicts(site)
    tally: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        if finding.get("level") not in LOUD_LEVELS:
            continue
        line = finding.get("line")
        key = (
            str(finding.get("file") or ""),
            "" if line is None else str(line),
            str(finding["id"]),
        )
        recorded = verdicts.get(key)
        verdict = recorded.pop(0) if recorded else "unjudged"
        tally[(str(finding["id"]), verdict)] += 1
    return tally


def _row(label: str, counts: Counter[str]) -> str:
    cells = "".join(f"{counts[v]:>11}" for v in (*VERDICTS, "unjudged"))
    return f"    {label:<26}{sum(counts.values()):>9}{cells}"


def report(per_site: dict[str, Counter[tuple[str, str]]]) -> list[str]:
    """Lines of the per-site and per-ID tables and the overall figures."""
    header = f"    {'':<26}{'findings':>9}" + "".join(
        f"{v:>11}" for v in (*VERDICTS, "unjudged")
    )
    lines = ["sites: loud findings and verdicts", header]
    by_id: dict[str, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    for name, tally in per_site.items():
        site_counts: Counter[str] = Counter()
        for (check_id, verdict), count in tally.items():
            site_counts[verdict] += count
            by_id[check_id][verdict] += count
        overall += site_counts
        lines.append(_row(name, site_counts))
    lines += ["per ID", header]
    lines += [_row(check_id, by_id[check_id]) for check_id in sorted(by_id)]
    judged = sum(overall[v] for v in VERDICTS)
    if judged:
        kept = 100 * (overall["true"] + overall["deliberate"]) / judged
        lines.append(
            f"overall: {kept:.1f}% true or deliberate, "
            f"{100 * overall['false'] / judged:.1f}% false "
            f"({judged} judged, {overall['unjudged']} unjudged)"
        )
    if per_site:
        loud = [sum(tally.values()) for tally in per_site.values()]
        lines.append(f"median loud findings per site: {statistics.median(loud):g}")
    return lines
