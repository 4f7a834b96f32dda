"""README documents exactly the check IDs and settings the code defines, CHANGELOG mentions each ID, no ID is defined twice."""

from __future__ import annotations

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

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_chained"
README = (ROOT / "README.rst").read_text(encoding="utf-8")
CHANGELOG = (ROOT / "CHANGELOG.rst").read_text(encoding="utf-8")

DEFINITION = re.compile(r"""id=["'](django_chained\.[CEWID]\d{3})["']""")
MENTIONED = re.compile(r"django_chained\.[CEWID]\d{3}")
DOCUMENTED = re.compile(r"^\*\*(django_chained\.[CEWID]\d{3})\*\*", re.MULTILINE)
RETIRED = re.compile(
    r"^\*\*(django_chained\.[CEWID]\d{3})\*\*.*\(removed in ", re.MULTILINE
)


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


def test_readme_documents_exactly_the_defined_ids():
    documented = set(DOCUMENTED.findall(README)) - set(RETIRED.findall(README))
    assert documented == set(defined_ids())


def test_readme_documents_each_id_once():
    assert [i for i, n in Counter(DOCUMENTED.findall(README)).items() if n > 1] == []


def test_readme_documents_every_setting():
    headings = set(re.findall(r"^``(CHAINED_[A-Z_]+): ", README, re.MULTILINE))
    assert headings == set(SPECS)


def test_changelog_mentions_every_defined_id():
    """Every added check ID gets a CHANGELOG bullet, spelled in full so it can be searched for."""
    assert set(defined_ids()) - set(MENTIONED.findall(CHANGELOG)) == set()


def test_changelog_mentions_no_unknown_id():
    documented = set(DOCUMENTED.findall(README))
    assert set(MENTIONED.findall(CHANGELOG)) - documented == set()


@pytest.mark.parametrize("name", ["README.rst", "CHANGELOG.rst"])
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


def setting_sections() -> dict[str, str]:
    """Each ``CHAINED_NAME: type`` heading under "Settings" → the text up to the next heading."""
    settings = README.split("\nSettings\n========\n", 1)[1].split("\n=====", 1)[0]
    parts = re.split(r"^``(CHAINED_[A-Z_]+): [^`\n]+``\n-+\n", settings, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def python_blocks(text: str) -> list[str]:
    blocks = re.findall(
        r"^\.\. code-block:: python\n\n((?:    .*\n|\n)+)", text, flags=re.M
    )
    return [re.sub(r"^    ", "", block, flags=re.M) for block in blocks]


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


def test_readme_lists_ids_in_number_order():
    """Concern sub-sections in block order, and IDs in number order within each."""
    numbers = [int(check_id[-3:]) for check_id in DOCUMENTED.findall(README)]
    assert numbers == sorted(numbers)
