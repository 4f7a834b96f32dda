"""Text, JSON and SARIF 2.1.0 renderings of one report."""

from __future__ import annotations

import json
from collections import Counter
from importlib.metadata import Distribution, PackageNotFoundError
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.core.checks import Error, Info, Warning
from django.core.management.color import color_style, no_style

from django_chained.report import (
    FORMATS,
    build_report,
    render,
    report_dict,
    sarif_dict,
    write_output,
)
from django_chained.report.concerns import concern_title
from django_chained.report.record import Record
from django_chained.report.sarif_rules import (
    markdown,
    plain_text,
    rule_name,
    sarif_level,
)
from django_chained.rules.catalogue import CONCERNS as CATALOGUE_CONCERNS
from django_chained.rules.catalogue import RULES

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-2.1.0-subset.schema.json").read_text()
)
ROOT = Path("/project")
#: Format checks the schema relies on: SARIF's "uri" properties (helpUri, $schema) must be absolute URIs.
FORMATS_CHECKED = jsonschema.FormatChecker(formats=())
FORMATS_CHECKED.checks("uri")(lambda value: bool(urlsplit(value).scheme))

MESSAGES = [
    Warning(
        "SQL built with an f-string.",
        hint="Use params.",
        obj="app/views.py:12",
        id="django_chained.W401",
    ),
    Warning(
        "Second SQL.",
        hint="Use params.",
        obj="app/views.py:30",
        id="django_chained.W401",
    ),
    Error("HSTS header broken.", id="django_chained.E104"),
    Warning("HSTS missing.", id="security.W004"),
    Info("Scanned with care.", obj="app.views.x", id="django_chained.I502"),
    Warning("csrf_exempt webhook.", obj="app.views.webhook", id="django_chained.W501"),
]
RISKS = {"django_chained.W501": {"app.views.webhook": "HMAC-signed webhook"}}


@pytest.fixture
def report():
    return build_report(
        MESSAGES, root=ROOT, accepted_risks=RISKS, notes=["a rule family was skipped"]
    )


def test_formats_offered():
    assert sorted(FORMATS) == ["json", "sarif", "text"]


def test_text_has_one_summary_line_per_concern(report):
    text = render(report, "text")
    # Django's security.W004 counts under HTTPS: nothing is left for "Other checks".
    for title in ("HTTPS deployment (1xx): 1 error, 1 warning", "Authorization (2xx): no findings",
                  "XSS (3xx): no findings", "SQL injection (4xx): 2 warnings", "CSRF and clickjacking (5xx): 1 info",
                  "Media access (6xx): no findings", "Outdated Django (7xx): no findings"):  # fmt: skip
        assert f"\n{title}\n" in text
    assert "Other checks" not in text


def test_text_lists_findings_under_their_concern(report):
    text = render(report, "text")
    sql = text.index("SQL injection (4xx)")
    assert (
        sql
        < text.index("django_chained.W401 WARNING (2 places)")
        < text.index("      app/views.py:12: SQL built with an f-string.")
        < text.index("CSRF and clickjacking")
    )
    assert "      HINT: Use params." in text


def test_text_shows_accepted_risks_separately(report):
    text = render(report, "text")
    assert (
        "Accepted risks: 1\n  django_chained.W501 app.views.webhook: HMAC-signed webhook"
        in text
    )
    assert text.count("csrf_exempt webhook") == 0


def test_text_header_notes_and_verdict(report):
    text = render(report, "text")
    assert text.startswith(
        "django-chained chained_report: 1 error, 3 warnings, 1 info, 1 accepted\n"
    )
    assert "Note: a rule family was skipped" in text
    assert text.endswith(
        "FAILED: 1 new finding at or above ERROR (django_chained.E104). Fix, or accept each with a reason "
        "(CHAINED_ACCEPTED_RISKS, or '# chained: ignore[ID] reason' on its line), or baseline them "
        "(--format json --output baseline.json, then --baseline baseline.json).\n"
    )


