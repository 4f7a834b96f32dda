"""Inline suppression: ``# chained: ignore[ID] reason`` (``{# ... #}`` in templates) on the finding's line.

For a Python finding, any line of the reported code counts (a call written over several lines).
An accepted finding keeps its ID, level and fingerprint and carries the reason; a suppression
without a reason, or naming no finding on its line, is itself reported (``W005``, ``W006``).
"""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from collections.abc import Collection, Mapping

from django.core.checks.messages import WARNING

from django_chained.scan.findings import Finding
from django_chained.scan.rule import Rule

SUPPRESSION = re.compile(
    r"chained:\s*ignore\[(?P<ids>[^\]]*)\](?P<reason>.*?)\s*(?:#\}|$)"
)
PREFIX = "django_chained."
#: IDs a finding may become (the project pass turns a W330 into an I333; a W330 or W331 in a
#: message template is reported as I332): a suppression naming one of them is in use on the
#: finding's line, and a suppression naming the earlier ID accepts the finding it became.
MAY_BECOME = {
    "django_chained.W330": frozenset({"django_chained.I332", "django_chained.I333"}),
    "django_chained.W331": frozenset({"django_chained.I332"}),
    "django_chained.W520": frozenset({"django_chained.I517"}),
}
_BECAME_FROM = {
    later: frozenset(earlier for earlier, ids in MAY_BECOME.items() if later in ids)
    for became in MAY_BECOME.values()
    for later in became
}

NO_REASON = Rule(
    id="django_chained.W005",
    message="Inline suppression of {ids} gives no reason, so it does not count.",
    hint="Say why the code is safe after the brackets: # chained: ignore[django_chained.W401] table names come from a fixed enum.",
    level=WARNING,
)
UNUSED = Rule(
    id="django_chained.W006",
    message="Inline suppression of {check_id} matches no finding on this line.",
    hint="Remove it: left in place it would silently accept a future finding here.",
    level=WARNING,
)
NOT_INLINE = (
    "{check_id} is not found by the code or template rules, so it cannot be accepted inline: "
    "accept it in CHAINED_ACCEPTED_RISKS, or silence it with SILENCED_SYSTEM_CHECKS."
)


def _full_id(name: str) -> str:
    return name if name.startswith(PREFIX) else PREFIX + name


def _suppressions(line: str) -> list[tuple[list[str], str]]:
    """``(IDs, reason)`` of each ``chained: ignore[...]`` on ``line``, IDs in full form."""
    found = []
    for match in SUPPRESSION.finditer(line):
        ids = [
            _full_id(part.strip()) for part in match["ids"].split(",") if part.strip()
        ]
        found.append((ids, match["reason"].strip()))
    return found


def _span(finding: Finding) -> range:
    return range(finding.line, (finding.end_line or finding.line) + 1)


def python_comments(text: str) -> dict[int, str]:
    """The comments of Python source by line: a suppression quoted in a string is not one."""
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and "chained:" in token.string:
                comments[token.start[0]] = token.string
    except (
        tokenize.TokenError,
        SyntaxError,
    ):  # the engine parsed it; be lenient all the same
        return template_comments(text)
    return comments


def template_comments(text: str) -> dict[int, str]:
    """Lines that may hold a ``{# chained: ignore[...] #}`` comment, by number."""
    return {
        number: line
        for number, line in enumerate(text.splitlines(), 1)
        if "chained:" in line
    }


def apply_suppressions(
    findings: list[Finding],
    comments: Mapping[int, str],
    path: str | None = None,
    rule_ids: Collection[str] = (),
) -> list[Finding]:
    """The findings, those accepted inline carrying the reason; with ``path``, W005/W006 for bad suppressions.

    ``comments`` maps line numbers to the comment text on them (``python_comments``, ``template_comments``).
    ``rule_ids`` are the IDs the code and template rules can report: a suppression of another ID can never
    match here (W006 says where to accept it instead).
    """
    accepted = {number: _suppressions(text) for number, text in comments.items()}
    used: set[tuple[int, str]] = set()
    result = []
    for finding in findings:
        reason = None
        names = _BECAME_FROM.get(finding.id, frozenset()) | {finding.id}
        for number in _span(finding):
            for ids, why in accepted.get(number, ()):
                if why and reason is None and (named := names.intersection(ids)):
                    reason = why
                    used.update((number, name) for name in named)
                for later in MAY_BECOME.get(finding.id, frozenset()).intersection(ids):
                    used.add((number, later))
        if reason is not None:
            finding = dataclasses.replace(finding, suppressed_reason=reason)
        result.append(finding)
    if path is not None:
        result += _bad_suppressions(accepted, used, path, rule_ids)
    return result


def _bad_suppressions(
    accepted: dict[int, list[tuple[list[str], str]]],
    used: set[tuple[int, str]],
    path: str,
    rule_ids: Collection[str],
) -> list[Finding]:
    problems = []
    for number, suppressions in accepted.items():
        for ids, reason in suppressions:
            if not reason:
                problems.append(
                    NO_REASON.at(path, number, ids=", ".join(ids) or "no ID")
                )
                continue
            for check_id in ids:
                if (number, check_id) in used:
                    continue
                problem = UNUSED.at(path, number, check_id=check_id, subject=check_id)
                if check_id not in rule_ids:
                    problem = dataclasses.replace(
                        problem, hint=NOT_INLINE.format(check_id=check_id)
                    )
                problems.append(problem)
    return problems
