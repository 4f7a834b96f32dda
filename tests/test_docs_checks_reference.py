"""The checks reference of the docs is generated from the rule catalogue: every ID once, with its text and anchor.

The page is rendered here with docutils alone (the ``chained-rules`` directive is plain docutils); the Sphinx
build (``tox -e docs``) renders the same page and fails on its warnings.
"""

from __future__ import annotations

import importlib.util
import re
from io import StringIO
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from docutils import nodes  # type: ignore[import-untyped]
from docutils.core import publish_doctree  # type: ignore[import-untyped]
from docutils.parsers.rst import directives  # type: ignore[import-untyped]

from django_chained.report.help_links import CHECKS_PAGE, help_uri
from django_chained.rules.catalogue import RULES

DOCS = Path(__file__).resolve().parent.parent / "docs"
CHECKS = (DOCS / "checks.rst").read_text(encoding="utf-8")
ID_ANCHOR = re.compile(r"^django-chained-[cewid]\d{3}$")


def _extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "chained_checks", DOCS / "_ext" / "chained_checks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


extension = _extension()
directives.register_directive("chained-rules", extension.ChainedRules)


def render(text: str) -> nodes.document:
    """The page's doctree; Sphinx's own roles (``:doc:``) are unknown here and left as problems."""
    return publish_doctree(
        text, settings_overrides={"report_level": 5, "warning_stream": StringIO()}
    )


def id_sections(doctree: nodes.document) -> dict[str, list[nodes.section]]:
    """Each ID-like section id → the sections carrying it."""
    found: dict[str, list[nodes.section]] = {}
    for section in doctree.findall(nodes.section):
        for section_id in section["ids"]:
            if ID_ANCHOR.match(section_id):
                found.setdefault(section_id, []).append(section)
    return found


def own_paragraphs(section: nodes.section) -> list[str]:
    return [
        child.rawsource
        for child in section.children
        if isinstance(child, nodes.paragraph)
    ]


def fields(section: nodes.section) -> dict[str, str]:
    return {
        field[0].astext(): field[1].astext() for field in section.findall(nodes.field)
    }


@pytest.fixture(scope="module")
def page() -> nodes.document:
    return render(CHECKS)


def test_the_page_holds_one_section_per_catalogue_id_and_no_other(page):
    sections = id_sections(page)
    assert set(sections) == {spec.anchor for spec in RULES.values()}
    assert {anchor: len(s) for anchor, s in sections.items() if len(s) > 1} == {}


def test_each_section_says_what_the_catalogue_says(page):
    sections = id_sections(page)
    different = {}
    for spec in RULES.values():
        (section,) = sections[spec.anchor]
        expected = [spec.title, spec.description]
        if section[0].astext() != spec.id or own_paragraphs(section) != expected:
            different[spec.id] = (section[0].astext(), own_paragraphs(section))
    assert different == {}


def test_each_section_gives_level_concern_places_and_cwe(page):
    (w401,) = id_sections(page)["django-chained-w401"]
    assert fields(w401) == {
        "Level": "Warning",
        "Concern": "SQL injection (4xx)",
        "Runs in": "code",
        "CWE": "CWE-89",
        "Precision": RULES["django_chained.W401"].precision,
        "Security severity": RULES["django_chained.W401"].security_severity,
    }
    (e001,) = id_sections(page)["django-chained-e001"]
    assert fields(e001)["CWE"] == "none"
    assert fields(e001)["Concern"] == "General (0xx)"


def test_every_help_uri_points_at_a_section_of_the_checks_page(page):
    sections = id_sections(page)
    for check_id in RULES:
        uri = help_uri(check_id, "https://docs.example.org/django-chained/")
        assert uri is not None
        parts = urlsplit(uri)
        assert parts.path == f"/django-chained/{CHECKS_PAGE}", uri
        assert CHECKS_PAGE == "checks.html" and (DOCS / "checks.rst").is_file()
        assert parts.fragment in sections, uri


def test_the_anchor_is_the_id_docutils_gives_the_ids_label():
    assert {spec.anchor for spec in RULES.values()} == {
        nodes.make_id(check_id) for check_id in RULES
    }


def test_a_group_left_out_of_the_page_leaves_its_ids_undocumented():
    without_sql = CHECKS.replace(".. chained-rules:: 4\n", "")
    assert without_sql != CHECKS
    missing = {spec.anchor for spec in RULES.values()} - set(
        id_sections(render(without_sql))
    )
    assert missing == {f"django-chained-w40{n}" for n in range(1, 5)}


def test_the_sphinx_build_warns_about_ids_listed_twice_or_nowhere():
    listed = [i for i in RULES if i != "django_chained.W401"] + ["django_chained.W101"]
    assert extension.listing_problems(listed) == [
        "django_chained.W101 is listed twice",
        "django_chained.W401 is listed nowhere",
    ]
    assert extension.listing_problems(list(RULES)) == []


@pytest.mark.parametrize(
    ("directive", "complaint"),
    [
        (".. chained-rules:: 12", "'12' is not a concern digit"),
        (".. chained-rules:: 9", "selects no rule"),
        (".. chained-rules:: 4\n   :runs-in: probe", "selects no rule"),
        (".. chained-rules:: 4\n   :runs-in: web", "expected some of"),
    ],
)
def test_a_bad_directive_is_an_error_on_the_page(directive, complaint):
    errors = [
        message.astext()
        for message in render(directive + "\n").findall(nodes.system_message)
        if message["level"] >= 3
    ]
    assert any(complaint in error for error in errors), errors


def test_places_are_read_from_spaces_or_commas():
    assert extension.places("code, template") == {"code", "template"}
    with pytest.raises(ValueError, match="expected some of"):
        extension.places("")
