"""Where a template's text leaves the browser's HTML tokenizer: in text, in a tag, in an attribute value.

Fed the text between template tags in order, it follows the states of the HTML tokenizer that matter
to escaping (WHATWG HTML, "13.2.5 Tokenization", reduced): data, a comment, a start or end tag, an
attribute name, before an attribute value, a quoted or unquoted value, and the raw text of
``<script>``, ``<style>``, ``<textarea>`` and ``<title>``. Template tags between the text are taken as
writing nothing; a variable writes text that holds no ``"``, ``'``, ``<`` or ``>`` once autoescaped.
"""

from __future__ import annotations

import re
from enum import Enum, auto

from django.template.base import Token, TokenType

# Elements whose content is never parsed as tags until their own end tag.
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title", "xmp"})
WHITESPACE = "\t\n\f\r "
MARKUP = re.compile(r"<[a-zA-Z!/]")
_TAG_START = re.compile(r"<(/?)([a-zA-Z][^\t\n\f\r />]*)|<!--")


class Place(Enum):
    DATA = auto()
    COMMENT = auto()
    RAW_TEXT = auto()
    TAG_NAME = auto()
    BEFORE_NAME = auto()
    NAME = auto()
    AFTER_NAME = auto()
    BEFORE_VALUE = auto()
    DOUBLE_QUOTED = auto()
    SINGLE_QUOTED = auto()
    UNQUOTED = auto()


class HtmlContext:
    """The tokenizer's place after the text fed so far."""

    def __init__(self) -> None:
        self.place = Place.DATA
        self.tag = ""
        self.end_tag = False
        self.raw_end: re.Pattern[str] | None = None

    @property
    def in_unquoted_value(self) -> bool:
        """Whether a variable written now starts or continues an unquoted attribute value."""
        return self.place in (Place.BEFORE_VALUE, Place.UNQUOTED)

    def variable(self) -> None:
        """A variable's output: it continues the value, name or text it is written in."""
        if self.place is Place.BEFORE_VALUE:
            self.place = Place.UNQUOTED
        elif self.place in (Place.BEFORE_NAME, Place.AFTER_NAME):
            self.place = Place.NAME

    def feed(self, text: str) -> None:
        position = 0
        while position < len(text):
            position = self._step(text, position)

    def _step(self, text: str, at: int) -> int:
        place = self.place
        if place is Place.DATA:
            match = _TAG_START.search(text, at)
            if match is None:
                return len(text)
            if match[0] == "<!--":
                self.place = Place.COMMENT
            else:
                self.end_tag, self.tag = bool(match[1]), match[2].lower()
                self.place = Place.TAG_NAME
            return match.end()
        if place is Place.COMMENT:
            end = text.find("-->", at)
            if end < 0:
                return len(text)
            self.place = Place.DATA
            return end + 3
        if place is Place.RAW_TEXT:
            assert self.raw_end is not None
            match = self.raw_end.search(text, at)
            if match is None:
                return len(text)
            self.place = Place.DATA
            return match.start()
        if place is Place.DOUBLE_QUOTED or place is Place.SINGLE_QUOTED:
            end = text.find('"' if place is Place.DOUBLE_QUOTED else "'", at)
            if end < 0:
                return len(text)
            self.place = Place.BEFORE_NAME
            return end + 1
        return self._in_tag(text[at], at)

    def _in_tag(self, char: str, at: int) -> int:
        place = self.place
        if char == ">":
            self._close_tag()
        elif char in WHITESPACE:
            if place in (Place.TAG_NAME, Place.UNQUOTED):
                self.place = Place.BEFORE_NAME
            elif place is Place.NAME:
                self.place = Place.AFTER_NAME
        elif place is Place.TAG_NAME:
            if char == "/":
                self.place = Place.BEFORE_NAME
            else:
                self.tag += char.lower()
        elif place is Place.BEFORE_VALUE:
            quotes = {'"': Place.DOUBLE_QUOTED, "'": Place.SINGLE_QUOTED}
            self.place = quotes.get(char, Place.UNQUOTED)
        elif place is Place.UNQUOTED:
            pass
        elif char == "=" and place in (Place.NAME, Place.AFTER_NAME):
            self.place = Place.BEFORE_VALUE
        elif char != "/":
            self.place = Place.NAME
        return at + 1

    def _close_tag(self) -> None:
        if not self.end_tag and self.tag in RAW_TEXT_ELEMENTS:
            self.raw_end = re.compile(rf"</{self.tag}[\t\n\f\r />]", re.IGNORECASE)
            self.place = Place.RAW_TEXT
        else:
            self.place = Place.DATA


def looks_like_html(tokens: list[Token]) -> bool:
    """Markup in the text, or an ``{% extends %}``: a plain-text email template has neither."""
    return any(
        (t.token_type is TokenType.TEXT and MARKUP.search(t.contents))
        or (t.token_type is TokenType.BLOCK and t.contents.startswith("extends"))
        for t in tokens
    )
