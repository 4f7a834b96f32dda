"""A scan rule's identity and wording, and the ``Finding`` it produces at a line."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.checks.messages import INFO, WARNING

from django_chained.scan.findings import Finding


@dataclass(frozen=True, slots=True)
class Rule:
    """One finding kind: its check ID, a message template and the fix."""

    id: str
    message: str
    """A ``str.format`` template; the rule fills in what it found."""
    hint: str
    level: int = WARNING

    def at(
        self,
        path: str,
        line: int,
        *,
        end_line: int | None = None,
        subject: str | None = None,
        **details: object,
    ) -> Finding:
        return Finding(
            id=self.id,
            path=path,
            line=line,
            message=self.message.format(**details),
            hint=self.hint,
            level=self.level,
            end_line=end_line if end_line is not None and end_line > line else None,
            subject=subject,
        )


UNSCANNABLE = Rule(
    id="django_chained.I004",
    message="File could not be scanned: {reason}.",
    hint="Fix or re-encode the file as UTF-8, or list it in CHAINED_SCAN_EXCLUDE; the rest of the scan went on.",
    level=INFO,
)
