"""One-line rule summaries for SARIF, read from the README's check reference (``**django_chained.W501**: …``).

A finding's message describes one instance ("View at URL 'pay/' is csrf_exempt …"); a SARIF rule's
``shortDescription`` should describe the rule. The README states each rule in one line; a checkout has it beside the package, an
installed package carries it as its metadata description.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

_SUMMARY = re.compile(
    r"^\*\*(?P<id>django_chained\.[CEWID]\d{3})\*\*: (?P<text>.+)$", re.MULTILINE
)
_LITERAL = re.compile(r"``(.+?)``")
CHECKOUT_README = Path(__file__).resolve().parent.parent.parent / "README.rst"


def summaries_in(readme: str) -> dict[str, str]:
    """ID → its one-line summary as plain text (RST ````literals```` unwrapped)."""
    return {
        match["id"]: _LITERAL.sub(r"\1", match["text"]).strip()
        for match in _SUMMARY.finditer(readme)
    }


def _installed_readme(distribution: str) -> str:
    try:
        description = metadata(distribution).json.get("description")
    except PackageNotFoundError:
        return ""
    return description if isinstance(description, str) else ""


def _checkout_readme() -> str:
    try:
        return CHECKOUT_README.read_text(encoding="utf-8")
    except OSError:
        return ""


@cache
def rule_summaries(distribution: str = "django-chained") -> dict[str, str]:
    """Summaries of our IDs from the checkout's README, else the installed package's; empty when neither.

    The checkout comes first: a stale ``.egg-info`` beside it would otherwise answer for an old README.
    """
    return summaries_in(_checkout_readme()) or summaries_in(
        _installed_readme(distribution)
    )
