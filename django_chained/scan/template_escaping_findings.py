"""The findings of the escaping rules of templates: W330, W331, I333, and the I332 of a message template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.core.checks.messages import INFO

from django_chained.scan.findings import Finding
from django_chained.scan.template_messages import in_a_message

_ON_A_PAGE = ": HTML in it reaches the page as is."


def as_message(finding: Finding) -> Finding:
    """The I332 that replaces ``finding`` (a W330 or W331) in a template rendering a message."""
    return in_a_message(finding, finding.message.removesuffix(_ON_A_PAGE).rstrip("."))


def w330(path: str, line: int, filter_name: str, variable: str | None) -> Finding:
    return Finding(
        id="django_chained.W330",
        path=path,
        line=line,
        message=f"|{filter_name} turns off escaping for the variable {variable}{_ON_A_PAGE}",
        hint="Remove the filter and let autoescaping work; if the value must carry markup, sanitise it in Python (e.g. nh3) and pass the result.",
    )


def w331(path: str, line: int, outputs: Sequence[str]) -> Finding:
    more = f" and {len(outputs) - 1} more" if len(outputs) > 1 else ""
    return Finding(
        id="django_chained.W331",
        path=path,
        line=line,
        message=f"{{% autoescape off %}} outputs {outputs[0]}{more} without escaping.",
        hint="Delete the {% autoescape off %} block; mark only trusted, sanitised values safe in Python.",
    )


def i333(finding: Finding, variable: str, filter_name: str, in_script: bool) -> Finding:
    """The I333 that replaces a W330 ``finding`` whose value the scan cannot trace."""
    where = (
        "; inside <script>, output data with |json_script instead" if in_script else ""
    )
    # replace(): the place, the end line, the code and a suppression carry over to the Info.
    return replace(
        finding,
        id="django_chained.I333",
        message=f"|{filter_name} outputs {variable} unescaped, and this scan cannot trace what the views put in it: confirm that {variable} is built with format_html()/escape() or sanitised (nh3, bleach){where}.",
        hint="Remove the filter if the value is plain text; if it must carry markup, sanitise it in Python, then accept this line with an inline ignore and the reason.",
        level=INFO,
    )
