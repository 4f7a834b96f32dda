"""CHAINED_ACCEPTED_RISKS: reasoned acceptance per object, and W010 for entries that match nothing."""

from __future__ import annotations

from django_chained.report.accepted import apply_accepted_risks, matches
from django_chained.report.record import Record
from tests.hostile.scan_harness import scan, write_tree

W501 = "django_chained.W501"


def webhook(**kwargs):
    return Record(W501, 30, "csrf_exempt", obj="app.views.webhook", **kwargs)


def test_matches_the_whole_relative_path_with_or_without_the_line():
    at_line = Record(W501, 30, "m", obj="app/views.py:4", file="app/views.py", line=4)
    assert matches(at_line, "app/views.py:4")
    assert matches(at_line, "app/views.py")
    assert not matches(at_line, "app/views.py:5")
    assert not matches(Record(W501, 30, "m"), "app/views.py")


def test_a_file_name_or_path_suffix_matches_nothing():
    """``views.py`` would otherwise accept the finding in every ``views.py`` of the project."""
    at_line = Record(W501, 30, "m", obj="shop/app/views.py:4", file="shop/app/views.py", line=4)  # fmt: skip
    for key in ("views.py", "app/views.py", "app/views.py:4", "iews.py", "views.py:4"):
        assert not matches(at_line, key), key


def test_dotted_object_matches_exactly():
    view = webhook(file="app/views.py", line=12)
    assert matches(view, "app.views.webhook")
    assert matches(view, "app/views.py:12")
    for key in (
        "views.webhook",
        "webhook",
        "app.views",
        "app.views.webhook2",
        "app.views.web",
    ):
        assert not matches(view, key), key


def test_file_name_key_no_longer_accepts_and_is_stale():
    records = [
        Record(W501, 30, "m", obj=f"{app}/views.py:4", file=f"{app}/views.py", line=4)
        for app in ("shop", "blog")
    ]
    result = apply_accepted_risks(records, {W501: {"views.py": "reviewed"}})
    assert [r.accepted for r in result.records] == [None, None]
    assert [(w.id, w.obj) for w in result.stale] == [
        ("django_chained.W010", "views.py")
    ]
    exact = apply_accepted_risks(records, {W501: {"shop/views.py": "reviewed"}})
    assert [r.accepted for r in exact.records] == ["reviewed", None]
    assert exact.stale == []


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


RISKY_VIEW = "from django.utils.safestring import mark_safe\n\n\ndef v(request):\n    return mark_safe(request.GET['q'])\n"


def scan_with_accepted(tmp_path, accepted):
    files = {
        "shop/views.py": RISKY_VIEW,
        "blog/views.py": RISKY_VIEW,
        "site/settings.py": f"SECRET_KEY = 'k' * 60\nINSTALLED_APPS = []\nCHAINED_ACCEPTED_RISKS = {accepted!r}\n",
    }
    tree = write_tree(tmp_path / "tree", files)
    return scan(tree).report


def test_scan_a_file_name_key_accepts_nothing_and_is_w010(tmp_path):
    report = scan_with_accepted(
        tmp_path, {"django_chained.W301": {"views.py": "reviewed"}}
    )
    assert report["accepted"] == []
    unaccepted = {
        f["file"] for f in report["findings"] if f["id"] == "django_chained.W301"
    }
    assert unaccepted == {"shop/views.py", "blog/views.py"}
    stale = [f for f in report["findings"] if f["id"] == "django_chained.W010"]
    assert [f["obj"] for f in stale] == ["views.py"]


def test_scan_a_relative_path_key_accepts_exactly_that_file(tmp_path):
    report = scan_with_accepted(
        tmp_path, {"django_chained.W301": {"shop/views.py": "reviewed"}}
    )
    assert [(f["file"], f["accepted"]) for f in report["accepted"]] == [
        ("shop/views.py", "reviewed")
    ]
    unaccepted = {
        f["file"] for f in report["findings"] if f["id"] == "django_chained.W301"
    }
    assert unaccepted == {"blog/views.py"}
    assert "django_chained.W010" not in {f["id"] for f in report["findings"]}
