"""Template rule W520: a ``<form method="post">`` with no ``{% csrf_token %}`` before its ``</form>``."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from django.template import defaulttags, loader_tags
from django.template.base import Token, TokenType
from django.templatetags import cache, i18n, l10n, static, tz

from django_chained.scan.findings import Finding

# Stands for one template tag or variable in the masked text; its offset maps back to the token.
PLACEHOLDER = "\ue000"
FORM_START = re.compile(r"<form\b([^>]*)>", re.IGNORECASE)
FORM_END = re.compile(r"</form\s*>", re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
ELEMENT_ID = re.compile(r"\sid\s*=\s*(?:\"([^\"]+)\"|'([^']+)')", re.IGNORECASE)
ABSOLUTE_URL = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")
# Tags that may bring the token from elsewhere (Django 6.0's partials too): the rule cannot see it, so it stays quiet.
OPAQUE_TAGS = frozenset({"include", "block", "partial"})
# Django's own tags, none of which renders a token; any other tag (an inclusion tag such as
# ``{% crispy form %}``) may render a template holding one, so it is as opaque as an include.
BUILTIN_TAGS = frozenset(
    name
    for library in (defaulttags, loader_tags, i18n, l10n, static, tz, cache)
    for name in library.register.tags
) | {"else", "elif", "empty", "plural"}


def _attribute(attributes: str, name: str) -> str | None:
    match = re.search(
        rf"(?:^|\s){name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))",
        attributes,
        re.IGNORECASE,
    )
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)


class _Masked:
    """The template's text with every tag replaced by one placeholder; line breaks are kept."""

    def __init__(self, tokens: list[Token]) -> None:
        parts: list[str] = []
        self.tags: dict[int, Token] = {}
        length = 0
        hidden = ""  # the end tag of an open {% comment %} or {% verbatim %}
        for token in tokens:
            text = token.contents
            if token.token_type is TokenType.BLOCK:
                name = text.split(None, 1)[0] if text else ""
                if hidden:
                    hidden = "" if name == hidden or name.startswith(hidden) else hidden
                    continue
                if name in ("comment", "verbatim"):
                    hidden = "end" + name
                    continue
                self.tags[length] = token
                part = PLACEHOLDER
            elif token.token_type is TokenType.VAR and not hidden:
                self.tags[length] = token
                part = PLACEHOLDER
            elif token.token_type is TokenType.TEXT and not hidden:
                part = text
            else:  # {# #} comments, text inside {% comment %}/{% verbatim %}: lines only
                part = "\n" * text.count("\n")
            parts.append(part)
            length += len(part)
        text = "".join(parts)
        # An HTML comment hides forms and tokens alike; blank it but keep its line breaks.
        self.text = HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
        self.newlines = [match.start() for match in re.finditer("\n", self.text)]
        self.offsets = sorted(self.tags)

    def line(self, offset: int) -> int:
        return bisect_right(self.newlines, offset - 1) + 1

    def tags_between(self, start: int, end: int) -> Iterator[Token]:
        first = bisect_left(self.offsets, start)
        for offset in self.offsets[first : bisect_left(self.offsets, end)]:
            if self.text[offset] == PLACEHOLDER:  # not blanked by an HTML comment
                yield self.tags[offset]


def _protected(masked: _Masked, start: int, end: int) -> bool:
    """A token (or a tag we cannot see into) between the form's start and end."""
    if "csrfmiddlewaretoken" in masked.text[start:end]:  # a hand-written hidden input
        return True
    for token in masked.tags_between(start, end):
        if token.token_type is TokenType.BLOCK:
            name = token.contents.split(None, 1)[0] if token.contents else ""
            if name == "csrf_token" or name in OPAQUE_TAGS:
                return True
            if name not in BUILTIN_TAGS and not name.startswith("end"):
                return True
    return False


def post_forms_without_csrf_token(tokens: list[Token], path: str) -> list[Finding]:
    """Each same-site POST form whose body has no ``{% csrf_token %}``."""
    masked = _Masked(tokens)
    findings = []
    for form in FORM_START.finditer(masked.text):
        method = _attribute(form[1], "method")
        if method is None or method.strip().lower() != "post":
            continue  # GET by default; a method chosen by a variable is unknown
        action = _attribute(form[1], "action")
        if action is not None and ABSOLUTE_URL.match(action):
            continue  # posts to another site, which cannot use our token
        end = FORM_END.search(masked.text, form.end())
        body_end = end.start() if end else len(masked.text)
        if not _protected(masked, form.end(), body_end):
            findings.append(_w520(path, masked.line(form.start())))
    return findings


def element_ids_of_form(tokens: list[Token], line: int) -> frozenset[str]:
    """The literal ``id`` attributes of the POST form starting at ``line`` and of the elements inside it."""
    masked = _Masked(tokens)
    for form in FORM_START.finditer(masked.text):
        if masked.line(form.start()) != line:
            continue
        end = FORM_END.search(masked.text, form.end())
        markup = masked.text[form.start() : end.start() if end else len(masked.text)]
        return frozenset(
            value
            for match in ELEMENT_ID.finditer(markup)
            for value in match.groups()
            if value and PLACEHOLDER not in value
        )
    return frozenset()


def _w520(path: str, line: int) -> Finding:
    return Finding(
        id="django_chained.W520",
        path=path,
        line=line,
        message="POST <form> without {% csrf_token %}: Django rejects it with 403, unless its view is csrf_exempt.",
        hint="Add {% csrf_token %} inside the form and keep the view CSRF-protected.",
    )
