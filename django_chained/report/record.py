"""A neutral record of one finding, built from a Django ``CheckMessage`` or from a report file."""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage
from django.core.checks.messages import CRITICAL, DEBUG, ERROR, INFO, WARNING

from django_chained.chained_message import ChainedMessage
from django_chained.facts.place import Place, place_of
from django_chained.paths import resolved
from django_chained.report.django_security import django_security_concern
from django_chained.scan.findings import Finding

LEVEL_NAMES: dict[int, str] = {
    DEBUG: "DEBUG",
    INFO: "INFO",
    WARNING: "WARNING",
    ERROR: "ERROR",
    CRITICAL: "CRITICAL",
}
LEVELS_BY_NAME: dict[str, int] = {name: level for level, name in LEVEL_NAMES.items()}

_OUR_ID = re.compile(r"^django_chained\.[CEWID](\d)\d\d$")
_PATH_LINE = re.compile(r"^(?P<path>[^\s:][^:]*\.[\w]+):(?P<line>\d+)$")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")
_SETTING_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def concern_of(check_id: str) -> int | None:
    """The concern (1-7) of a django-chained ID; ``None`` for 0xx and for other apps' IDs."""
    match = _OUR_ID.match(check_id)
    if match is None or match.group(1) == "0":
        return None
    return int(match.group(1))


def level_name(level: int) -> str:
    """``ERROR``, ``WARNING`` … for a check level, the nearest lower name for custom levels."""
    known = [value for value in LEVEL_NAMES if value <= level]
    return LEVEL_NAMES[max(known)] if known else "DEBUG"


def obj_label(obj: Any) -> str | None:
    """The object of a message as text: ``app.Model`` for models, ``module.name`` for code."""
    if obj is None:
        return None
    if isinstance(obj, str):
        return obj
    meta = getattr(obj, "_meta", None)
    if isinstance(obj, type) and meta is not None and hasattr(meta, "label"):
        return str(meta.label)
    if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismethod(obj):
        return f"{obj.__module__}.{obj.__qualname__}"
    return str(obj)


def _names_a_file(label: str) -> bool:
    """Whether an object label is the path of an existing regular file (never a dotted name or a route)."""
    return os.sep in label and not _DOTTED.match(label) and os.path.isfile(label)


def relative_to(path: str, root: Path | None) -> str:
    """``path`` (absolute, or relative to the working directory) relative to ``root`` when inside it, else unchanged."""
    candidate = Path(path)
    if root is None:
        return candidate.as_posix()
    # By name first: a symlink in the tree is named where it lies, wherever it points (/dev/zero …).
    named = Path(os.path.abspath(candidate))
    with contextlib.suppress(ValueError):
        return named.relative_to(os.path.abspath(root)).as_posix()
    # Resolved only now: it costs a system call per folder of the root's path, for every finding.
    with contextlib.suppress(ValueError):
        return named.relative_to(resolved(root)).as_posix()
    try:
        return resolved(candidate).relative_to(resolved(root)).as_posix()
    except (ValueError, OSError):
        return candidate.as_posix()


def _inside(path: str, root: Path) -> bool:
    try:
        resolved(path).relative_to(resolved(root))
    except (ValueError, OSError):
        return False
    return True


