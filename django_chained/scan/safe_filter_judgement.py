"""The project-wide pass that decides each ``|safe`` finding (W330): a warning, an I333, or nothing.

A template's own tokens cannot say where a variable comes from. This pass follows it to the views
that render the template (a class's ``template_name``, a ``render()`` call; also through the templates
that extend or include it) and judges what they put in the context under that name
(``context_values``). ``W330`` stays where the value carries visitor-controlled text, or where the
template reads a free-text model field (``obj.description``); a value every view builds from
constants is not reported; anything the scan cannot decide becomes ``I333``, which says what to confirm.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.checks.messages import INFO

from django_chained.scan.context_values import ContextTracer, Evidence
from django_chained.scan.findings import Finding
from django_chained.scan.suppress import apply_suppressions, template_comments
from django_chained.scan.templates import SafeUse, safe_uses
from django_chained.scan.view_index import ViewIndex
from django_chained.untrusted_files import read_regular_file

W330 = "django_chained.W330"
#: ``{% extends "x" %}`` and ``{% include "x" %}`` with a literal name.
TEMPLATE_REFERENCE = re.compile(r"""\{%-?\s*(?:extends|include)\s+(["'])([^"']+)\1""")
#: Python files worth parsing: they may declare a view, a render call or a model field.
PYTHON_HINTS = ("template_name", "render", "Field(")


@dataclass(frozen=True)
class _Project:
    index: ViewIndex
    referrers: dict[str, set[str]]
    """Template name → names of the templates extending or including it."""


def judge_safe_filters(
    findings: Iterable[Finding],
    python_files: Iterable[str],
    template_files: Iterable[str],
    max_bytes: int,
) -> list[Finding]:
    """``findings`` with each ``W330`` kept, turned into ``I333``, or dropped."""
    findings = list(findings)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.id == W330:
            by_path[finding.path].append(finding)
    if not by_path:
        return findings
    project = _read_project(python_files, template_files, max_bytes)
    judged: dict[str, list[Finding]] = {}
    for path, found in by_path.items():
        text = _read_text(path, max_bytes)
        if text is not None:
            judged[path] = _judge_template(project, path, text, found)
    result = [f for f in findings if f.id != W330 or f.path not in judged]
    for found in judged.values():
        result += found
    return result


def template_name(path: str) -> str:
    """The name views use for ``path``: what follows its last ``templates`` folder."""
    parts = re.split(r"[\\/]", path)
    if "templates" in parts:
        parts = parts[len(parts) - parts[::-1].index("templates") :]
    return "/".join(parts)


def _judge_template(
    project: _Project, path: str, text: str, found: list[Finding]
) -> list[Finding]:
    names = _rendering_names(project, template_name(path))
    classes = {c for name in names for c in project.index.class_templates.get(name, ())}
    functions = [
        f for name in names for f in project.index.function_templates.get(name, ())
    ]
    tracer = ContextTracer(
        project.index, project.index.related_classes(classes), functions
    )
    line_uses: dict[int, list[SafeUse]] = defaultdict(list)
    for safe_use in safe_uses(text, path):
        line_uses[safe_use.line].append(safe_use)
    result = []
    for finding in found:
        candidates = line_uses.get(finding.line, [])
        use = candidates.pop(0) if candidates else None
        if use is None:  # the file changed since the per-file scan
            result.append(finding)
            continue
        evidence = _evidence(project, tracer, use.variable)
        if evidence is Evidence.RISKY:
            result.append(finding)
        elif evidence is Evidence.UNKNOWN:
            result.append(_i333(finding, use))
    # A W330 accepted inline stays accepted as the I333 it became; an I333 may be accepted as such.
    comments = template_comments(text)
    return [
        apply_suppressions([f], comments)[0]
        if f.id == "django_chained.I333" and f.suppressed_reason is None
        else f
        for f in result
    ]


def _evidence(project: _Project, tracer: ContextTracer, variable: str) -> Evidence:
    first, *rest = variable.split(".")
    traced = tracer.value_of(first)
    if traced is Evidence.RISKY:
        return traced
    attributes = [part for part in rest if not part.isdigit()]
    if attributes and attributes[-1] in project.index.long_text_fields:
        return Evidence.RISKY  # a free-text model field, which users commonly fill
    if traced is Evidence.CONSTANT and not rest:
        return traced
    return Evidence.UNKNOWN


def _rendering_names(project: _Project, name: str) -> set[str]:
    """``name`` and every template extending or including it, directly or not."""
    found = {name}
    pending = [name]
    while pending:
        for referrer in project.referrers.get(pending.pop(), ()):
            if referrer not in found:
                found.add(referrer)
                pending.append(referrer)
    return found


def _read_project(
    python_files: Iterable[str], template_files: Iterable[str], max_bytes: int
) -> _Project:
    index = ViewIndex()
    for path in python_files:
        text = _read_text(path, max_bytes)
        if text is None or not any(hint in text for hint in PYTHON_HINTS):
            continue
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue  # the per-file scan already reported it
        index.add_module(tree)
    referrers: dict[str, set[str]] = defaultdict(set)
    for path in template_files:
        text = _read_text(path, max_bytes)
        if text is None:
            continue
        for match in TEMPLATE_REFERENCE.finditer(text):
            referrers[match[2]].add(template_name(path))
    return _Project(index, referrers)


def _read_text(path: str, max_bytes: int) -> str | None:
    try:
        return read_regular_file(path, max_bytes).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # the per-file scan already reported it


def _i333(finding: Finding, use: SafeUse) -> Finding:
    variable = use.variable
    where = (
        "; inside <script>, output data with |json_script instead"
        if use.in_script
        else ""
    )
    return Finding(
        id="django_chained.I333",
        path=finding.path,
        line=finding.line,
        message=f"|{use.filter_name} outputs {variable} unescaped, and this scan cannot trace what the views put in it: confirm that {variable} is built with format_html()/escape() or sanitised (nh3, bleach){where}.",
        hint="Remove the filter if the value is plain text; if it must carry markup, sanitise it in Python, then accept this line with an inline ignore and the reason.",
        level=INFO,
        suppressed_reason=finding.suppressed_reason,
        end_line=finding.end_line,
        code=finding.code,
    )
