"""Recall of the standalone scan on real advisories: is the labelled vulnerable line reported?

Run: ``python benchmarks/recall.py [--corpus DIR] [--mirrors DIR] [--keep DIR] [--window N]
[--only OWNER/NAME ...]``.

Each row of ``benchmarks/advisories.tsv`` names a public advisory in an open-source Django
application, the commit before its fix and the line a reviewer would point at. The tree of
that commit is looked for under ``--corpus`` (one folder per tree,
``<owner>+<name>@<first 12 hex of the commit>``); when it is missing it is extracted from a
bare mirror under ``--mirrors`` (``<owner>+<name>/repo``, the layout the session's fetch tool
leaves in /work/.mirror) with ``git archive COMMIT | tar -x``. A tree that is neither there nor
extractable is skipped with the command that would put it there.

Every tree is scanned once with ``python -m django_chained scan TREE --format json --no-cache``,
exactly as a user would. A label counts as found when a finding of its concern (the hundreds
digit of the ID: 2xx authorization, 3xx XSS, 5xx CSRF and clickjacking, 6xx media) is reported
in the same file within ``--window`` lines of the labelled line (3 by default), at any level,
Info included. The script prints found/labelled per concern and overall, the strict same-line
count, how many labels were found only by Info findings, and every miss as
``repo path:line concern advisory``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mirror_trees import extract  # noqa: E402

ADVISORIES = Path(__file__).resolve().parent / "advisories.tsv"
CONCERNS = {2: "authorization", 3: "XSS", 5: "CSRF/clickjacking", 6: "media/uploads"}
DEFAULT_WINDOW = 3
INFO = "INFO"
OUR_ID = re.compile(r"^django_chained\.[CEWID](\d)\d\d$")

Finding = dict[str, object]


@dataclass(frozen=True)
class Label:
    repo: str
    vulnerable: str
    fix: str
    path: str
    line: int
    concern: int
    advisory: str
    reason: str

    @property
    def tree_name(self) -> str:
        return f"{self.repo.replace('/', '+')}@{self.vulnerable[:12]}"


@dataclass(frozen=True)
class Verdict:
    """How a label was matched: ``window`` found at all, ``same_line`` strictly, ``loud`` above Info."""

    window: bool
    same_line: bool
    loud: bool


def load_labels(path: Path = ADVISORIES) -> list[Label]:
    """The labels of ``path``; comment lines (``#``) and the header row are skipped.

    A row that is not a label raises ``ValueError`` naming the file and the row.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [line for line in handle if line.strip() and not line.startswith("#")]
    labels = []
    for number, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=1):
        try:
            if None in row or None in row.values():
                raise ValueError("wrong number of columns")
            labels.append(
                Label(
                    repo=row["repo"],
                    vulnerable=row["vulnerable"],
                    fix=row["fix"],
                    path=row["path"],
                    line=int(row["line"]),
                    concern=int(row["concern"]),
                    advisory=row["advisory"],
                    reason=row["reason"],
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"{path}: label {number} is not repo, vulnerable, fix, path, line, "
                f"concern, advisory, reason separated by tabs ({error!r})"
            ) from None
    return labels


def finding_concern(finding: Finding) -> int | None:
    """The concern of a django-chained finding: the hundreds digit of its ID (Django's own: none)."""
    match = OUR_ID.match(str(finding.get("id", "")))
    return int(match.group(1)) if match else None


def judge(label: Label, findings: Iterable[Finding], window: int) -> Verdict:
    """Whether ``findings`` report ``label``'s concern in its file within ``window`` lines."""
    near = []
    for finding in findings:
        line = finding.get("line")
        if (
            finding.get("file") == label.path
            and isinstance(line, int)
            and abs(line - label.line) <= window
            and finding_concern(finding) == label.concern
        ):
            near.append(finding)
    return Verdict(
        window=bool(near),
        same_line=any(f.get("line") == label.line for f in near),
        loud=any(f.get("level") != INFO for f in near),
    )


def locate(label: Label, corpus: Path, mirrors: Path) -> Path | None:
    """The vulnerable tree of ``label`` under ``corpus``, extracted from its mirror when missing."""
    tree = corpus / label.tree_name
    if tree.is_dir() and any(tree.iterdir()):
        return tree
    git_dir = mirrors / label.repo.replace("/", "+") / "repo"
    if git_dir.is_dir() and extract(git_dir, label.vulnerable, tree):
        return tree
    return None


def how_to_get(label: Label, corpus: Path) -> str:
    """What to run to put the vulnerable tree where ``locate()`` looks for it."""
    target = corpus / label.tree_name
    return (
        f"git clone https://github.com/{label.repo} /tmp/src && mkdir -p {target} && "
        f"git -C /tmp/src archive {label.vulnerable} | tar -x -C {target}"
    )


def scan(tree: Path, report: Path) -> list[Finding] | None:
    """The findings of the standalone scan on ``tree``, or ``None`` when it wrote no report."""
    command = [
        sys.executable, "-m", "django_chained", "scan", str(tree),
        "--format", "json", "--no-cache", "--output", str(report),
    ]  # fmt: skip
    report.unlink(missing_ok=True)
    subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if not report.exists():
        return None
    findings: list[Finding] = json.loads(report.read_text())["findings"]
    return findings


def summary(
    labels: Sequence[Label], verdicts: Sequence[Verdict], window: int
) -> list[str]:
    """Lines of the per-concern table and the list of misses."""
    lines = [
        f"recall: a finding of the label's concern within ±{window} lines, any level",
        f"    {'concern':<24}{'found':>7}{'labelled':>10}{'same line':>11}{'Info only':>11}",
    ]
    groups = [(f"{c} {name}", [c]) for c, name in CONCERNS.items()]
    groups.append(("overall", list(CONCERNS)))
    for title, concerns in groups:
        chosen = [
            v
            for lab, v in zip(labels, verdicts, strict=True)
            if lab.concern in concerns
        ]
        found = sum(v.window for v in chosen)
        strict = sum(v.same_line for v in chosen)
        info_only = sum(v.window and not v.loud for v in chosen)
        lines.append(
            f"    {title:<24}{found:>7}{len(chosen):>10}{strict:>11}{info_only:>11}"
        )
    misses = [lab for lab, v in zip(labels, verdicts, strict=True) if not v.window]
    lines.append(f"misses ({len(misses)}):")
    lines += [
        f"    {lab.repo} {lab.path}:{lab.line} {lab.concern} {lab.advisory}"
        for lab in misses
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ADVISORIES)
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path("/tmp/recall-corpus"),
        help="Folder holding one vulnerable tree per label (default: /tmp/recall-corpus).",
    )
    parser.add_argument(
        "--mirrors",
        type=Path,
        default=Path("/work/.mirror"),
        help="Folder of bare mirrors, <owner>+<name>/repo (default: /work/.mirror).",
    )
    parser.add_argument(
        "--keep", type=Path, help="Write the scan reports (JSON) here, and keep them."
    )
    parser.add_argument("--window", type=int, default=DEFAULT_WINDOW)
    parser.add_argument("--only", nargs="*", default=None, metavar="OWNER/NAME")
    args = parser.parse_args()
    if args.window < 0:
        parser.error("--window must be 0 or more")
    if not args.labels.is_file():
        parser.error(f"no labels file at {args.labels}")
    try:
        labels = load_labels(args.labels)
    except ValueError as error:
        parser.error(str(error))
    if args.only:
        labels = [lab for lab in labels if lab.repo in args.only]
        if not labels:
            parser.error(f"--only names no repository of {args.labels}")
    judged: list[Label] = []
    verdicts: list[Verdict] = []
    scanned: dict[str, list[Finding] | None] = {}
    with tempfile.TemporaryDirectory(prefix="chained-recall-") as scratch:
        reports = args.keep or Path(scratch)
        reports.mkdir(parents=True, exist_ok=True)
        for label in labels:
            if label.tree_name not in scanned:
                tree = locate(label, args.corpus, args.mirrors)
                if tree is None:
                    print(
                        f"{label.tree_name}: no tree under {args.corpus} and no mirror "
                        f"under {args.mirrors} holding {label.vulnerable}, skipped; "
                        "get it with: "
                        f"{how_to_get(label, args.corpus)}"
                    )
                    scanned[label.tree_name] = None
                    continue
                report = reports / f"{label.tree_name}.json"
                scanned[label.tree_name] = findings = scan(tree, report)
                count = "no report" if findings is None else f"{len(findings)} findings"
                print(f"{label.tree_name}: {count}", flush=True)
            findings = scanned[label.tree_name]
            if findings is None:
                continue
            judged.append(label)
            verdicts.append(judge(label, findings, args.window))
    if not judged:
        print("No labelled tree could be scanned: nothing to measure.")
        return 1
    for line in summary(judged, verdicts, args.window):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
