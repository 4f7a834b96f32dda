"""The docs and README document exactly the check IDs and settings the code defines, CHANGELOG mentions each ID, no ID is defined twice.

The checks reference itself is generated from the rule catalogue: tests/test_docs_checks_reference.py.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.test import override_settings
from docutils.core import publish_doctree  # type: ignore[import-untyped]
from docutils.utils import SystemMessage  # type: ignore[import-untyped]

from django_chained.checks import config
from django_chained.conf import SPECS
from django_chained.rules.catalogue import RULES

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_chained"
README = (ROOT / "README.rst").read_text(encoding="utf-8")
CHANGELOG = (ROOT / "CHANGELOG.rst").read_text(encoding="utf-8")
SETTINGS_PAGE = (ROOT / "docs" / "settings.rst").read_text(encoding="utf-8")

DEFINITION = re.compile(r"""id=["'](django_chained\.[CEWID]\d{3})["']""")
MENTIONED = re.compile(r"django_chained\.[CEWID]\d{3}")
SETTING_HEADING = re.compile(r"^``(CHAINED_[A-Z_]+): [^`\n]+``\n-+\n", re.MULTILINE)
README_SETTING = re.compile(r"^- ``(CHAINED_[A-Z_]+)``: \S", re.MULTILINE)


def defined_ids() -> Counter[str]:
    found: Counter[str] = Counter()
    for path in PACKAGE.rglob("*.py"):
        found.update(DEFINITION.findall(path.read_text(encoding="utf-8")))
    return found


def test_code_defines_ids():
    assert defined_ids(), "no check IDs found: the DEFINITION pattern is out of date"


def test_each_id_defined_once():
    assert [i for i, n in defined_ids().items() if n > 1] == []


def test_numbers_unique_across_levels():
    numbers = Counter(i[-3:] for i in defined_ids())
    assert [n for n, count in numbers.items() if count > 1] == []


def test_changelog_mentions_every_defined_id():
    """Every added check ID gets a CHANGELOG bullet, spelled in full so it can be searched for."""
    assert set(defined_ids()) - set(MENTIONED.findall(CHANGELOG)) == set()


def test_changelog_mentions_no_unknown_id():
    assert set(MENTIONED.findall(CHANGELOG)) - set(RULES) == set()


def readme_section(title: str, readme: str = README) -> str:
    """The text of README's top-level section ``title``, up to the next one."""
    return readme.split(f"\n{title}\n{'=' * len(title)}\n", 1)[1].split("\n=====", 1)[0]


def readme_settings(readme: str = README) -> list[str]:
    return README_SETTING.findall(readme_section("Settings", readme))


def test_readme_lists_every_setting_once_with_a_line_about_it():
    listed = readme_settings()
    assert sorted(listed) == sorted(SPECS)
    assert len(listed) == len(set(listed))


def test_readme_settings_parser_misses_a_removed_entry():
    line = "- ``CHAINED_OWNER_MODELS``: "
    assert line in README
    changed = README.replace(line, "- ``SOMETHING_ELSE``: ")
    assert "CHAINED_OWNER_MODELS" not in readme_settings(changed)


def test_readme_keeps_the_quick_start_and_the_three_entry_points():
    assert README.index("\nQuick start\n") < README.index("\nInstallation\n")
    entry_points = readme_section("Three entry points")
    for command in (
        "manage.py check --deploy",
        "django-chained scan",
        "manage.py chained_probe",
    ):
        assert f"``{command}" in entry_points, command


def test_readme_has_the_three_ci_recipes():
    recipes = readme_section("CI recipes")
    assert "\npre-commit\n----------\n" in recipes
    assert "github/codeql-action/upload-sarif@" in recipes
    assert "\nGitLab CI\n---------\n" in recipes


@pytest.mark.parametrize("name", ["README.rst", "CHANGELOG.rst", "CONTRIBUTING.rst"])
def test_renders_without_docutils_warnings(name):
    source = (ROOT / name).read_text(encoding="utf-8")
    try:
        publish_doctree(
            source,
            source_path=name,
            settings_overrides={
                "halt_level": 2,
                "report_level": 2,
                "warning_stream": StringIO(),
            },
        )
    except SystemMessage as warning:
        pytest.fail(f"{name}: {warning}")


def setting_sections(page: str = SETTINGS_PAGE) -> dict[str, str]:
    """Each ``CHAINED_NAME: type`` heading of the settings page → the text up to the next heading."""
    parts = SETTING_HEADING.split(page)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def python_blocks(text: str) -> list[str]:
    blocks = re.findall(
        r"^\.\. code-block:: python\n\n((?:    .*\n|\n)+)", text, flags=re.M
    )
    return [re.sub(r"^    ", "", block, flags=re.M) for block in blocks]


def test_the_settings_page_documents_every_setting_once():
    headings = SETTING_HEADING.findall(SETTINGS_PAGE)
    assert sorted(headings) == sorted(SPECS)
    assert len(headings) == len(set(headings))


def test_a_setting_missing_from_the_settings_page_is_noticed():
    heading = next(SETTING_HEADING.finditer(SETTINGS_PAGE))
    without = SETTINGS_PAGE.replace(heading[0], "")
    assert heading[1] not in setting_sections(without)


def test_every_setting_section_has_default_explanation_and_example():
    sections = setting_sections()
    assert set(sections) == set(SPECS)
    for name, text in sections.items():
        assert text.lstrip().startswith("Default: "), name
        assert len(text.split("\n\n", 2)) == 3, f"{name}: no explanation"
        assert python_blocks(text), f"{name}: no example"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_setting_examples_are_valid_values(name):
    """Run each example as a startproject settings file would (``BASE_DIR`` a ``Path``) and check it."""
    namespace = {"BASE_DIR": Path("/srv/site"), "os": os}
    for block in python_blocks(setting_sections()[name]):
        exec(block, namespace)
    values = {key: value for key, value in namespace.items() if key in SPECS}
    assert name in values
    with override_settings(**values):
        assert config.check_settings() == []


def _readme_command_module():
    spec = importlib.util.spec_from_file_location(
        "readme_command", ROOT / ".ci" / "readme_command.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_finds_the_main_job_and_the_test_command_in_the_quick_start():
    """.ci/run runs README's first two Quick start blocks verbatim on a fresh machine."""
    commands = _readme_command_module().quick_start_commands(README)
    assert commands[0] == (
        "python -m pip install -e . && python testproject/manage.py check --deploy"
    )
    assert commands[1] == 'python -m pip install -e ".[test]" && python -m pytest'
