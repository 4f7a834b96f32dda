"""The project-wide pass that keeps a pending W150 where its cookie is read to decide identity.

The per-file scan reports each cookie set without ``secure=True`` under a plain name as a pending
W150 (``scan.python.cookies.PENDING``: its ``subject`` lists the cookie's name and constant) and
each read that decides who the user is or what they may do as an ``IDENTITY_READ`` marker
(``scan.python.identity_cookie_reads``), whatever file either is in. Both are cached with their
file, so this pass, run over every file's findings, gives a warm scan the cold scan's result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace

from django_chained.scan.findings import Finding
from django_chained.scan.python.cookies import PENDING, READER
from django_chained.scan.python.identity_cookie_reads import IDENTITY_READ


def judge_identity_cookies(findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` without the read markers, each pending W150 kept (naming a reader) or dropped."""
    findings = list(findings)
    readers: dict[str, Finding] = {}
    for marker in sorted((f for f in findings if f.id == IDENTITY_READ.id), key=_place):
        readers.setdefault(marker.subject or "", marker)
    judged = []
    for finding in findings:
        if finding.id == IDENTITY_READ.id:
            continue
        if _is_pending(finding):
            names = (finding.subject or "").split()
            reader = next((readers[n] for n in names if n in readers), None)
            if reader is None:
                continue
            finding = replace(
                finding,
                message=finding.message.replace(READER, _where(reader, finding)),
            )
        judged.append(finding)
    return judged


def _is_pending(finding: Finding) -> bool:
    return (
        finding.id == PENDING.id
        and finding.subject is not None
        and READER in finding.message
    )


def _place(finding: Finding) -> tuple[str, int]:
    return finding.path, finding.line


def _where(reader: Finding, setter: Finding) -> str:
    if reader.path == setter.path:
        return f"line {reader.line} of this file"
    try:
        shown = os.path.relpath(
            reader.path, os.path.commonpath([reader.path, setter.path])
        )
    except ValueError:  # one path absolute, the other not, or another drive
        shown = reader.path
    return f"{shown.replace(os.sep, '/')}:{reader.line}"