def test_text_passing_verdict():
    assert render(build_report([]), "text").endswith(
        "OK: no new finding at or above ERROR.\n"
    )


def test_text_marks_baseline_findings():
    first = Record.from_check_message(MESSAGES[0], ROOT)
    report = build_report(
        MESSAGES[:2], root=ROOT, baseline=Counter({first.fingerprint: 1})
    )
    text = render(report, "text")
    assert "SQL injection (4xx): 2 warnings, 1 in baseline" in text
    assert "(in baseline)" in text


def test_text_shows_object_and_place_when_they_differ():
    record = Record(
        "django_chained.W201", 30, "m", obj="app.views.V", file="app/views.py", line=3
    )
    assert "django_chained.W201 WARNING app.views.V (app/views.py:3)" in render(
        build_report([record]), "text"
    )


def test_text_colours_like_django_only_with_a_colour_style(report):
    plain = render(report, "text", no_style())
    assert "\x1b[" not in plain
    coloured = render(report, "text", color_style(force_color=True))
    assert (
        color_style(force_color=True).ERROR("  django_chained.E104 ERROR") in coloured
    )
    assert (
        color_style(force_color=True).WARNING(
            "  django_chained.W401 WARNING (2 places)"
        )
        in coloured
    )


def test_json_lists_findings_and_accepted(report):
    data = json.loads(render(report, "json"))
    assert data["tool"] == "django-chained" and data["format"] == 1
    assert data["exit_code"] == 1 and data["fail_level"] == "ERROR"
    assert data["summary"] == {"ERROR": 1, "INFO": 1, "WARNING": 3}
    # Sorted by concern, file, line, ID, message.
    assert [f["id"] for f in data["findings"]] == [
        MESSAGES[i].id for i in (2, 3, 0, 1, 4)
    ]
    assert data["findings"][2] | {"fingerprint": "-"} == {
        "id": "django_chained.W401", "level": "WARNING", "concern": 4, "message": "SQL built with an f-string.",
        "hint": "Use params.", "obj": "app/views.py:12", "file": "app/views.py", "line": 12, "accepted": None,
        "accepted_inline": False, "end_line": None, "subject": None, "fingerprint": "-", "baseline": "new",
    }  # fmt: skip
    assert [(a["id"], a["accepted"]) for a in data["accepted"]] == [
        ("django_chained.W501", "HMAC-signed webhook")
    ]
    assert report_dict(report) == data


def test_sarif_valid_against_the_2_1_0_schema(report):
    data = json.loads(render(report, "sarif"))
    jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS_CHECKED).validate(data)
    assert data["version"] == "2.1.0"


def test_schema_rejects_a_relative_help_uri(report):
    data = sarif_dict(report)
    data["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "README.rst#x"
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS_CHECKED)
    assert not validator.is_valid(data)


def test_schema_rejects_what_sarif_forbids():
    validator = jsonschema.Draft7Validator(SCHEMA)
    assert not validator.is_valid({"version": "2.0.0", "runs": []})
    assert not validator.is_valid(
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}
    )
    bad_level = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [{"message": {"text": "m"}, "level": "warn"}],
            }
        ],
    }
    assert not validator.is_valid(bad_level)


def test_sarif_one_rule_per_id(report, monkeypatch):
    monkeypatch.setattr("django_chained.report.sarif.documentation_uri", lambda: None)
    run = sarif_dict(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "django_chained.E104", "django_chained.I502", "django_chained.W401", "django_chained.W501", "security.W004",
    ]  # fmt: skip
    sql = rules[2]
    assert sql["name"] == "DjangoChainedW401"
    # The rule as the catalogue states it, not the first finding's message.
    assert sql["shortDescription"] == {
        "text": "cursor.execute() or executemany() runs SQL built from values.",
        "markdown": "`cursor.execute()` or `executemany()` runs SQL built from values.",
    }
    assert sql["help"]["text"].startswith("Keep the SQL constant and pass the values")
    assert sql["help"] == sql["fullDescription"]
    assert rules[4]["shortDescription"] == {
        "text": "HSTS missing."
    }  # not ours: the message
    assert rules[4]["help"] == {"text": "HSTS missing."}
    assert "helpUri" not in sql  # no absolute documentation URL known: help text only
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_physical_location_relative_to_root(report):
    run = sarif_dict(report)["runs"][0]
    assert run["results"][2]["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 12},
            }
        }
    ]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/project/")


