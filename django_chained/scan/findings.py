"""What a scan rule reports, and how it becomes a Django ``CheckMessage``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.checks import CheckMessage
from django.core.checks.messages import INFO, WARNING


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

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def to_check_message(self) -> CheckMessage:
        if self.suppressed_reason is not None:
            return CheckMessage(
                INFO,
                f"{self.message} (accepted: {self.suppressed_reason})",
                hint=self.hint,
                obj=self.location,
                id=self.id,
            )
        return CheckMessage(
            self.level, self.message, hint=self.hint, obj=self.location, id=self.id
        )
