"""The text report lists repeated findings of one ID and hint once, with each place; JSON and SARIF keep each."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from django_chained.report import build_report, render
from django_chained.report.record import Record
from django_chained.report.text_groups import group_findings, shared_message

SAFE_HINT = "Remove the filter."


def safe_filter(path: str, line: int, variable: str) -> Record:
    return Record(
        "django_chained.W330",
        30,
        f"|safe turns off escaping for the variable {variable}: HTML in it reaches the page as is.",
        hint=SAFE_HINT,
        obj=f"{path}:{line}",
        file=path,
        line=line,
        subject=f"{{{{ {variable}|safe }}}}",
    )


RECORDS = [
    safe_filter("app/templates/a.html", 312, "page.body"),
    safe_filter("app/templates/a.html", 81, "page.title"),
    safe_filter("app/templates/b.html", 4, "notes"),
    Record("django_chained.W301", 30, "mark_safe() of a value.", hint="Use format_html().",
           obj="app/views.py:9", file="app/views.py", line=9),
]  # fmt: skip


def test_messages_share_the_words_around_what_differs():
    shared, details = shared_message(
        [
            "|safe turns off escaping for the variable page.body: HTML in it reaches the page as is.",
            "|safe turns off escaping for the variable notes: HTML in it reaches the page as is.",
        ]
    )
    assert (
        shared
        == "|safe turns off escaping for the variable …: HTML in it reaches the page as is."
    )
    assert details == ("page.body", "notes")


def test_a_message_is_never_cut_inside_a_word():
    shared, details = shared_message(
        ["View invoices() is open.", "View invoice() is open."]
    )
    assert (shared, details) == ("View …() is open.", ("invoices", "invoice"))


def test_same_messages_share_all_and_unrelated_ones_nothing():
    assert shared_message(["Same.", "Same."]) == ("Same.", ("", ""))
    assert shared_message(["SQL built here.", "Second query."]) == (
        None,
        ("SQL built here.", "Second query."),
    )


def test_messages_sharing_less_than_they_differ_in_are_shown_whole():
    messages = [
        "URL 'speaker/by-id/<int:pk>/' serves person.SpeakerProfile objects without scoping them.",
        "URL 'withdraw' serves submission.Submission objects without scoping them.",
    ]
    assert shared_message(messages) == (None, tuple(messages))


def test_a_message_sharing_only_punctuation_is_shown_whole():
    assert shared_message(["Bad (a).", "Worse (b)."]) == (
        None,
        ("Bad (a).", "Worse (b)."),
    )


def test_groups_by_id_level_and_hint_where_the_first_is():
    records = [
        *RECORDS,
        Record("django_chained.W330", 30, "Other.", hint="Another hint."),
    ]
    groups = group_findings(records, range(len(records)))
    assert [g.indexes for g in groups] == [(0, 1, 2), (3,), (4,)]


@pytest.fixture
def report():
    return build_report(RECORDS)


def test_text_names_the_id_once_with_its_count_message_hint_and_places(report):
    text = render(report, "text")
    assert text.count("django_chained.W330") == 1
    assert text.count(SAFE_HINT) == 1
    assert (
        "  django_chained.W330 WARNING (3 places)\n"
        "      |safe turns off escaping for the variable …: HTML in it reaches the page as is.\n"
        f"      HINT: {SAFE_HINT}\n"
        "      app/templates/a.html:81: page.title\n"
        "      app/templates/a.html:312: page.body\n"
        "      app/templates/b.html:4: notes\n"
    ) in text


def test_a_single_finding_keeps_its_own_lines(report):
    assert (
        "  django_chained.W301 WARNING app/views.py:9\n"
        "      mark_safe() of a value.\n"
        "      HINT: Use format_html().\n"
    ) in render(report, "text")


def test_identical_messages_list_only_the_places():
    same = [safe_filter("a.html", line, "x") for line in (3, 1)]
    text = render(build_report(same), "text")
    assert "variable x: HTML" in text
    assert "      a.html:1\n      a.html:3\n" in text


def test_each_place_says_whether_the_baseline_has_it():
    report = build_report(RECORDS[:2], baseline=Counter({RECORDS[1].fingerprint: 1}))
    text = render(report, "text")
    assert "the variable page.…: HTML" in text
    assert "      app/templates/a.html:81 (in baseline): title\n" in text
    assert "      app/templates/a.html:312: body\n" in text


def test_json_and_sarif_keep_one_result_per_finding(report):
    assert len(json.loads(render(report, "json"))["findings"]) == 4
    results = json.loads(render(report, "sarif"))["runs"][0]["results"]
    assert [r["ruleId"] for r in results].count("django_chained.W330") == 3
