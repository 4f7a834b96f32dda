"""Advisories in OSV format (the OSV database's and pip-audit's) matched against installed distributions.

``CHAINED_ADVISORY_PATHS`` names OSV JSON files (one advisory, or a list of them) or directories of them,
so air-gapped CI can check every installed distribution without the network.
Only ``PyPI`` entries are read; ``ECOSYSTEM`` ranges become intervals of ``packaging`` versions
(``introduced``/``fixed``/``last_affected`` events) and explicit ``versions`` lists are compared exactly.
Intervals follow OSV's ordering rather than PEP 440 specifiers: ``1.4.2rc1`` is inside ``introduced 0, fixed 1.4.2``
(a ``<1.4.2`` specifier would exclude it), because nothing says the pre-release carries the fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import Version

from django_chained.untrusted_files import read_text_file
from django_chained.versions.json_shape import Malformed, each, member, optional


class UnreadableAdvisory(ValueError):
    """An advisory path that is missing, not JSON, or not shaped like OSV."""


@dataclass(frozen=True)
class Interval:
    """Affected versions from ``introduced`` up to ``fixed`` (excluded) or ``last_affected`` (included)."""

    introduced: Version | None
    fixed: Version | None = None
    last_affected: Version | None = None

    def __contains__(self, version: Version) -> bool:
        if self.introduced is not None and version < self.introduced:
            return False
        if self.fixed is not None:
            return version < self.fixed
        return self.last_affected is None or version <= self.last_affected


@dataclass(frozen=True)
class AffectedPackage:
    """One ``affected`` entry: a PyPI distribution and the versions an advisory covers."""

    name: str
    ranges: tuple[Interval, ...]
    versions: frozenset[Version]
    fixed: tuple[str, ...]

    def affects(self, version: Version) -> bool:
        return version in self.versions or any(
            version in interval for interval in self.ranges
        )


@dataclass(frozen=True)
class OsvAdvisory:
    """An OSV advisory read from ``source``."""

    id: str
    aliases: tuple[str, ...]
    summary: str
    source: str
    affected: tuple[AffectedPackage, ...]


@dataclass(frozen=True)
class Match:
    """An installed distribution that an advisory covers."""

    advisory: OsvAdvisory
    distribution: str
    version: str
    fixed: tuple[str, ...]


def as_version(text: object) -> Version | None:
    try:
        return Version(str(text))
    except ValueError:  # InvalidVersion, or a number too long for int()
        return None


def intervals(events: Sequence[Mapping[str, str]]) -> Iterator[Interval]:
    """The affected intervals of one OSV range, its events in the order given."""
    lower: Version | None = None
    open_ = False
    for event in events:
        if "introduced" in event:
            introduced = event["introduced"]
            lower, open_ = (None if introduced == "0" else Version(introduced)), True
        elif open_ and "fixed" in event:
            yield Interval(lower, fixed=Version(event["fixed"]))
            open_ = False
        elif open_ and "last_affected" in event:
            yield Interval(lower, last_affected=Version(event["last_affected"]))
            open_ = False
    if open_:
        yield Interval(lower)


EVENT_KEYS = ("introduced", "fixed", "last_affected")


def range_events(
    range_: Mapping[str, Any], where: str, notes: list[str]
) -> list[dict[str, str]]:
    """The events of one range, or none (and a note) when one of its versions is not a version."""
    events_at = member(where, "events")
    events = list(each(optional(range_, "events", list, where), dict, events_at))
    for at, event in events:
        for key in EVENT_KEYS:
            value = optional(event, key, str, at)
            if value is not None and value != "0" and as_version(value) is None:
                shown = value if len(value) <= 40 else f"{value[:37]}..."
                notes.append(
                    f"{member(at, key)}: {shown!r} is not a version; range skipped"
                )
                return []
    return [event for _, event in events]


def affected_package(
    entry: Mapping[str, Any], where: str = "", notes: list[str] | None = None
) -> AffectedPackage | None:
    notes = [] if notes is None else notes
    package = optional(entry, "package", dict, where) or {}
    ecosystem = optional(package, "ecosystem", str, member(where, "package"))
    name = optional(package, "name", str, member(where, "package"))
    if ecosystem != "PyPI" or not name:
        return None
    ranges: list[Interval] = []
    fixed: list[str] = []
    for at, range_ in each(
        optional(entry, "ranges", list, where), dict, member(where, "ranges")
    ):
        if optional(range_, "type", str, at) not in {"ECOSYSTEM", "SEMVER"}:
            continue
        events = range_events(range_, at, notes)
        ranges.extend(intervals(events))
        fixed.extend(event["fixed"] for event in events if "fixed" in event)
    listed = each(
        optional(entry, "versions", list, where), str, member(where, "versions")
    )
    # Entries that are not PEP 440 versions cannot be installed by pip, so they can never match.
    versions = frozenset(v for v in (as_version(text) for _, text in listed) if v)
    return AffectedPackage(
        canonicalize_name(name), tuple(ranges), versions, tuple(fixed)
    )


def parse_advisory(
    document: object, source: str, notes: list[str] | None = None, where: str = ""
) -> OsvAdvisory:
    """One advisory; raises ``UnreadableAdvisory`` naming ``source`` and the part of the wrong type."""
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        at = f"{where}: " if where else ""
        raise UnreadableAdvisory(
            f"{source}: {at}not an OSV advisory (an object with an 'id')"
        )
    found: list[str] = []
    try:
        aliases = [
            alias
            for _, alias in each(
                optional(document, "aliases", list, where),
                str,
                member(where, "aliases"),
            )
        ]
        summary = optional(document, "summary", str, where) or optional(
            document, "details", str, where
        )
        entries = each(
            optional(document, "affected", list, where), dict, member(where, "affected")
        )
        affected = [affected_package(entry, at, found) for at, entry in entries]
    except Malformed as error:
        raise UnreadableAdvisory(f"{source}: {error}") from error
    if notes is not None:
        notes.extend(f"{source}: {note}" for note in found)
    return OsvAdvisory(
        id=document["id"],
        aliases=tuple(aliases),
        summary=" ".join((summary or "").split()),
        source=source,
        affected=tuple(package for package in affected if package is not None),
    )


def read_file(path: Path, notes: list[str] | None = None) -> list[OsvAdvisory]:
    """The advisories in one file; skipped ranges are added to ``notes``."""
    try:
        document = json.loads(read_text_file(path))
    except RecursionError as error:
        raise UnreadableAdvisory(f"{path}: JSON nested too deeply to read") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UnreadableAdvisory(f"{path}: {error}") from error
    documents = document if isinstance(document, list) else [document]
    return [
        parse_advisory(
            item, str(path), notes, f"[{index}]" if document is documents else ""
        )
        for index, item in enumerate(documents)
        if not (isinstance(item, dict) and item.get("withdrawn"))
    ]


def load(paths: Iterable[str]) -> tuple[list[OsvAdvisory], list[str]]:
    """Advisories from ``paths`` (files, or directories of ``*.json``), and one problem per unreadable file."""
    advisories: list[OsvAdvisory] = []
    problems: list[str] = []
    for entry in paths:
        path = Path(entry)
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        for file in files:
            notes: list[str] = []
            try:
                advisories.extend(read_file(file, notes))
            except UnreadableAdvisory as error:
                problems.append(str(error))
            else:
                problems.extend(notes)
    return advisories, problems


def installed_distributions() -> dict[str, tuple[str, str]]:
    """``{canonical name: (display name, version)}`` for this interpreter, first on ``sys.path`` wins."""
    from importlib import (
        metadata,
    )  # imported here: it is slow, and only deploy checks need it

    found: dict[str, tuple[str, str]] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonicalize_name(name), (name, dist.version))
    return found


def matches(
    advisories: Iterable[OsvAdvisory], installed: Mapping[str, tuple[str, str]]
) -> list[Match]:
    """Every (advisory, installed distribution) pair where the installed version is affected."""
    found: list[Match] = []
    for advisory in advisories:
        for package in advisory.affected:
            if package.name not in installed:
                continue
            name, version = installed[package.name]
            parsed = as_version(version)
            if parsed is not None and package.affects(parsed):
                found.append(Match(advisory, name, version, package.fixed))
    return found
