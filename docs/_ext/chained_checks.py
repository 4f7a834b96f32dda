"""The checks reference, generated from the rule catalogue: one section per ID, under the page's own headings.

``.. chained-rules:: 3`` lists the rules of concern 3 (their hundreds digit); ``:runs-in: template`` keeps
those running in any of the places named, ``:not-runs-in: probe`` drops them. Each rule becomes a section
whose id is ``RuleSpec.anchor``, the fragment of its SARIF ``helpUri``. The directive is plain docutils, so
tests can render the page without Sphinx; under Sphinx, a page that lists an ID twice or leaves one out is a
warning (an error with ``-W``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.checks.messages import CRITICAL, DEBUG, ERROR, INFO, WARNING
from docutils import nodes
from docutils.parsers.rst import Directive

from django_chained.rules.catalogue import RULES, concern_name
from django_chained.rules.spec import PLACES, RuleSpec

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LEVEL_NAMES = {
    CRITICAL: "Critical",
    ERROR: "Error",
    WARNING: "Warning",
    INFO: "Info",
    DEBUG: "Debug",
}
#: The underline of an ID's section: one level below the page's group headings (``=``).
SECTION_UNDERLINE = "-"
#: Where the IDs a document has listed so far are kept, on the document node.
LISTED = "chained_rules_listed"


def cwe_links(cwe: Iterable[int]) -> str:
    links = [
        f"`CWE-{n} <https://cwe.mitre.org/data/definitions/{n}.html>`__" for n in cwe
    ]
    return ", ".join(links) or "none"


def rule_lines(spec: RuleSpec) -> list[str]:
    """The RST of one ID's section: its label, heading, title, description and the catalogue's facts."""
    lines = [f".. _{spec.id}:", "", spec.id, SECTION_UNDERLINE * len(spec.id), ""]
    lines += [spec.title, ""]
    if spec.description:
        lines += [spec.description, ""]
    lines += [
        f":Level: {LEVEL_NAMES[spec.level]}",
        f":Concern: {concern_name(spec.concern)} ({spec.concern}xx)",
        f":Runs in: {', '.join(sorted(spec.runs_in))}",
        f":CWE: {cwe_links(spec.cwe)}",
        f":Precision: {spec.precision}",
        f":Security severity: {spec.security_severity}",
        "",
    ]
    return lines


def places(argument: str | None) -> frozenset[str]:
    """A ``:runs-in:`` value: place names separated by spaces or commas, each one of ``PLACES``."""
    named = frozenset((argument or "").replace(",", " ").split())
    if not named or not named <= PLACES:
        raise ValueError(
            f"expected some of {', '.join(sorted(PLACES))}, got {argument!r}"
        )
    return named


def select(
    concern: int, runs_in: frozenset[str] | None, not_runs_in: frozenset[str]
) -> list[RuleSpec]:
    return [
        spec
        for spec in RULES.values()
        if spec.concern == concern
        and (runs_in is None or spec.runs_in & runs_in)
        and not spec.runs_in & not_runs_in
    ]


class ChainedRules(Directive):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"runs-in": places, "not-runs-in": places}

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0]
        if not argument.isdigit() or len(argument) != 1:
            raise self.error(f"chained-rules: {argument!r} is not a concern digit 0-9")
        specs = select(
            int(argument),
            self.options.get("runs-in"),
            self.options.get("not-runs-in", frozenset()),
        )
        if not specs:
            raise self.error(
                f"chained-rules: {self.block_text.strip()!r} selects no rule"
            )
        document = self.state.document
        listed: list[str] = document.__dict__.setdefault(LISTED, [])
        listed.extend(spec.id for spec in specs)
        lines = [line for spec in specs for line in rule_lines(spec)]
        self.state_machine.insert_input(lines, f"<chained-rules {argument}>")
        return []


def listing_problems(listed: list[str]) -> list[str]:
    """What is wrong with the IDs one page listed: IDs listed twice, catalogue IDs left out."""
    problems = [
        f"{i} is listed twice" for i in sorted(set(listed)) if listed.count(i) > 1
    ]
    problems += [f"{i} is listed nowhere" for i in sorted(set(RULES) - set(listed))]
    return problems


def _check_listing(app: Sphinx, doctree: nodes.document) -> None:
    from sphinx.util import logging

    listed = doctree.__dict__.get(LISTED)
    if listed is None:
        return
    for problem in listing_problems(listed):
        logging.getLogger(__name__).warning(
            "checks reference: %s", problem, location=app.env.docname
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("chained-rules", ChainedRules)
    app.connect("doctree-read", _check_listing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
