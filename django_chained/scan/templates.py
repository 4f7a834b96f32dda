"""Template rules: ``|safe``/``|safeseq``/``{% autoescape off %}`` on variables (3xx), POST forms without a CSRF token (5xx).

Templates are only tokenized with Django's ``Lexer``: never compiled or rendered, so neither a template
engine nor configured settings are needed, and a malformed template yields whatever could be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.template.base import Lexer, Token, TokenType

from django_chained.scan.findings import Finding
from django_chained.scan.html_context import HtmlContext, looks_like_html
from django_chained.scan.template_attributes import (
    W308,
    w308,
    writes_visitor_whitespace,
)
from django_chained.scan.template_escaping_findings import as_message, w330, w331
from django_chained.scan.template_expressions import (
    Expression,
    is_literal,
    parse_expression,
    with_bindings,
)
from django_chained.scan.template_forms import post_forms_without_csrf_token
from django_chained.scan.template_messages import renders_a_message

# Rendered as plain text (emails, exports): escaping HTML there is not a security control.
PLAIN_TEXT_SUFFIXES = (".txt", ".eml", ".md", ".rst", ".csv", ".tsv")
SAFE_FILTERS = frozenset({"safe", "safeseq"})
# Filters whose output cannot carry markup from the value, whatever autoescape says.
ESCAPING_FILTERS = frozenset(
    {
        "escape", "force_escape", "escapejs", "urlencode", "json_script", "length",
        "wordcount", "filesizeformat", "floatformat", "date", "time", "timesince", "timeuntil",
    }
)  # fmt: skip
# Filters that escape their input themselves while autoescape is on, so a later |safe changes nothing.
AUTOESCAPE_AWARE_FILTERS = frozenset(
    {"linebreaks", "linebreaksbr", "linenumbers", "urlize", "urlizetrunc", "unordered_list", "join"}
)  # fmt: skip
FORM_NAME = re.compile(r"(?:\w+_)?(?:admin)?(?:form|formset)\d*")
FIELD_NAME = re.compile(r"(?:\w+_)?(?:field|widget)\d*")
FORM_RENDERINGS = frozenset(
    {"as_p", "as_table", "as_ul", "as_div", "as_field_group", "media", "errors",
     "non_field_errors", "management_form", "empty_form", "hidden_fields", "visible_fields"}
)  # fmt: skip
FORM_DATA = frozenset(
    {"data", "initial", "cleaned_data", "instance", "files", "fields"}
)
# A bound field's label is developer-written, like its help_text.
FIELD_RENDERINGS = frozenset(
    {"as_widget", "as_hidden", "as_text", "as_textarea", "label_tag", "legend_tag", "errors",
     "as_field_group", "tag", "label"}
)  # fmt: skip
# A last segment that cannot carry markup: a primary key (a number or UUID), or an UPPER_CASE
# setting or constant, which the developer wrote.
KEY_ATTRIBUTES = frozenset({"pk", "id"})
CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9_]*[A-Z0-9]")
CHOICE_LABEL = re.compile(r"get_\w+_display")
# Tags whose filtered arguments never reach the output.
TEST_ONLY_TAGS = frozenset({"if", "elif"})
SCRIPT_TAG = re.compile(r"<(/?)script\b", re.IGNORECASE)


@dataclass(frozen=True)
class SafeUse:
    """A variable a ``W330`` marks safe, and whether it sits inside a ``<script>`` element."""

    line: int
    variable: str
    filter_name: str
    in_script: bool


def safe_uses(source: str, path: str) -> tuple[list[SafeUse], frozenset[str]]:
    """The variable and place of each ``W330`` that ``scan_template`` reports in ``source``, and the
    names the template binds to escaped output or literals (``{% blocktrans asvar x %}`` …)."""
    scan = _EscapingScan(path, is_html=True)
    scan.run(Lexer(source).tokenize())
    return scan.uses, frozenset(scan.captured)


def scan_template(source: str, path: str) -> list[Finding]:
    """Every template finding in ``source``, sorted by line; ``path`` is reported as the location."""
    tokens = Lexer(source).tokenize()  # a regex split: any string tokenizes
    findings: list[Finding] = []
    if not path.lower().endswith(PLAIN_TEXT_SUFFIXES):
        is_html = looks_like_html(tokens)
        escaping = _EscapingScan(path, is_html=is_html).run(tokens)
        if renders_a_message(path):
            # A plain-text message has no markup to protect; an HTML one runs no script (nor W308's attributes).
            escaping = (
                [as_message(f) for f in escaping if f.id != W308] if is_html else []
            )
        findings += escaping
        findings += post_forms_without_csrf_token(tokens, path)
    return sorted(findings, key=lambda finding: (finding.line, finding.id))


@dataclass
class _Block:
    """An open ``{% autoescape off %}`` block and the variables it outputs unescaped."""

    line: int
    outputs: list[str] = field(default_factory=list)


@dataclass
class _EscapingScan:
    """One pass over the tokens for W330 (``|safe``, ``|safeseq``) and W331 (``{% autoescape off %}``)."""

    path: str
    is_html: bool
    findings: list[Finding] = field(default_factory=list)
    autoescape: list[_Block | None] = field(default_factory=list)
    """The autoescape stack: an open ``off`` block, or ``None`` for ``on``."""
    loops: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)
    """For each open ``{% for %}``: (form aliases, field aliases) it introduces."""
    captured: set[str] = field(default_factory=set)
    """Names the template itself bound to escaped output: a translated literal or captured markup."""
    end_tags: frozenset[str] = frozenset()
    uses: list[SafeUse] = field(default_factory=list)
    in_script: bool = False
    html: HtmlContext = field(default_factory=HtmlContext)

    def run(self, tokens: Iterable[Token]) -> list[Finding]:
        tokens = list(tokens)
        self.end_tags = frozenset(
            t.contents.split(None, 1)[0]
            for t in tokens
            if t.token_type is TokenType.BLOCK and t.contents.startswith("end")
        )
        in_comment = False
        verbatim = False
        for token in tokens:
            if token.token_type is TokenType.BLOCK:
                name = token.contents.split(None, 1)[0] if token.contents else ""
                if in_comment:
                    in_comment = name != "endcomment"
                    continue
                if verbatim:
                    verbatim = not name.startswith("endverbatim")
                    continue
                in_comment = name == "comment"
                verbatim = name == "verbatim"
                self._block(token, name)
            elif token.token_type is TokenType.VAR and not in_comment:
                self._variable(token)
            elif token.token_type is TokenType.TEXT and not in_comment:
                self.html.feed(token.contents)
                tags = SCRIPT_TAG.findall(token.contents)
                self.in_script = (not tags[-1]) if tags else self.in_script
        for block in self.autoescape:  # unclosed blocks still report
            self._close(block)
        return self.findings

    @property
    def _escaping_off(self) -> _Block | None:
        return self.autoescape[-1] if self.autoescape else None

    def _variable(self, token: Token) -> None:
        expression = parse_expression(token.contents)
        unquoted = self.html.in_unquoted_value
        self.html.variable()
        if expression is None or not self._is_data(expression):
            return
        if self._marks_safe(expression, token):
            return
        block = self._escaping_off
        if block is not None and not ESCAPING_FILTERS.intersection(expression.filters):
            block.outputs.append(f"{{{{ {token.contents} }}}}")
        elif block is None and unquoted and writes_visitor_whitespace(expression):
            variable = expression.variable or ""
            self.findings.append(w308(self.path, token.lineno or 1, variable))

    def _block(self, token: Token, name: str) -> None:
        try:
            bits = token.split_contents()
        except (StopIteration, ValueError):  # an unbalanced _("…") in a tag
            bits = token.contents.split()
        if name == "autoescape":
            off = len(bits) > 1 and bits[1] == "off"
            self.autoescape.append(_Block(token.lineno or 1) if off else None)
        elif name == "endautoescape" and self.autoescape:
            self._close(self.autoescape.pop())
        elif name == "for":
            self._open_loop(bits)
        elif name == "endfor" and self.loops:
            self.loops.pop()
        elif name == "include" and self._escaping_off is not None:
            self._escaping_off.outputs.append(f"{{% {token.contents} %}}")
        self._capture(name, bits)
        if name in TEST_ONLY_TAGS:
            return
        for bit in bits[1:]:
            value = bit.split("=", 1)[1] if "=" in bit and bit[0] not in "\"'" else bit
            if "|" in value:
                expression = parse_expression(value)
                if expression is not None and self._is_data(expression):
                    self._marks_safe(expression, token)

    def _capture(self, name: str, bits: list[str]) -> None:
        """Record ``{% trans "…" as x %}``, ``{% blocktrans asvar x %}`` and ``{% tag as x %}…{% endtag %}``.

        A block tag storing what it wraps (``fragment``, ``capture``…) holds rendered, autoescaped
        markup; a translated literal is the developer's text; ``blocktrans`` escapes its variables.
        """
        if "asvar" in bits[:-1] and name in ("blocktrans", "blocktranslate"):
            self.captured.add(bits[bits.index("asvar") + 1])
        elif name == "with":
            self._bind(with_bindings(bits))
        elif name in ("cycle", "firstof") and "as" in bits[1:-1]:
            index = bits.index("as")
            values = bits[1:index]
            # firstof stores its value escaped; cycle stores it raw, so only literals are safe.
            if name == "firstof" or all(is_literal(v) for v in values):
                self.captured.add(bits[index + 1])
        elif len(bits) >= 3 and bits[-2] == "as":
            literal = name in ("trans", "translate") and bits[1][:1] in "\"'"
            # ``{% with value as name %}…{% endwith %}`` only renames a value: not a capture.
            if literal or (name != "with" and f"end{name}" in self.end_tags):
                self.captured.add(bits[-1])

    def _bind(self, bindings: list[tuple[str, str]]) -> None:
        """``{% with %}`` names bound to a literal or to escaped output hold no raw data."""
        for target, value in bindings:
            expression = parse_expression(value)
            escaped = expression is not None and (
                expression.variable is None
                or (
                    ESCAPING_FILTERS.intersection(expression.filters)
                    and not expression.joined
                )
            )
            if escaped:
                self.captured.add(target)
            else:
                self.captured.discard(target)

    def _marks_safe(self, expression: Expression, token: Token) -> bool:
        """Report ``|safe``/``|safeseq`` on data; ``True`` when the expression used one."""
        for position, name in enumerate(expression.filters):
            if name not in SAFE_FILTERS:
                continue
            before = set(expression.filters[:position])
            harmless = ESCAPING_FILTERS
            if self._escaping_off is None:
                harmless = harmless | AUTOESCAPE_AWARE_FILTERS
            if not before & harmless:
                line = token.lineno or 1
                self.findings.append(w330(self.path, line, name, expression.variable))
                variable = expression.variable or ""
                self.uses.append(SafeUse(line, variable, name, self.in_script))
            return True
        return False

    def _is_data(self, expression: Expression) -> bool:
        """A variable that may hold text from users: not a constant, token, or rendered form/widget."""
        variable = expression.variable
        if variable is None:
            return False
        return any(self._is_data_name(name) for name in (variable, *expression.joined))

    def _is_data_name(self, variable: str) -> bool:
        if variable in ("csrf_token", "block.super") or variable in self.captured:
            return False
        if variable.endswith(".help_text"):
            # Developer-written, and Django's own form rendering does not escape it either.
            return False
        first, *rest = variable.split(".")
        last = rest[-1] if rest else first
        if (rest and last in KEY_ATTRIBUTES) or CONSTANT_NAME.fullmatch(last):
            return False
        if rest and CHOICE_LABEL.fullmatch(last):
            return (
                False  # obj.get_status_display: the label of a choice written in code
            )
        forms = {name for frame in self.loops for name in frame[0]}
        fields = {name for frame in self.loops for name in frame[1]}
        if first in forms or FORM_NAME.fullmatch(first):
            if not rest or (len(rest) == 1 and rest[0] in FORM_RENDERINGS):
                return False
            if rest[0] in FORM_DATA:
                return True
            rest = rest[1:]  # form.<field> is a bound field
        elif not (first in fields or FIELD_NAME.fullmatch(first)):
            return True
        return bool(rest) and not (len(rest) == 1 and rest[0] in FIELD_RENDERINGS)

    def _open_loop(self, bits: list[str]) -> None:
        forms: frozenset[str] = frozenset()
        fields: frozenset[str] = frozenset()
        if "in" in bits:
            index = bits.index("in")
            targets = frozenset(t for bit in bits[1:index] for t in bit.split(",") if t)
            iterable = bits[index + 1].split("|")[0] if index + 1 < len(bits) else ""
            head, _, tail = iterable.partition(".")
            known_forms = {name for frame in self.loops for name in frame[0]}
            if head in known_forms or FORM_NAME.fullmatch(head):
                if head.endswith("formset") and tail in ("", "forms"):
                    forms = targets  # {% for form in formset %}
                elif "." not in tail and tail not in FORM_DATA:
                    # The form, its visible_fields/hidden_fields, or a bound field's subwidgets.
                    fields = targets
        self.loops.append((forms, fields))

    def _close(self, block: _Block | None) -> None:
        if block is not None and block.outputs and self.is_html:
            self.findings.append(w331(self.path, block.line, block.outputs))
