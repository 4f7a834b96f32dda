"""What ``django-chained scan`` finds once each file's own work is done: across files and beyond code.

The settings modules read and judged, the engine's findings judged with the models read from
source, the pinned Django version, the static twins of the live-object checks and the media
routes. ``standalone`` imports this module while worker processes scan the files, so its imports
cost a cold scan nothing in its serial part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django_chained.conf import Settings
from django_chained.paths import resolved
from django_chained.report import AcceptedRisks, Record
from django_chained.rules.catalogue import ids_running_in
from django_chained.scan import Finding
from django_chained.scan.engine import ScanResult
from django_chained.scan.python.access import drop_unowned_fetches
from django_chained.scan.python.form_fields import drop_unprivileged_forms
from django_chained.scan.python.implicit_relations import drop_checked_relations
from django_chained.scan.python.listed_rows import drop_unowned_listings
from django_chained.scan.python.serializer_relations import drop_unowned_relations
from django_chained.scan.rule import UNSCANNABLE
from django_chained.sourcetree.class_index import ClassIndex
from django_chained.sourcetree.deployed_settings import (
    SettingsRoles,
    deployed_names,
    settings_roles,
)
from django_chained.sourcetree.facts_cache import FactsCache, ReadFacts
from django_chained.sourcetree.file_facts import FileFacts
from django_chained.sourcetree.media_routes import (
    MEDIA_ROUTE_IDS,
    media_route_findings,
)
from django_chained.sourcetree.pins import find_pins
from django_chained.sourcetree.privileged_models import privileged_model_judge
from django_chained.sourcetree.serializer_writers import (
    related_model_judge,
    relation_fields_judge,
    unchecked_writer_judge,
    users_row_judge,
)
from django_chained.sourcetree.settings_reader import StaticSettings, read_settings
from django_chained.sourcetree.settings_rules import settings_findings
from django_chained.sourcetree.silenced import left_out, scan_exclusions, silenced_ids
from django_chained.sourcetree.tree import ParsedModules, SourceTree
from django_chained.sourcetree.twins import (
    TWIN_IDS,
    attributed_model_judge,
    owned_model_judge,
    twin_findings,
)
from django_chained.sourcetree.version_dependent import (
    for_the_projects_django,
    oldest_django,
)
from django_chained.sourcetree.version_records import version_records

Progress = Callable[[str], None]


@dataclass
class StandaloneScan:
    """What ``scan_tree`` found, plus what it could not judge (``notes``)."""

    records: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings: list[StaticSettings] = field(default_factory=list)
    """The settings modules read (none when the result is the last scan's, ``result_memo``)."""
    primary: StaticSettings | None = None
    """The settings module code-level twins and accepted risks are judged against (as ``settings``)."""

    judged: set[str] = field(default_factory=set)
    """IDs this scan fully produces, so an accepted-risk entry for one that matched nothing is stale."""
    silenced: frozenset[str] = frozenset()
    """``SILENCED_SYSTEM_CHECKS`` of the main settings module: left out, never judged stale."""
    accepted: dict[str, dict[str, str]] = field(default_factory=dict)
    """``CHAINED_ACCEPTED_RISKS`` of the main settings module."""

    def judge_stale(self, check_id: str) -> bool:
        return check_id in self.judged and check_id not in self.silenced

    @property
    def accepted_risks(self) -> AcceptedRisks:
        return self.accepted


def is_settings_module(facts: FileFacts) -> bool:
    """``settings.py``, ``settings_*.py``, ``*_settings.py`` or a module of a ``settings`` package."""
    path = facts.path
    named = (
        path.stem == "settings"
        or path.stem.startswith("settings_")
        or path.stem.endswith("_settings")
        or path.parent.name == "settings"
    )
    return named and facts.settings_like


def _primary(candidates: Sequence[StaticSettings], root: Path) -> StaticSettings | None:
    """The plain ``settings.py`` nearest the root, else the first settings module found."""
    if not candidates:
        return None
    plain = [s for s in candidates if s.path.name in {"settings.py", "__init__.py"}]
    pool = plain or list(candidates)
    return min(pool, key=lambda s: (_depth(s.path, root), str(s.path)))


def _depth(path: Path, root: Path) -> int:
    """Folders between ``root`` and ``path``; a ``--settings`` file outside the root comes last."""
    try:
        return len(path.relative_to(root).parts)
    except ValueError:
        return len(path.parts) + len(root.parts)


def judged_scan(
    tree: SourceTree,
    only: set[Path] | None,
    settings_files: Sequence[Path],
    today: date,
    progress: Progress,
    modules: ParsedModules,
    engine: ScanResult,
    facts: FactsCache | None,
) -> StandaloneScan:
    """Everything the scan reports, from the engine's result and the facts of every Python file."""
    result = StandaloneScan()
    result.notes += [
        f"{tree.relative(folder)}: could not be read ({reason}): its files were not scanned."
        for folder, reason in tree.unreadable
    ]
    progress("reading settings")
    facts_read = ReadFacts(tree, modules, store=facts)
    read = facts_read.files
    result.records += _unparseable(tree, read, engine.problems)
    parsed = [facts for facts in read if facts.failure is None]
    if settings_files:
        chosen = [resolved(p) for p in settings_files]
    else:
        chosen = [facts.path for facts in parsed if is_settings_module(facts)]
    result.settings = [
        read_settings(path, tree.root, modules.module) for path in chosen
    ]
    roles = SettingsRoles(judged=result.settings)
    if not settings_files:
        names = deployed_names(tree.python_files, tree.deployment_files)
        roles = settings_roles(result.settings, names, modules.module)
        result.notes += _development_note(roles, tree)
        result.notes += roles.extending_note(tree.relative)
    # Modules sharing a base (``from .base import *``) find the same value at the same line once.
    seen: set[tuple[str, str | None, int | None, str]] = set()
    for static in roles.judged:
        records, notes = settings_findings(static, tree.root)
        for record in records:
            key = (record.id, record.file, record.line, record.message)
            if record.line is None or key not in seen:
                seen.add(key)
                result.records.append(record)
        result.notes += notes
    if not result.settings:
        result.notes.append(
            "No settings module found: settings rules skipped; code rules assume the startproject middleware."
        )
    result.primary = roles.deployed or _primary(roles.judged, tree.root)
    # Judged with the models read from source, as check_authorization_code judges with the registry;
    # listed first, as the engine's findings always were.
    findings = drop_unowned_fetches(
        engine.findings,
        owned_model_judge(parsed, result.primary),
        attributed_model_judge(parsed, result.primary),
    )
    findings = drop_unprivileged_forms(
        findings, privileged_model_judge(parsed, result.primary)
    )
    directly_owned = owned_model_judge(parsed, result.primary, depth=1)
    findings = drop_unowned_relations(findings, directly_owned)
    findings = drop_unowned_listings(
        findings, directly_owned, attributed_model_judge(parsed, result.primary)
    )
    # One index of the tree's classes for the judges and the twins alike.
    classes = ClassIndex((f.class_module for f in parsed), facts_read.method_names)
    findings = drop_checked_relations(
        findings,
        related_model_judge(parsed),
        relation_fields_judge(parsed),
        users_row_judge(parsed, result.primary),
        directly_owned,
        unchecked_writer_judge(parsed, classes),
    )
    result.records[:0] = [
        Record.from_check_message(f.to_check_message(), tree.root)
        for f in (*findings, *engine.problems)
    ]

    progress("reading the pinned Django version")
    pins = find_pins(tree.root)
    # Settings findings about a later Django release than the project's do not apply to it.
    result.records = for_the_projects_django(result.records, oldest_django(pins.pin))
    result.records += version_records(tree, pins, result.primary, today, result.notes)

    progress("static twins of the URLconf and model checks")
    result.records += twin_findings(
        tree, parsed, result.primary, facts_read.method_names, classes
    )
    facts_read.save()  # with the names of the methods the view guard followed
    result.records += media_route_findings(tree, parsed, result.primary)
    result.judged = set(ids_running_in("code", "template")) | TWIN_IDS | MEDIA_ROUTE_IDS
    _leave_out(result, tree, only)
    return result


def _leave_out(
    result: StandaloneScan, tree: SourceTree, only: set[Path] | None
) -> None:
    """Drop what the main settings silence or exclude and, for a selection, what lies outside it."""
    result.silenced = silenced_ids(result.primary)
    if result.primary is not None:
        risks = Settings(result.primary).CHAINED_ACCEPTED_RISKS
        result.accepted = {i: dict(reasons) for i, reasons in risks.items()}
    exclude = scan_exclusions(result.primary, tree.root)
    chosen = None if only is None else {tree.relative(p) for p in only}
    result.records = [
        r
        for r in result.records
        if not left_out(r, result.silenced, exclude, tree.root)
        and (chosen is None or r.file in chosen)
    ]
    if only is not None:
        result.judged = set()  # an entry for a file not given may still match there


def _development_note(roles: SettingsRoles, tree: SourceTree) -> list[str]:
    if not roles.development:
        return []
    listed = ", ".join(tree.relative(s.path) for s in roles.development)
    return [
        f"{listed}: development, test or example settings (DEBUG = True, or so named): not judged as "
        "a deployment; pass --settings to judge one."
    ]


def _unparseable(
    tree: SourceTree, read: Sequence[FileFacts], reported: Sequence[Finding]
) -> list[Record]:
    """An ``I004`` for each Python file that does not parse and that the engine skipped unread.

    The engine only parses files that mention a risky name; the standalone scan parses every file
    (settings, models, URLconfs), so it can say which ones it could not read.
    """
    known = {resolved(f.path) for f in reported}
    return [
        Record.from_check_message(
            UNSCANNABLE.at(str(path), line, reason=reason).to_check_message(), tree.root
        )
        for path, (line, reason) in ((f.path, f.failure) for f in read if f.failure)
        if resolved(path) not in known
    ]
