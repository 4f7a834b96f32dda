"""The rule catalogue is the one description of each ID: the check modules and the findings agree with it.

The documentation's checks reference is generated from it (tests/test_docs_checks_reference.py).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.checks.messages import CRITICAL, DEBUG, ERROR, INFO, WARNING
from django.core.checks.registry import registry
from django.test import override_settings

from django_chained.rules import catalogue
from django_chained.rules.catalogue import (
    CONCERNS,
    RULES,
    ids_running_in,
    rule,
    rules_for_concern,
)
from django_chained.rules.spec import RuleSpec

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_chained"
SCAN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"

DEFINITION = re.compile(r"""id=["'](django_chained\.[CEWID]\d{3})["']""")
LEVELS = {
    "Critical": CRITICAL,
    "Error": ERROR,
    "Warning": WARNING,
    "Info": INFO,
    "Debug": DEBUG,
}
MODULE_OF_CONCERN = "django_chained/rules/{config,https,https_probe,authorization,xss,sql,csrf,media,versions}.py"


def defined_in_source(under: Path) -> set[str]:
    return {
        check_id
        for path in under.rglob("*.py")
        if "rules" not in path.relative_to(PACKAGE).parts[:1]
        for check_id in DEFINITION.findall(path.read_text(encoding="utf-8"))
    }


def mismatch(name_a: str, a: set[str], name_b: str, b: set[str]) -> str:
    return (
        f"in {name_a}, not in {name_b}: {sorted(a - b)}; in {name_b}, not in {name_a}: {sorted(b - a)}."
        f" Catalogue entries are RuleSpecs in {MODULE_OF_CONCERN}, by the hundreds digit."
    )


def test_the_code_defines_exactly_the_catalogue_ids():
    defined = defined_in_source(PACKAGE)
    assert defined == set(RULES), mismatch(
        "the check modules", defined, "the catalogue", set(RULES)
    )


def test_runs_in_says_which_ids_the_scan_engine_and_the_probe_define():
    assert ids_running_in("code", "template") == defined_in_source(PACKAGE / "scan")
    assert ids_running_in("probe") == defined_in_source(PACKAGE / "probe")
    assert ids_running_in("report") == {"django_chained.W010"}


def _level_of(call: ast.Call, keywords: dict[str | None, ast.expr]) -> int | None:
    """``Warning(…)``; ``level=INFO``; ``CheckMessage(INFO, …)``; the scan engine's default WARNING."""
    assert isinstance(call.func, ast.Name)
    if call.func.id in LEVELS:
        return LEVELS[call.func.id]
    level = keywords.get("level", call.args[0] if call.args else None)
    if isinstance(level, ast.Name) and level.id.title() in LEVELS:
        return LEVELS[level.id.title()]
    return WARNING if call.func.id in ("Rule", "Finding") and level is None else None


def _levels_in_source() -> dict[str, int | None]:
    """ID → the level its definition gives (``None``: this test cannot tell, so it fails naming the ID)."""
    found: dict[str, int | None] = {}
    for path in PACKAGE.rglob("*.py"):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
                continue
            keywords = {k.arg: k.value for k in call.keywords}
            check_id = keywords.get("id")
            if isinstance(check_id, ast.Constant) and str(check_id.value).startswith(
                "django_chained."
            ):
                found[str(check_id.value)] = _level_of(call, keywords)
    return found


def test_the_level_reader_knows_each_way_a_level_is_given():
    def level(source: str) -> int | None:
        call = ast.parse(source).body[0].value  # type: ignore[attr-defined]
        return _level_of(call, {k.arg: k.value for k in call.keywords})

    assert level('Error("m", id="x")') == ERROR
    assert level('Rule(id="x", level=INFO)') == INFO
    assert level('Finding(id="x")') == WARNING
    assert level('ChainedMessage(INFO, "m", id="x")') == INFO
    assert level('ChainedMessage(level, "m", id="x")') is None
    assert level('make(id="x")') is None


def test_every_definition_has_the_catalogue_level():
    levels = _levels_in_source()
    assert set(levels) == set(RULES)
    assert {i: level for i, level in levels.items() if level != RULES[i].level} == {}


@override_settings(
    SECURE_HSTS_SECONDS="one year",
    SECURE_SSL_REDIRECT=False,
    CSRF_TRUSTED_ORIGINS=["http://example.com", "https://*.com"],
    CSRF_COOKIE_HTTPONLY=True,
    X_FRAME_OPTIONS="ALLOW-FROM https://example.com",
    CHAINED_HSTS_MIN_SECONDS=-1,
    CHAINED_NO_SUCH_SETTING=True,
    FILE_UPLOAD_PERMISSIONS=0o666,
)
def test_every_message_of_a_deploy_check_run_has_the_catalogue_level(scanned):
    fixtures = sorted(p.name for p in SCAN_FIXTURES.glob("*_positive.py"))
    template = (SCAN_FIXTURES / "templates" / "precision_positive.html").read_text(
        encoding="utf-8"
    )
    with scanned(*fixtures, template=template):
        messages = registry.run_checks(include_deployment_checks=True)
    ours = [m for m in messages if str(m.id).startswith("django_chained.")]
    assert {m.id for m in ours if m.level != RULES[str(m.id)].level} == set()
    # The run covers every concern the checks report on, settings, code and templates alike.
    assert {RULES[str(m.id)].concern for m in ours} >= {0, 1, 3, 4, 5, 6}
    assert len({m.id for m in ours}) >= 25


def test_each_concern_module_holds_its_concern_only():
    for spec in RULES.values():
        module = catalogue.__dict__[_module_of(spec)]
        assert spec in module.RULES, spec.id


def _module_of(spec: RuleSpec) -> str:
    number = int(spec.id[-3:])
    if 160 <= number < 190:
        return "https_probe"
    return [
        "config",
        "https",
        "authorization",
        "xss",
        "sql",
        "csrf",
        "media",
        "versions",
    ][spec.concern]


def test_lookup_api():
    assert rule("django_chained.W501") is RULES["django_chained.W501"]
    assert rule("security.W004") is None
    assert rule("django_chained.W999") is None
    assert [s.id for s in rules_for_concern(4)] == [
        f"django_chained.W40{n}" for n in range(1, 5)
    ]
    assert rules_for_concern(9) == ()
    assert set(CONCERNS) == set(range(8))
    assert {s.concern for s in RULES.values()} == set(CONCERNS)
    assert ids_running_in("nowhere") == frozenset()


def test_cwe_tags_name_the_weakness_of_each_concern():
    assert all(79 in s.cwe for s in rules_for_concern(3))
    assert all(89 in s.cwe for s in rules_for_concern(4))
    assert RULES["django_chained.W501"].cwe == (352,)
    assert RULES["django_chained.W504"].cwe == (1021,)
    assert RULES["django_chained.E001"].cwe == ()


def test_info_rules_are_low_severity_and_heuristics_low_precision():
    infos = [s for s in RULES.values() if s.level == INFO]
    assert infos and all(float(s.security_severity) < 4.0 for s in infos)
    assert RULES["django_chained.W330"].precision == "low"
    assert RULES["django_chained.W101"].precision == "very-high"


GOOD = {
    "level": WARNING,
    "title": "A title.",
    "description": "",
    "cwe": (),
    "runs_in": frozenset({"settings"}),
    "precision": "high",
    "security_severity": "5.0",
}


@pytest.mark.parametrize(
    ("check_id", "change", "complaint"),
    [
        ("django_chained.W9", {}, "not django_chained.<C|E|W|I|D><NNN>"),
        ("django_chained.E999", {}, "does not match the letter E"),
        ("django_chained.W999", {"title": " "}, "the title is empty"),
        ("django_chained.W999", {"runs_in": frozenset({"web"})}, "runs_in ['web']"),
        ("django_chained.W999", {"runs_in": frozenset()}, "runs_in []"),
        ("django_chained.W999", {"precision": "certain"}, "precision 'certain'"),
        ("django_chained.W999", {"security_severity": "11"}, "security_severity '11'"),
        (
            "django_chained.W999",
            {"security_severity": "high"},
            "security_severity 'high'",
        ),
    ],
)
def test_a_malformed_rule_is_refused(check_id, change, complaint):
    with pytest.raises(ValueError, match=re.escape(complaint)):
        RuleSpec(check_id, **{**GOOD, **change})


def test_a_well_formed_rule_is_accepted():
    assert RuleSpec("django_chained.W999", **GOOD).concern == 9  # type: ignore[arg-type]


def test_a_number_used_twice_is_refused():
    first = RuleSpec("django_chained.W999", **GOOD)  # type: ignore[arg-type]
    second = RuleSpec("django_chained.E999", **{**GOOD, "level": ERROR})  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match="django_chained.E999: its number is already in the catalogue"
    ):
        catalogue._by_id([first, second])