@dataclass(frozen=True)
class Record:
    """One finding as every report format sees it, whatever produced it."""

    id: str
    level: int
    message: str
    hint: str | None = None
    obj: str | None = None
    """What the finding is about, as text: a setting module, ``app.Model.field``, ``path:line`` …"""
    file: str | None = None
    """Path relative to the project root (POSIX separators) when the finding has a place."""
    line: int | None = None
    accepted: str | None = None
    """The reason the finding was accepted: from ``CHAINED_ACCEPTED_RISKS`` or an inline suppression."""
    end_line: int | None = None
    """The last line of the reported code, when it spans several."""
    subject: str | None = None
    """What the finding is about, stable across runs, clones and wording: the fingerprint's subject."""
    accepted_inline: bool = False
    """Accepted by a ``# chained: ignore[ID] reason`` comment in the source (SARIF ``inSource``)."""

    @property
    def concern(self) -> int | None:
        """Our concern for django-chained IDs and for Django's ``security.*`` IDs we map."""
        return concern_of(self.id) or django_security_concern(self.id)

    @property
    def sort_key(self) -> tuple[int, str, int, str, str, str, str]:
        """Concern (other checks last), file, line, ID, message: the order every report lists findings in."""
        concern = self.concern
        return (
            concern if concern is not None else 10,
            self.file or "",
            self.line or 0,
            self.id,
            self.message,
            self.obj or "",
            self.hint or "",
        )

    @property
    def level_name(self) -> str:
        return level_name(self.level)

    @property
    def location(self) -> str | None:
        """``file:line``, ``file`` or ``None``."""
        if self.file is None:
            return None
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def fingerprint(self) -> str:
        """ID, the file relative to the project root and the subject: never the message or an absolute path.

        Stable across runs, line shifts, rewordings and clones at other paths. Only code findings
        (``path:line`` objects) include their file; a view, model field, route or setting is named by its
        subject wherever an entry point could place it, so ``chained_report`` and the standalone scan agree,
        and placing a finding changes no baseline.
        """
        code = self.file is not None and _PATH_LINE.match(self.obj or "")
        place = self.file if code and self.file else ""
        if Path(place).is_absolute():
            place = Path(place).name  # outside the project: only its name is stable
        digest = hashlib.sha256(f"{self.id}\0{place}\0{self.stable_subject}".encode())
        return digest.hexdigest()[:20]

    @property
    def stable_subject(self) -> str:
        """The given subject; else the object unless it is a ``path:line``; else the settings named."""
        if self.subject is not None:
            return self.subject
        if self.obj:
            return "" if _PATH_LINE.match(self.obj) else self.obj
        return ",".join(sorted(set(_SETTING_NAME.findall(self.message))))

    def accept(self, reason: str) -> Record:
        return replace(self, accepted=reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level_name,
            "concern": self.concern,
            "message": self.message,
            "hint": self.hint,
            "obj": self.obj,
            "file": self.file,
            "line": self.line,
            "accepted": self.accepted,
            "accepted_inline": self.accepted_inline,
            "end_line": self.end_line,
            "subject": self.subject,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Read back one entry of a JSON report (the inverse of ``to_dict``)."""
        level = data.get("level", "WARNING")
        return cls(
            id=str(data["id"]),
            level=LEVELS_BY_NAME.get(str(level).upper(), WARNING),
            message=str(data.get("message", "")),
            hint=data.get("hint"),
            obj=data.get("obj"),
            file=data.get("file"),
            line=data.get("line"),
            accepted=data.get("accepted"),
            accepted_inline=data.get("accepted_inline") is True,
            end_line=data.get("end_line"),
            subject=data.get("subject"),
        )

    @classmethod
    def from_finding(cls, finding: Finding, root: Path | None = None) -> Record:
        """The record of a scan finding, nothing lost: end line and subject included."""
        file = relative_to(finding.path, root)
        message = finding.to_check_message()
        return cls(
            id=finding.id,
            level=message.level,
            message=str(message.msg),
            hint=finding.hint,
            obj=f"{file}:{finding.line}",
            file=file,
            line=finding.line,
            end_line=finding.end_line,
            subject=finding.code or finding.subject,
            accepted=finding.suppressed_reason,
            accepted_inline=finding.suppressed_reason is not None,
        )

    @classmethod
    def from_check_message(
        cls, message: CheckMessage, root: Path | None = None
    ) -> Record:
        """Build a record; ``path:line`` objects and code objects give the file and line."""
        if isinstance(message, ChainedMessage) and message.finding is not None:
            return cls.from_finding(message.finding, root)
        subject = message.subject if isinstance(message, ChainedMessage) else None
        label = obj_label(message.obj)
        file: str | None = None
        line: int | None = None
        names_file = False
        match = _PATH_LINE.match(label or "")
        if match is not None:
            file, line = match.group("path"), int(match.group("line"))
        else:
            given = message.place if isinstance(message, ChainedMessage) else None
            place = given or place_of(message.obj) or Place("")
            file, line = place.file or None, place.line
            names_file = file is None and label is not None and _names_a_file(label)
            if names_file:
                file = (
                    label  # a data file the finding is about (W707's OSV advisory file)
                )
            if file is not None and root is not None and not _inside(file, root):
                # A view or model from an installed package: not a place in this project.
                file, line = None, None
        if file is not None:
            file = relative_to(file, root)
            if match is not None:
                label = f"{file}:{line}"
            elif names_file:
                label = file
        return cls(
            id=message.id or "?",
            level=message.level,
            message=str(message.msg),
            hint=message.hint,
            obj=label,
            file=file,
            line=line,
            subject=subject,
        )
