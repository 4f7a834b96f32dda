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
    hint="Fix the cause named in the message, or list the file in CHAINED_SCAN_EXCLUDE; the rest of the scan went on.",
    level=INFO,
)

_EXCLUDE = "or list it in CHAINED_SCAN_EXCLUDE; the rest of the scan went on"
#: The I004 hint for each reason a file could not be scanned (the fix differs: a NUL byte is not an encoding issue).
UNSCANNABLE_HINTS = {
    "syntax": f"Fix the syntax error (or run the checks on the Python the file is written for), {_EXCLUDE}.",
    "too_large": "Raise CHAINED_SCAN_MAX_BYTES if the file is hand-written; if it is generated, list it in CHAINED_SCAN_EXCLUDE; the rest of the scan went on.",
    "symlink_loop": f"Point the symlink at a real file or remove it, {_EXCLUDE}.",
    "special": f"Only regular files are read (a FIFO or device could hang the scan): remove it from the tree, {_EXCLUDE}.",
    "unreadable": f"Make the file readable by the user running the checks, {_EXCLUDE}.",
    "nul_byte": f"A NUL byte means a binary or corrupted file: restore the source, {_EXCLUDE}.",
    "not_utf8": f"Re-encode the file as UTF-8 (what Python and Django's template loader expect), {_EXCLUDE}.",
    "too_deep": f"Split the deeply nested expression into steps Python's parser can walk, {_EXCLUDE}.",
    "pin_file": "Fix the file so pip, Poetry, uv, PDM or pipenv can read it: until then the Django version it pins or allows is not judged (7xx).",
    "scanner_failed": f"This is a django-chained bug: please report it with the construct at that line; meanwhile {_EXCLUDE}.",
}
