"""The recall benchmark counts a label as found only for a finding of its concern, in its file, near its line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.recall import (
    ADVISORIES,
    CONCERNS,
    Finding,
    Label,
    Verdict,
    finding_concern,
    judge,
    load_labels,
    scan,
    summary,
)

VIEWS = """\
from django.utils.safestring import mark_safe


def greeting(request):
    name = request.GET.get("name", "")
    return mark_safe(name)
"""
MARK_SAFE_LINE = 6


def label(
    path: str = "app/views.py", line: int = MARK_SAFE_LINE, concern: int = 3
) -> Label:
    return Label(
        repo="owner/site",
        vulnerable="a" * 40,
        fix="b" * 40,
        path=path,
        line=line,
        concern=concern,
        advisory="CVE-0000-0001",
        reason="planted",
    )


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    tree = tmp_path_factory.mktemp("site")
    (tree / "app").mkdir()
    (tree / "app" / "views.py").write_text(VIEWS, encoding="utf-8")
    found = scan(tree, tree.parent / "report.json")
    assert found is not None
    return found


def test_the_scan_reports_the_planted_line(findings: list[Finding]) -> None:
    assert ("app/views.py", MARK_SAFE_LINE, 3) in {
        (f["file"], f["line"], finding_concern(f)) for f in findings
    }


def test_a_finding_on_the_labelled_line_is_found_strictly(
    findings: list[Finding],
) -> None:
    assert judge(label(), findings, window=3) == Verdict(
        window=True, same_line=True, loud=True
    )


@pytest.mark.parametrize("offset", [-3, 2, 3])
def test_a_finding_inside_the_window_is_found_but_not_on_the_same_line(
    findings: list[Finding], offset: int
) -> None:
    verdict = judge(label(line=MARK_SAFE_LINE + offset), findings, window=3)
    assert (verdict.window, verdict.same_line) == (True, False)


@pytest.mark.parametrize("offset", [-4, 4, 20])
def test_a_finding_outside_the_window_is_a_miss(
    findings: list[Finding], offset: int
) -> None:
    assert not judge(label(line=MARK_SAFE_LINE + offset), findings, window=3).window


def test_a_zero_window_demands_the_same_line(findings: list[Finding]) -> None:
    assert judge(label(), findings, window=0).window
    assert not judge(label(line=MARK_SAFE_LINE + 1), findings, window=0).window


def test_a_finding_of_another_concern_is_a_miss(findings: list[Finding]) -> None:
    assert not judge(label(concern=2), findings, window=3).window


def test_a_finding_in_another_file_is_a_miss(findings: list[Finding]) -> None:
    assert not judge(label(path="app/other.py"), findings, window=3).window
    assert not judge(label(path="views.py"), findings, window=3).window


def test_info_findings_count_but_are_told_apart() -> None:
    info: Finding = {
        "id": "django_chained.I502",
        "file": "a.py",
        "line": 10,
        "level": "INFO",
    }
    loud: Finding = {
        "id": "django_chained.W501",
        "file": "a.py",
        "line": 11,
        "level": "WARNING",
    }
    csrf = label(path="a.py", line=10, concern=5)
    assert judge(csrf, [info], window=3) == Verdict(
        window=True, same_line=True, loud=False
    )
    assert judge(csrf, [info, loud], window=3).loud


def test_the_hundreds_digit_of_our_ids_is_the_concern() -> None:
    assert finding_concern({"id": "django_chained.E515"}) == 5
    assert finding_concern({"id": "django_chained.W250"}) == 2
    assert finding_concern({"id": "security.W016"}) is None
    assert finding_concern({"id": "not-an-id"}) is None
    assert finding_concern({}) is None


def test_findings_without_a_line_never_match() -> None:
    lineless: Finding = {
        "id": "django_chained.W301",
        "file": "app/views.py",
        "line": None,
    }
    assert not judge(label(), [lineless], window=3).window


def counts(lines: list[str], title: str) -> list[str]:
    """found, labelled, same line, Info only of the summary row named ``title``."""
    (row,) = [line for line in lines if line.startswith(f"    {title} ")]
    return row.split()[-4:]


def test_the_summary_counts_per_concern_and_lists_misses() -> None:
    info_only = Verdict(window=True, same_line=False, loud=False)
    strict = Verdict(window=True, same_line=True, loud=True)
    missed = Verdict(window=False, same_line=False, loud=False)
    labels = [label(), label(line=9), label(concern=2)]
    lines = summary(labels, [info_only, strict, missed], window=3)
    assert counts(lines, "3 XSS") == ["2", "2", "1", "1"]
    assert counts(lines, "2 authorization") == ["0", "1", "0", "0"]
    assert counts(lines, "5 CSRF/clickjacking") == ["0", "0", "0", "0"]
    assert counts(lines, "overall") == ["2", "3", "1", "1"]
    assert lines[-2:] == [
        "misses (1):",
        "    owner/site app/views.py:6 2 CVE-0000-0001",
    ]


def test_comment_lines_and_the_header_are_skipped(tmp_path: Path) -> None:
    tsv = tmp_path / "labels.tsv"
    tsv.write_text(
        "# how it was built\n"
        "repo\tvulnerable\tfix\tpath\tline\tconcern\tadvisory\treason\n"
        f"owner/site\t{'a' * 40}\t{'b' * 40}\tapp/views.py\t6\t3\tCVE-0000-0001\tplanted\n",
        encoding="utf-8",
    )
    assert load_labels(tsv) == [label()]


def test_the_committed_corpus_is_well_formed() -> None:
    labels = load_labels(ADVISORIES)
    commit = re.compile(r"^[0-9a-f]{40}$")
    assert all(commit.match(lab.vulnerable) and commit.match(lab.fix) for lab in labels)
    assert all(lab.vulnerable != lab.fix and lab.line > 0 for lab in labels)
    assert {lab.concern for lab in labels} <= set(CONCERNS)
    assert len({lab.advisory for lab in labels}) >= 30
    assert len({lab.advisory for lab in labels if lab.concern == 2}) >= 12
    assert all(lab.reason and "\t" not in lab.reason for lab in labels)


@pytest.mark.parametrize(
    "row",
    [
        f"owner/site\t{'a' * 40}\t{'b' * 40}\tapp/views.py\tsix\t3\tCVE-0000-0001\tplanted",
        f"owner/site\t{'a' * 40}\t{'b' * 40}\tapp/views.py\t6",
        "owner/site app/views.py:6 3",
        f"owner/site\t{'a' * 40}\t{'b' * 40}\tapp/views.py\t6\t3\tCVE-0000-0001",
        f"owner/site\t{'a' * 40}\t{'b' * 40}\tapp/views.py\t6\t3\tCVE-0000-0001\tplanted\textra",
    ],
)
def test_a_malformed_row_is_named(tmp_path: Path, row: str) -> None:
    tsv = tmp_path / "labels.tsv"
    tsv.write_text(
        "repo\tvulnerable\tfix\tpath\tline\tconcern\tadvisory\treason\n" + row + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"labels\.tsv: label 1 is not"):
        load_labels(tsv)
