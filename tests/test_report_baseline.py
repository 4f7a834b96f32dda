"""--baseline: fingerprints from a previous JSON report, counted."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from django_chained.report import build_report, render
from django_chained.report.baseline import BaselineError, load_baseline, split_known
from django_chained.report.record import Record

SQL = Record("django_chained.W401", 30, "SQL", obj="a.py:3", file="a.py", line=3)


def test_round_trip_through_a_json_report(tmp_path):
    path = tmp_path / "base.json"
    path.write_text(render(build_report([SQL, SQL]), "json"))
    assert load_baseline(path) == Counter({SQL.fingerprint: 2})


def test_fingerprint_recomputed_when_missing(tmp_path):
    path = tmp_path / "base.json"
    path.write_text(
        json.dumps(
            {
                "findings": [
                    {
                        "id": SQL.id,
                        "level": "WARNING",
                        "message": "SQL",
                        "obj": "a.py:3",
                        "file": "a.py",
                    }
                ]
            }
        )
    )
    assert load_baseline(path) == Counter({SQL.fingerprint: 1})


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"no": "findings"}',
        '{"findings": [{"level": "WARNING"}]}',
        '{"findings": 3}',
    ],
)
def test_not_a_report(tmp_path, content):
    path = tmp_path / "base.json"
    path.write_text(content)
    with pytest.raises(BaselineError, match="not a django-chained JSON report"):
        load_baseline(path)


def test_missing_file(tmp_path):
    with pytest.raises(BaselineError, match="cannot read baseline"):
        load_baseline(tmp_path / "absent.json")


def test_each_baseline_entry_covers_one_finding():
    moved = Record(SQL.id, 30, "SQL", obj="a.py:9", file="a.py", line=9)
    new, known = split_known([SQL, moved, SQL], Counter({SQL.fingerprint: 2}))
    assert known == [SQL, moved]
    assert new == [SQL]
