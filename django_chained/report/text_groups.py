"""Repeated findings in the text report: one ID, level and hint, its message once and each place on a line.

Messages filled from one template differ only where the rule put what it found (a variable, a function
name). The shared words are shown once with ``…`` where they differ, and each place gets its own part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django_chained.report.record import Record

#: Words (letters, digits, ``_``) and the runs between them: a message is only cut between the two.
_TOKENS = re.compile(r"\w+|\W+")
ELLIPSIS = "…"


@dataclass(frozen=True)
class FindingGroup:
    """Findings of one ID, level and hint, by their indexes into the report's findings."""

    indexes: tuple[int, ...]
    shared: str | None
    """The message with ``…`` where the findings' messages differ; ``None`` when they share less than differs."""
    details: tuple[str, ...]
    """What each finding's message has in place of ``…`` (empty when all messages are the same)."""


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _common_length(sequences: Sequence[Sequence[str]]) -> int:
    length = 0
    for column in zip(*sequences, strict=False):
        if any(token != column[0] for token in column):
            break
        length += 1
    return length


def shared_message(messages: Sequence[str]) -> tuple[str | None, tuple[str, ...]]:
    """The message the findings share (``…`` for the part that differs) and each one's differing part."""
    if len(set(messages)) == 1:
        return messages[0], tuple("" for _ in messages)
    split = [_TOKENS.findall(message) for message in messages]
    head = _common_length(split)
    shortest = min(len(tokens) for tokens in split)
    tail = min(_common_length([tokens[::-1] for tokens in split]), shortest - head)
    # Never cut inside a word: "invoice" and "invoices" differ in the word, not after "invoice".
    while head and _is_word(split[0][head - 1]):
        head -= 1
    while tail and _is_word(split[0][len(split[0]) - tail]):
        tail -= 1
    kept = [*split[0][:head], *split[0][len(split[0]) - tail :]]
    details = tuple("".join(tokens[head : len(tokens) - tail]) for tokens in split)
    prefix, suffix = "".join(split[0][:head]), "".join(split[0][len(split[0]) - tail :])
    # A pattern of punctuation, or mostly "…", says less than the messages themselves.
    if not any(_is_word(token) for token in kept) or len(prefix) + len(suffix) < max(
        len(detail) for detail in details
    ):
        return None, tuple(messages)
    return prefix + ELLIPSIS + suffix, details


def group_findings(
    records: Sequence[Record], indexes: Iterable[int]
) -> list[FindingGroup]:
    """``indexes`` grouped by ID, level and hint, each group where its first finding is, in order."""
    members: dict[tuple[str, int, str | None], list[int]] = {}
    for index in indexes:
        record = records[index]
        members.setdefault((record.id, record.level, record.hint), []).append(index)
    groups = []
    for grouped in members.values():
        shared, details = shared_message([records[i].message for i in grouped])
        groups.append(FindingGroup(tuple(grouped), shared, details))
    return groups
