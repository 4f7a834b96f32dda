"""End-to-end: ``testproject/manage.py check --deploy`` in a subprocess, demo and hardened settings.

The runs pin today's date and the Django version the 7xx checks see (``tests/pinned_manage.py``): unpinned, the
hardened project would start reporting I704, I705 or I706 on a day, or on a Django release, and fail CI by itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import django
import pytest

from django_chained.versions.scheme import series_of
from django_chained.versions.table import shipped_table

MANAGE = Path(__file__).resolve().parent.parent / "testproject" / "manage.py"
PINNED_MANAGE = Path(__file__).resolve().parent / "pinned_manage.py"

#: A fixed day (the shipped table's date when this was written): every series CI installs has support then.
TODAY = "2026-11-29"


def newest_known_release() -> str:
    """The shipped table's newest release of the installed Django's series: the one a fresh CI run installs."""
    series = shipped_table().series.get(series_of(django.__version__))
    latest = series.latest if series else None
    return str(latest) if latest else django.__version__


def run_check(
    settings_module: str,
    tmp_path: Path,
    *,
    today: str = TODAY,
    django_version: str | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "TESTPROJECT_DB": str(tmp_path / "db.sqlite3"),
        "CHAINED_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONWARNINGS": "ignore",
    }
    return subprocess.run(
        [
            sys.executable,
            str(PINNED_MANAGE),
            today,
            django_version or newest_known_release(),
            "check",
            "--deploy",
            "--fail-level",
            "ERROR",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def chained_ids(output: str) -> set[str]:
    return set(re.findall(r"django_chained\.[CEWID]\d{3}", output))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_check("testproject.settings", tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def hardened(tmp_path_factory):
    return run_check(
        "testproject.settings_hardened", tmp_path_factory.mktemp("hardened")
    )


def test_hardened_settings_report_nothing(hardened):
    assert hardened.returncode == 0, hardened.stderr
    assert "System check identified no issues" in hardened.stdout + hardened.stderr


def test_pinned_calendar_and_release_reach_the_checks(tmp_path):
    """The pins are what keeps the hardened run quiet: a later day and a newer Django are reported."""
    aged = run_check(
        "testproject.settings_hardened",
        tmp_path,
        today="2027-05-29",  # the shipped table (2026-11-29) turns 181 days old
        django_version="5.2.99",  # newer than every 5.2 release the table knows
    )
    assert aged.returncode == 0, aged.stderr
    assert chained_ids(aged.stdout + aged.stderr) == {
        "django_chained.I705",
        "django_chained.I706",
    }


def test_hardened_settings_nothing_from_django_security(hardened):
    assert "security.W" not in hardened.stdout + hardened.stderr


def test_demo_settings_run_without_traceback(demo):
    assert "Traceback" not in demo.stderr
    assert demo.returncode == 0, demo.stderr


@pytest.mark.parametrize("concern", [1, 2, 3, 4, 5, 6])
def test_demo_settings_report_each_concern(demo, concern):
    ids = chained_ids(demo.stdout + demo.stderr)
    assert any(i[-3] == str(concern) for i in ids), sorted(ids)


def documented_demo_ids() -> set[str]:
    """The IDs the docs' "Test project" section promises for the demo, ranges like W301–W305 expanded."""
    page = (MANAGE.parent.parent / "docs" / "architecture.rst").read_text(
        encoding="utf-8"
    )
    paragraph = page.split("What the demo settings report", 1)[1].split("\n\n", 1)[0]
    ids: set[str] = set()
    for first, last in re.findall(
        r"``([CEWID]\d{3})``(?:–``([CEWID]\d{3})``)?", paragraph
    ):
        end = int((last or first)[1:])
        ids.update(
            f"django_chained.{first[0]}{n:03d}" for n in range(int(first[1:]), end + 1)
        )
    return ids


def test_the_docs_list_exactly_what_the_demo_reports(demo):
    # W707 depends on the environment's setuptools; the docs say so.
    reported = chained_ids(demo.stdout + demo.stderr) - {"django_chained.W707"}
    assert documented_demo_ids() - {"django_chained.W707"} == reported
