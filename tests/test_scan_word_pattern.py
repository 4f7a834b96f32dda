"""The trigger-word expression finds exactly what the plain alternation of the words finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from django_chained.scan.python.walker import TRIGGER_WORDS, TRIGGERS
from django_chained.scan.python.word_pattern import word_pattern

WORDS = [
    "get",
    "get_object",
    "get_queryset",
    "go",
    "raw",
    "rawer",
    "_x",
    "F",
    "format_html",
]
FRAGMENTS = [*WORDS, "get_", "object", "ra", "w", "_", " ", ".", "(", "\n", "é", "1"]


def plain(words: list[str], flags: int = re.ASCII) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(words)))})\b", flags)


def found(pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    return [(m.start(), m[0]) for m in pattern.finditer(text)]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_same_matches_as_the_alternation(text):
    assert found(word_pattern(WORDS), text) == found(plain(WORDS), text)


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_trigger_words_found_as_before(text):
    assert found(TRIGGERS, text) == found(plain(sorted(TRIGGER_WORDS)), text)


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_never_misses_a_word_python_reads(text):
    """ASCII boundaries only add matches beside non-ASCII letters: a pre-filter may over-match."""
    unicode_words = set(found(plain(WORDS, 0), text))
    assert unicode_words <= set(found(word_pattern(WORDS), text))


def test_a_word_beside_a_non_ascii_letter_is_found():
    assert found(word_pattern(WORDS), "éget rawé") == [(1, "get"), (5, "raw")]
    assert found(plain(WORDS, 0), "éget rawé") == []


def test_whole_words_only_and_nothing_for_no_words():
    pattern = word_pattern(WORDS)
    assert found(pattern, "get get_object get_objects xget rawer raw_") == [
        (0, "get"),
        (4, "get_object"),
        (32, "rawer"),
    ]
    assert found(word_pattern([]), "get raw") == []


def test_matching_lines_each_once_with_the_aliases_imported():
    from django_chained.scan.python.word_pattern import matching_lines

    text = "from m import get as fetch, raw\nget(); get()\n\nx = 1\nraw(F)\n"
    aliases: dict[str, str] = {}
    assert matching_lines(text, word_pattern(WORDS), aliases) == [1, 2, 5]
    assert aliases == {"fetch": "get"}
    assert matching_lines("nothing here\n", word_pattern(WORDS)) == []
