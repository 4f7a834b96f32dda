"""CHAINED_ACCEPTED_RISKS: reasoned acceptance per object, and W010 for entries that match nothing."""

from __future__ import annotations

from django_chained.report.accepted import apply_accepted_risks, matches
from django_chained.report.record import Record

W501 = "django_chained.W501"


def webhook(**kwargs):
    return Record(W501, 30, "csrf_exempt", obj="app.views.webhook", **kwargs)


def test_matches_object_file_and_file_suffix():
    at_line = Record(W501, 30, "m", obj="app/views.py:4", file="app/views.py", line=4)
    assert matches(at_line, "app/views.py:4")
    assert matches(at_line, "app/views.py")
    assert matches(at_line, "views.py")
    assert not matches(at_line, "iews.py")
    assert not matches(Record(W501, 30, "m"), "views.py")


def test_empty_key_matches_a_finding_without_object_only():
    """Settings-level findings (HSTS set at the load balancer) have no object: ``""`` names them."""
    assert matches(Record("security.W004", 30, "m"), "")
    assert not matches(webhook(), "")
    assert matches(Record("security.W004", 30, "m", file="mysite/settings.py"), "")
    assert not matches(
        Record(W501, 30, "m", obj="app/views.py:4", file="app/views.py", line=4), ""
    )
    result = apply_accepted_risks(
        [Record("security.W004", 30, "m")], {"security.W004": {"": "HSTS at the LB"}}
    )
    assert result.records[0].accepted == "HSTS at the LB"
    assert result.stale == []


def test_accepted_with_reason():
    result = apply_accepted_risks(
        [webhook()], {W501: {"app.views.webhook": "HMAC-signed"}}
    )
    assert result.records == [webhook(accepted="HMAC-signed")]
    assert result.stale == []


def test_other_id_or_object_not_accepted():
    risks = {
        W501: {"app.views.other": "x"},
        "django_chained.W401": {"app.views.webhook": "y"},
    }
    result = apply_accepted_risks([webhook()], risks)
    assert result.records == [webhook()]


def test_stale_entry_reported_as_w010():
    result = apply_accepted_risks([], {W501: {"app.views.gone": "old reason"}})
    assert [(m.id, m.obj) for m in result.stale] == [
        ("django_chained.W010", "app.views.gone")
    ]
    assert "django_chained.W501" in result.stale[0].msg


def test_stale_not_judged_for_ids_that_did_not_run():
    result = apply_accepted_risks(
        [], {W501: {"app.views.gone": "x"}}, lambda check_id: False
    )
    assert result.stale == []


def test_entry_used_once_is_not_stale_though_other_records_miss():
    risks = {W501: {"app.views.webhook": "ok"}}
    result = apply_accepted_risks(
        [webhook(), Record(W501, 30, "m", obj="app.views.b")], risks
    )
    assert [r.accepted for r in result.records] == ["ok", None]
    assert result.stale == []


def test_already_accepted_record_left_alone():
    result = apply_accepted_risks(
        [webhook(accepted="first")], {W501: {"app.views.webhook": "second"}}
    )
    assert result.records == [webhook(accepted="first")]
    assert [m.id for m in result.stale] == ["django_chained.W010"]
