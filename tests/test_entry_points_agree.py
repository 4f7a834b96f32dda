"""``manage.py check --deploy``, ``manage.py chained_report --deploy`` and ``django-chained scan`` agree.

For the rules both live introspection and static reading can judge, each entry point must give the
same findings: ID, level, message, hint, object, file, line and fingerprint, field by field. Each runs
in its own interpreter, as users run them, on the bundled ``testproject`` and on ``tests/fixtures/agreesite``
(a computed ``include()`` prefix, unscoped views over owned models, views whose own permission
mixins check the object or only a role, ``csrf_exempt`` views behind a project's
``CsrfViewMiddleware`` subclass, ``xframe_options_exempt`` views, public file fields and a ``serve`` route)
and ``tests/fixtures/apisite`` (REST framework routers, viewsets and generic views).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = {
    "testproject": (ROOT / "testproject", "testproject.settings"),
    "agreesite": (ROOT / "tests" / "fixtures" / "agreesite", "agreesite.settings"),
    "apisite": (ROOT / "tests" / "fixtures" / "apisite", "apisite.settings"),
}
#: The rules judged once (``django_chained.judgement``) from facts both entry points read.
SHARED_IDS = frozenset(
    f"django_chained.{n}"
    for n in (
        "W201",
        "I202",
        "I212",
        "W501",
        "I502",
        "I503",
        "W504",
        "I505",
        "W601",
        "W603",
        "W604",
    )
)
#: Findings only one side can know, by site, ID and object, with the reason.
ONE_SIDED: dict[tuple[str, str, str], str] = {
    ("agreesite", "django_chained.W602", "library.Book.scan"): (
        "a callable upload_to must run on an instance to show the name it derives: "
        "only inside Django; the scan never runs project code"
    ),
}
#: The shared IDs each site must report, and one finding whose full route goes through an include().
EXERCISED: dict[str, tuple[set[str], tuple[str, str, str]]] = {
    "testproject": (
        {f"django_chained.{n}" for n in ("W201", "W501", "I505", "W601", "W604")},
        ("django_chained.W201", "insecure.views.InvoiceDetailView", "insecure/invoices/<int:pk>/"),
    ),
    "agreesite": (  # its include() prefix is an f-string of module constants
        {f"django_chained.{n}" for n in ("W201", "I202", "I212", "W501", "I503", "W504", "W601", "W603")},
        ("django_chained.W201", "shop.views.OrderDetailView", "api/v1/shop/orders/<int:pk>/"),
    ),
    "apisite": (  # REST framework: routers (one without a trailing slash), viewsets, generic views
        {"django_chained.W201"},
        ("django_chained.W201", "notes.views.ReadNoteViewSet", "api/^read/(?P<slug>[^/.]+)/$"),
    ),
}  # fmt: skip
FIELDS = ("id", "level", "message", "hint", "obj", "file", "line", "fingerprint")
CHECK_LINE = re.compile(
    r"^(?P<obj>.*?)(?: \((?P<path>[^()]+):(?P<line>\d+)\))?"
    r": \((?P<id>django_chained\.[CEWID]\d{3})\) (?P<msg>.*)$"
)


def environment(site: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONWARNINGS="ignore",
        TESTPROJECT_DB=str(folder / "db.sqlite3"),
        CHAINED_CACHE_DIR=str(folder / "cache"),
    )
    return env


def run(
    argv: list[str], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False
    )
    # 1: the reports fail on the sites' warnings by default; a traceback or usage error is 2.
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr
    return completed


@pytest.fixture(scope="module", params=sorted(SITES))
def outputs(request: Any, tmp_path_factory: Any) -> dict[str, Any]:
    """The three entry points' output for one site."""
    site = request.param
    project, settings = SITES[site]
    folder = tmp_path_factory.mktemp(site)
    env = environment(site, folder)
    manage = [sys.executable, str(project / "manage.py")]
    live = {**env, "DJANGO_SETTINGS_MODULE": settings}
    check = run(
        [*manage, "check", "--deploy", "--fail-level", "CRITICAL"], live, folder
    )
    report = folder / "report.json"
    run(
        [
            *manage,
            "chained_report",
            "--deploy",
            "--fail-level",
            "CRITICAL",
            "--format",
            "json",
            "-o",
            str(report),
        ],
        live,
        folder,
    )
    scan = folder / "scan.json"
    run(
        [sys.executable, "-m", "django_chained", "scan", str(project), "--no-cache", "--format", "json", "-o", str(scan)],
        env, folder,
    )  # fmt: skip
    return {
        "site": site,
        "check": check.stdout + check.stderr,
        "report": json.loads(report.read_text())["findings"],
        "scan": json.loads(scan.read_text())["findings"],
    }


