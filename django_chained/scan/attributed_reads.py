"""The project pass's Info for a fetch that only reads a row of an attributed model (``created_by``): I213.

The per-file rule marks a W250 whose row the view only renders, returns or tests
(``scan.python.fetch_use``); only the project pass knows the model's fields
(``django_chained.attribution``).
"""

from __future__ import annotations

from dataclasses import replace

from django.core.checks.messages import INFO

from django_chained.scan.findings import Finding
from django_chained.scan.rule import Rule

I213 = Rule(
    id="django_chained.I213",
    message="A {model} fetched here by a URL kwarg or request parameter is only read, and {model} names users only as who made a row (created_by, author): confirm that every {model} row is meant to be readable by whoever can open this URL.",
    hint="If some rows are private, filter them (e.g. by the user, or a published flag) before fetching; if all are public, accept the line as the fetch it is with # chained: ignore[django_chained.W250] and the reason.",
    level=INFO,
)


def attributed_read(finding: Finding, model: str) -> Finding:
    """The I213 that replaces a read-only W250 ``finding`` of an attributed ``model``."""
    # replace(): the place, the end line, the code and a suppression carry over to the Info.
    return replace(
        finding,
        id=I213.id,
        message=I213.message.format(model=model),
        hint=I213.hint,
        level=I213.level,
    )