def test_sarif_region_spans_the_reported_lines():
    record = Record("x.W1", 30, "m", obj="a.py:2", file="a.py", line=2, end_line=4)
    single = Record("x.W1", 30, "m", obj="a.py:2", file="a.py", line=2, end_line=2)
    results = sarif_dict(build_report([record, single], root=ROOT))["runs"][0][
        "results"
    ]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert regions == [{"startLine": 2, "endLine": 4}, {"startLine": 2}]


def test_sarif_logical_location_without_file_and_none_without_object(report):
    results = sarif_dict(report)["runs"][0]["results"]
    assert results[4]["locations"] == [
        {"logicalLocations": [{"fullyQualifiedName": "app.views.x"}]}
    ]
    assert "locations" not in results[0]


def test_sarif_absolute_path_outside_root_is_a_file_uri():
    record = Record("x.W1", 30, "m", file="/elsewhere/a.py", line=2)
    location = sarif_dict(build_report([record]))["runs"][0]["results"][0]["locations"][
        0
    ]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///elsewhere/a.py"
    }


def test_sarif_accepted_result_is_suppressed(report):
    results = sarif_dict(report)["runs"][0]["results"]
    assert results[-1]["ruleId"] == "django_chained.W501"
    assert results[-1]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "HMAC-signed webhook",
        }
    ]


def test_sarif_baseline_state_only_with_a_baseline(report):
    assert all(
        "baselineState" not in r for r in sarif_dict(report)["runs"][0]["results"]
    )
    first = Record.from_check_message(MESSAGES[0], ROOT)
    with_baseline = build_report(
        MESSAGES[:2], root=ROOT, baseline=Counter({first.fingerprint: 1})
    )
    states = [
        r["baselineState"] for r in sarif_dict(with_baseline)["runs"][0]["results"]
    ]
    assert states == ["unchanged", "new"]


def test_sarif_levels_and_names():
    assert [sarif_level(n) for n in (10, 20, 30, 40, 50)] == [
        "note",
        "note",
        "warning",
        "error",
        "error",
    ]
    assert rule_name("security.W004") == "SecurityW004"


def test_sarif_help_uri_from_an_absolute_base(report):
    data = json.loads(
        render(report, "sarif", help_uri_base="https://example.com/chained/#readme")
    )
    jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS_CHECKED).validate(data)
    uris = {
        r["id"]: r.get("helpUri") for r in data["runs"][0]["tool"]["driver"]["rules"]
    }
    assert uris["django_chained.W401"] == (
        "https://example.com/chained/checks.html#django-chained-w401"
    )
    assert uris["security.W004"].startswith("https://docs.djangoproject.com/")


def test_sarif_help_uri_defaults_to_the_documentation_project_url(report, monkeypatch):
    monkeypatch.setattr(
        "django_chained.report.sarif.documentation_uri",
        lambda: "https://docs.example.org/django-chained/",
    )
    rules = sarif_dict(report)["runs"][0]["tool"]["driver"]["rules"]
    assert rules[2]["helpUri"] == (
        "https://docs.example.org/django-chained/checks.html#django-chained-w401"
    )
    assert (
        "Use params." not in rules[2]["help"]["text"]
    )  # a finding's hint stays on its result


