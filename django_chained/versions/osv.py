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
from packaging.version import InvalidVersion, Version


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
    except InvalidVersion:
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


def affected_package(entry: Mapping[str, Any]) -> AffectedPackage | None:
    package = entry.get("package") or {}
    if package.get("ecosystem") != "PyPI" or not package.get("name"):
        return None
    ranges: list[Interval] = []
    fixed: list[str] = []
    for range_ in entry.get("ranges") or ():
        if range_.get("type") not in {"ECOSYSTEM", "SEMVER"}:
            continue
        events = range_.get("events") or ()
        if all(as_version(v) for event in events for v in event.values() if v != "0"):
            ranges.extend(intervals(events))
            fixed.extend(event["fixed"] for event in events if "fixed" in event)
    versions = frozenset(v for v in map(as_version, entry.get("versions") or ()) if v)
    return AffectedPackage(
        canonicalize_name(package["name"]), tuple(ranges), versions, tuple(fixed)
    )


def parse_advisory(document: object, source: str) -> OsvAdvisory:
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise UnreadableAdvisory(
            f"{source}: not an OSV advisory (an object with an 'id')"
        )
    affected = (affected_package(entry) for entry in document.get("affected") or ())
    return OsvAdvisory(
        id=document["id"],
        aliases=tuple(document.get("aliases") or ()),
        summary=" ".join(
            str(document.get("summary") or document.get("details") or "").split()
        ),
        source=source,
        affected=tuple(package for package in affected if package is not None),
    )


def read_file(path: Path) -> list[OsvAdvisory]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableAdvisory(f"{path}: {error}") from error
    documents = document if isinstance(document, list) else [document]
    return [
        parse_advisory(item, str(path))
        for item in documents
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
            try:
                advisories.extend(read_file(file))
            except UnreadableAdvisory as error:
                problems.append(str(error))
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