def shared(findings: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The shared rules' findings by ID and object, each with the compared fields."""
    keyed = {
        (f["id"], f["obj"]): {field: f[field] for field in FIELDS}
        for f in findings
        if f["id"] in SHARED_IDS
    }
    assert len(keyed) == sum(f["id"] in SHARED_IDS for f in findings), "one per object"
    return keyed


def check_lines(output: str, project: Path) -> list[tuple[str, str, str, str]]:
    """ID, object, message and place (relative to the project) of each shared finding ``check`` printed."""
    found = (CHECK_LINE.match(line) for line in output.splitlines())
    return sorted(
        (m["id"], m["obj"], m["msg"], project_place(m["path"], m["line"], project))
        for m in found
        if m and m["id"] in SHARED_IDS
    )


def project_place(path: str | None, line: str | None, project: Path) -> str:
    if path is None:
        return "unplaced"
    return f"{Path(path).resolve().relative_to(project.resolve()).as_posix()}:{line}"


def test_report_and_scan_agree_field_by_field(outputs):
    report, scan = shared(outputs["report"]), shared(outputs["scan"])
    assert sorted(report) == sorted(scan)
    for key, fields in report.items():
        assert fields == scan[key], key
    assert len(report) >= 5
    placed = [f for f in report.values() if f["file"] and f["line"]]
    assert len(placed) == len(report), "every finding has a file and a line"


def test_check_prints_the_same_findings_and_places_as_the_report(outputs):
    printed = check_lines(outputs["check"], SITES[outputs["site"]][0])
    reported = sorted(
        (f["id"], f["obj"], f["message"], f"{f['file']}:{f['line']}")
        for f in outputs["report"]
        if f["id"] in SHARED_IDS
    )
    assert printed == reported


def test_one_sided_findings_are_exactly_the_listed_ones(outputs):
    site = outputs["site"]
    keys = {(f["id"], f["obj"]) for f in outputs["scan"]}
    listed = {(check_id, obj) for (where, check_id, obj) in ONE_SIDED if where == site}
    live_only = {
        (f["id"], f["obj"]) for f in outputs["report"] if (f["id"], f["obj"]) in listed
    }
    assert live_only == listed
    assert not live_only & keys


def test_each_site_exercises_the_facts_it_is_here_for(outputs):
    """Guards the fixtures: agreement on nothing would prove nothing."""
    ids, (check_id, obj, route) = EXERCISED[outputs["site"]]
    found = {(f["id"], f["obj"]): f for f in outputs["scan"]}
    assert {f["id"] for f in outputs["scan"]} >= ids
    assert f"URL '{route}'" in found[(check_id, obj)]["message"]


#: The 2xx verdict of every view under these prefixes, by site: the rest must be silent on both sides.
VIEW_VERDICTS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "testproject": (
        ("notes.views.", "insecure.views.Invoice"),
        {"insecure.views.InvoiceDetailView": "django_chained.W201"},
    ),
    # An object-checking mixin and an extended base stay quiet; a role-only mixin is I212.
    "agreesite": (
        ("shop.views.Order",),
        {
            "shop.views.OrderDetailView": "django_chained.W201",
            "shop.views.OrderLineListView": "django_chained.W201",
            "shop.views.OrderRefundView": "django_chained.I212",
        },
    ),
    # A scoped mixin, a public model, and object permissions on a detail view stay quiet.
    "apisite": (
        ("notes.views.",),
        {
            "notes.views.NoteViewSet": "django_chained.W201",
            "notes.views.ReadNoteViewSet": "django_chained.W201",
            "notes.views.SharedNoteViewSet": "django_chained.W201",
            "notes.views.NoteDetail": "django_chained.W201",
            "notes.views.OwnerCheckedNoteList": "django_chained.W201",
        },
    ),
}


def test_views_get_the_same_verdict_on_both_sides(outputs):
    prefixes, expected = VIEW_VERDICTS[outputs["site"]]
    for side in ("report", "scan"):
        by_view = {
            f["obj"]: f["id"]
            for f in outputs[side]
            if (f["obj"] or "").startswith(prefixes)
        }
        assert by_view == expected, side