def test_write_output_to_file_or_stream(tmp_path, capsys):
    import sys

    write_output("x\n", None, sys.stdout)
    assert capsys.readouterr().out == "x\n"
    write_output("é\n", tmp_path / "out.txt", sys.stdout)
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "é\n"


def test_every_format_is_the_same_whatever_the_check_order():
    forward = build_report(MESSAGES, root=ROOT, accepted_risks=RISKS)
    backward = build_report(MESSAGES[::-1], root=ROOT, accepted_risks=RISKS)
    for fmt in FORMATS:
        assert render(forward, fmt) == render(backward, fmt)


def test_sarif_rules_carry_the_catalogue_properties(report):
    data = json.loads(render(report, "sarif"))
    jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS_CHECKED).validate(data)
    rules = {r["id"]: r for r in data["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["django_chained.W401"]["properties"] == {
        "concern": 4,
        "tags": ["security", "external/cwe/cwe-89", "SQL injection"],
        "precision": "medium",
        "security-severity": "8.8",
    }
    assert rules["django_chained.W501"]["properties"]["tags"] == [
        "security", "external/cwe/cwe-352", "CSRF and clickjacking",
    ]  # fmt: skip
    # Django's own security IDs keep their concern, without catalogue properties.
    assert rules["security.W004"]["properties"] == {
        "concern": 1,
        "tags": ["security", "HTTPS deployment"],
    }


def test_sarif_default_level_is_the_catalogue_level_not_the_first_finding():
    # An ID reported at another level than its own (a custom check reusing it) keeps the catalogue's.
    record = Record("django_chained.W401", 40, "m", file="a.py", line=1)
    rule = sarif_dict(build_report([record]))["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["defaultConfiguration"] == {"level": "warning"}
    result = sarif_dict(build_report([record]))["runs"][0]["results"][0]
    assert result["level"] == "error"


def test_sarif_rules_for_ids_missing_from_the_catalogue_come_from_the_finding():
    record = Record("django_chained.W999", 40, "New rule.", hint="Fix it.")
    rule = sarif_dict(build_report([record]))["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"] == {"text": "New rule."}
    assert rule["help"] == {"text": "Fix it."}
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert "tags" not in rule["properties"]


def test_rule_text_turns_readme_markup_into_plain_text_and_markdown():
    rst = "Set ``DEBUG = False``; see `Live probe`_ and `docs <https://x.org/>`_."
    assert plain_text(rst) == "Set DEBUG = False; see Live probe and docs."
    assert markdown(rst) == "Set `DEBUG = False`; see Live probe and docs."


def test_no_catalogue_text_keeps_rst_markup_in_sarif():
    texts = [plain_text(t) for s in RULES.values() for t in (s.title, s.description)]
    assert [t for t in texts if "`" in t] == []


def test_sarif_rules_need_no_readme(report, monkeypatch):
    """Nothing reads README.rst at run time: an installed package without it describes its rules the same."""
    read_text = Path.read_text

    def no_readme(path, *args, **kwargs):
        if path.name == "README.rst":
            raise FileNotFoundError(path)
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", no_readme)

    def not_installed(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(Distribution, "from_name", not_installed)
    # helpUri's cached lookup of the package metadata is not what this test is about.
    monkeypatch.setattr("django_chained.report.sarif.documentation_uri", lambda: None)
    rules = sarif_dict(report)["runs"][0]["tool"]["driver"]["rules"]
    sql = next(r for r in rules if r["id"] == "django_chained.W401")
    assert sql["shortDescription"]["text"] == plain_text(RULES[sql["id"]].title)


def test_text_concern_titles_are_the_catalogue_names():
    assert concern_title(4) == "SQL injection (4xx)"
    assert [concern_title(n) for n in range(1, 8)] == [
        f"{CATALOGUE_CONCERNS[n]} ({n}xx)" for n in range(1, 8)
    ]
    assert concern_title(0) == concern_title(None) == "Other checks"
