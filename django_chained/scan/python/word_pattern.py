"""One expression finding any of a set of identifiers as a whole word, fast, and the lines it matches on.

``\\b(?:get_object|get_queryset|…)\\b`` makes the regular expression engine try every word at every
position of a file. Written as a tree of shared prefixes (``get_(?:object|queryset)``), behind a
look-ahead on the words' first letters, each position is rejected after one or two characters.
Whole words only: at one position at most one identifier of the set ends on a word boundary,
so the tree matches exactly what the plain alternation does.

Word boundaries are ASCII ones (``re.ASCII``), which halves the time of a scan over a whole tree's
text. A pre-filter may only err towards more: beside a non-ASCII letter (``éget``) the word is
found although Python reads one identifier, never the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]
_END = ""


def _trie(words: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _expression(node: _Trie) -> str:
    branches = [re.escape(char) + _expression(child) for char, child in sorted(node.items()) if char != _END]  # fmt: skip
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if _END not in node:
        return body
    return f"(?:{body})?" if len(branches) == 1 else f"{body}?"


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Matches any of ``words`` (identifiers) where it stands as a whole word."""
    found = sorted(set(words))
    if not found:
        return re.compile(r"(?!)")
    firsts = "".join(sorted({re.escape(word[0]) for word in found}))
    return re.compile(rf"\b(?=[{firsts}]){_expression(_trie(found))}\b", re.ASCII)


_AS = re.compile(r"\s+as\s+([A-Za-z_]\w*)")


def matching_lines(
    text: str, pattern: re.Pattern[str], aliases: dict[str, str] | None = None
) -> list[int]:
    """The numbers of the lines where ``pattern`` matches, in order, each once.

    With ``aliases``, a match followed by ``as name`` (an import renaming it) adds ``name`` -> match.
    """
    lines: list[int] = []
    line, position = 1, 0
    for match in pattern.finditer(text):
        start = match.start()
        line += text.count("\n", position, start)
        position = start
        if not lines or lines[-1] != line:
            lines.append(line)
        if aliases is not None:
            renamed = _AS.match(text, match.end())
            if renamed:
                aliases[renamed[1]] = match[0]
    return lines
