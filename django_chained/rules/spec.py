"""One rule of the catalogue: what an ID means, how sure and how serious its findings are, where it runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.checks.messages import CRITICAL, DEBUG, ERROR, INFO, WARNING

#: Where a rule gets its input: the settings, the loaded URLconf or models, first-party source or
#: templates read by the scan engine, the live site, the report itself, the installed packages.
PLACES = frozenset(
    {"settings", "urlconf", "models", "code", "template", "probe", "report", "packages"}
)
#: SARIF's ``precision`` values: how often a finding of the rule is a true positive.
PRECISIONS = ("very-high", "high", "medium", "low")
LEVEL_LETTERS = {CRITICAL: "C", ERROR: "E", WARNING: "W", INFO: "I", DEBUG: "D"}
_ID = re.compile(r"^django_chained\.[CEWID]\d{3}$")
_SEVERITY = re.compile(r"^(10\.0|\d\.\d)$")


@dataclass(frozen=True)
class RuleSpec:
    """A check ID as the checks reference documents it; ``title`` and ``description`` are RST (inline markup kept)."""

    id: str
    level: int
    title: str
    description: str
    cwe: tuple[int, ...]
    runs_in: frozenset[str]
    precision: str
    #: CVSS-like score "0.0"-"10.0", what GitHub code scanning ranks security findings by.
    security_severity: str

    def __post_init__(self) -> None:
        problems = []
        if not _ID.match(self.id):
            problems.append("the ID is not django_chained.<C|E|W|I|D><NNN>")
        elif LEVEL_LETTERS.get(self.level) != self.id[15]:
            problems.append(
                f"level {self.level} does not match the letter {self.id[15]}"
            )
        if not self.title.strip():
            problems.append("the title is empty")
        if not self.runs_in or not self.runs_in <= PLACES:
            problems.append(
                f"runs_in {sorted(self.runs_in)} not a non-empty subset of {sorted(PLACES)}"
            )
        if self.precision not in PRECISIONS:
            problems.append(f"precision {self.precision!r} not one of {PRECISIONS}")
        if not _SEVERITY.match(self.security_severity):
            problems.append(
                f"security_severity {self.security_severity!r} not '0.0'-'10.0'"
            )
        if problems:
            raise ValueError(f"{self.id}: {'; '.join(problems)}")

    @property
    def anchor(self) -> str:
        """The id of the ID's section in the checks reference, as docutils spells ``django_chained.W101``."""
        return self.id.lower().replace("_", "-").replace(".", "-")

    @property
    def concern(self) -> int:
        """The hundreds digit of the number: 0 for our own settings and the live probe's leaks, else 1-7."""
        return int(self.id[-3])
