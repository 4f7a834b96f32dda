"""SARIF ``reportingDescriptor``s: our IDs as the rule catalogue describes them, other apps' IDs by their first finding."""

from __future__ import annotations

import re
from typing import Any

from django.core.checks.messages import ERROR, WARNING

from django_chained.report.help_links import help_uri
from django_chained.report.record import Record
from django_chained.rules.catalogue import CONCERNS, rule
from django_chained.rules.spec import RuleSpec

_LITERAL = re.compile(r"``(.+?)``")
#: ```Live probe`_`` and ```text <https://…>`_``: the descriptions' links (RST), kept as their text.
_REFERENCE = re.compile(r"`([^`<]+?)(?:\s*<[^>]*>)?`__?")


def sarif_level(level: int) -> str:
    if level >= ERROR:
        return "error"
    return "warning" if level >= WARNING else "note"


def rule_name(check_id: str) -> str:
    """``django_chained.W101`` → ``DjangoChainedW101`` (SARIF names are identifiers)."""
    words = check_id.replace(".", "_").split("_")
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def plain_text(rst: str) -> str:
    """The catalogue's RST as plain text: ````literals```` unwrapped, links reduced to their text."""
    return _LITERAL.sub(r"\1", _REFERENCE.sub(r"\1", rst))


def markdown(rst: str) -> str:
    """The catalogue's RST as Markdown: ````literals```` become `` `code` ``, links their text."""
    return _LITERAL.sub(r"`\1`", _REFERENCE.sub(r"\1", rst))


def _message(rst: str) -> dict[str, str]:
    return {"text": plain_text(rst), "markdown": markdown(rst)}


def tags(spec: RuleSpec) -> list[str]:
    """``security`` (what GitHub files code-scanning alerts under), the CWEs, then the concern's name."""
    return [
        "security",
        *(f"external/cwe/cwe-{number}" for number in spec.cwe),
        CONCERNS[spec.concern],
    ]


def _catalogued(
    spec: RuleSpec, concern: int | None, base: str | None
) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": spec.id,
        "name": rule_name(spec.id),
        "shortDescription": _message(spec.title),
        "fullDescription": _message(spec.description or spec.title),
        "help": _message(spec.description or spec.title),
    }
    uri = help_uri(spec.id, base)
    if uri is not None:
        descriptor["helpUri"] = uri
    descriptor["defaultConfiguration"] = {"level": sarif_level(spec.level)}
    descriptor["properties"] = {
        "concern": concern,
        "tags": tags(spec),
        "precision": spec.precision,
        "security-severity": spec.security_severity,
    }
    return descriptor


def _described_by_finding(record: Record, base: str | None) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": record.id,
        "name": rule_name(record.id),
        "shortDescription": {"text": record.message},
        "help": {"text": record.hint or record.message},
    }
    uri = help_uri(record.id, base)
    if uri is not None:
        descriptor["helpUri"] = uri
    descriptor["defaultConfiguration"] = {"level": sarif_level(record.level)}
    descriptor["properties"] = {"concern": record.concern}
    concern_name = CONCERNS.get(record.concern) if record.concern is not None else None
    if concern_name is not None:
        descriptor["properties"]["tags"] = ["security", concern_name]
    return descriptor


def reporting_descriptor(record: Record, base: str | None) -> dict[str, Any]:
    """The rule of ``record``'s ID; ``base`` is the absolute documentation URL ``helpUri`` is built on."""
    spec = rule(record.id)
    if spec is None:
        return _described_by_finding(record, base)
    return _catalogued(spec, record.concern, base)
