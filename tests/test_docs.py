"""README documents exactly the check IDs and settings the code defines, and no ID is defined twice."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from django_chained.conf import SPECS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "django_chained"
README = (ROOT / "README.rst").read_text(encoding="utf-8")

DEFINITION = re.compile(r"""id=["'](django_chained\.[CEWID]\d{3})["']""")
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
