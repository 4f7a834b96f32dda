"""What a scan rule reports, and how it becomes a Django ``CheckMessage``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.core.checks.messages import WARNING

from django_chained.chained_message import ChainedMessage

#: Characters of the reported source kept for the fingerprint.
MAX_CODE = 300
#: True while ``chained_report`` runs the checks: it lists inline-accepted findings as accepted, while
#: ``manage.py check`` never shows them (Django's check framework has no notion of an accepted message).
REPORTING_ACCEPTED: ContextVar[bool] = ContextVar(
    "chained_reporting_accepted", default=False
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding at a place in a file."""

    id: str
    """The check ID, e.g. ``django_chained.W401``."""
    path: str
    line: int
    message: str
    hint: str
    level: int = WARNING
    suppressed_reason: str | None = None
    """Set when an inline ``# chained: ignore[ID] reason`` accepted the finding."""
    end_line: int | None = None
    """The last line of the reported code (a call over several lines); ``None``: ``line`` only."""
    subject: str | None = None
    """What the finding is about, by name, when the rule can tell (W250: the fetched model's class name)."""
    code: str | None = None
    """The reported source, whitespace-normalised: what the fingerprint follows when lines shift."""
    only_read: bool = False
    """W250: the view only renders, returns or tests the fetched row (``scan.python.fetch_use``)."""

    def with_code(self, lines: Sequence[str]) -> Finding:
        """The finding with ``code`` taken from its lines of the file's ``lines``."""
        if self.line < 1 or self.code is not None:
            return self
        text = " ".join(
            " ".join(lines[self.line - 1 : self.end_line or self.line]).split()
        )
        return replace(self, code=text[:MAX_CODE] or None)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def to_check_message(self) -> ChainedMessage:
        """The check message, at the finding's own level also when accepted inline (the report says so)."""
        return ChainedMessage(
            self.level,
            self.message,
            hint=self.hint,
            obj=self.location,
            id=self.id,
            finding=self,
        )


def visible(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a check returns: inline-accepted ones only while a report asks for them."""
    show_accepted = REPORTING_ACCEPTED.get()
    return [f for f in findings if show_accepted or f.suppressed_reason is None]
