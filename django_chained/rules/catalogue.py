"""The catalogue of django-chained's check IDs: the one source for reports, SARIF rules and the checks reference.

Each concern's rules live in their own module; the documentation's checks reference is generated from them
(``docs/_ext/chained_checks.py``, ``tests/test_docs_checks_reference.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from django_chained.rules import (
    authorization,
    config,
    csrf,
    https,
    https_probe,
    media,
    sql,
    versions,
    xss,
)
from django_chained.rules.spec import RuleSpec

__all__ = [
    "CONCERNS",
    "RULES",
    "RuleSpec",
    "concern_name",
    "ids_running_in",
    "rule",
    "rules_for_concern",
]

#: Concern names by the hundreds digit; 0 gathers our own settings, the scanner's and the reports' IDs
#: and the live probe's Django leaks.
CONCERNS: Mapping[int, str] = MappingProxyType(
    {
        0: "General",
        1: "HTTPS deployment",
        2: "Authorization",
        3: "XSS",
        4: "SQL injection",
        5: "CSRF and clickjacking",
        6: "Media access",
        7: "Outdated Django",
    }
)


def _by_id(specs: Iterable[RuleSpec]) -> dict[str, RuleSpec]:
    index: dict[str, RuleSpec] = {}
    for spec in sorted(specs, key=lambda spec: spec.id[-3:]):
        if spec.id in index or any(known[-3:] == spec.id[-3:] for known in index):
            raise ValueError(f"{spec.id}: its number is already in the catalogue")
        index[spec.id] = spec
    return index


RULES: Mapping[str, RuleSpec] = MappingProxyType(
    _by_id(
        spec
        for module in (
            config,
            https,
            https_probe,
            authorization,
            xss,
            sql,
            csrf,
            media,
            versions,
        )
        for spec in module.RULES
    )
)


def rule(check_id: str) -> RuleSpec | None:
    """The catalogue entry of ``check_id``; ``None`` for other apps' IDs and unknown ones."""
    return RULES.get(check_id)


def rules_for_concern(concern: int) -> tuple[RuleSpec, ...]:
    """The rules whose hundreds digit is ``concern``, in number order."""
    return tuple(spec for spec in RULES.values() if spec.concern == concern)


def concern_name(concern: int) -> str:
    return CONCERNS[concern]


def ids_running_in(*places: str) -> frozenset[str]:
    """IDs of the rules that run in any of ``places`` (``"probe"``, ``"code"``, …)."""
    wanted = set(places)
    return frozenset(spec.id for spec in RULES.values() if spec.runs_in & wanted)
