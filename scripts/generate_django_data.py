#!/usr/bin/env python
"""Turn Django's release, support and advisory tables into ``django_chained/versions/data.py``.

Inputs (tab-separated with a header row, and JSON), as derived from Django's own documentation:

* ``--releases``: ``version``, ``release_date``, ``series``, ``is_lts``, ``on_registry`` (one row per final release);
* ``--support``: ``series``, ``is_lts``, ``first_release``, ``end_mainstream``, ``end_extended``, ``status_date``;
* ``--advisories``: ``{"advisories": [{"id", "date", "severity", "summary", "url", "fixed_in",
  "first_installable_fix"}, ...]}``.

Usage::

    python scripts/generate_django_data.py --releases django-releases.tsv \\
        --support django-support.tsv --advisories django-advisories.json \\
        --output django_chained/versions/data.py
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from packaging.version import Version

HEADER = '''"""Django releases, support windows and security advisories: GENERATED, do not edit.

Regenerate with ``scripts/generate_django_data.py`` (see docs/versions.rst).
Month-precision support ends from Django's docs ("April 2028") are read as the month's last day.
"""

# fmt: off
from __future__ import annotations

'''


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def end_of_period(text: str) -> str:
    """``YYYY-MM-DD`` unchanged; ``YYYY-MM`` becomes the last day of that month."""
    if len(text) == len("YYYY-MM"):
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    return date.fromisoformat(text).isoformat()


def series_rows(
    rows: Iterable[dict[str, str]],
) -> list[tuple[str, bool, str, str, str]]:
    result = [
        (
            row["series"],
            row["is_lts"] == "yes",
            row["first_release"],
            end_of_period(row["end_mainstream"]),
            end_of_period(row["end_extended"]),
        )
        for row in rows
    ]
    return sorted(result, key=lambda item: Version(item[0]))


def release_rows(rows: Iterable[dict[str, str]]) -> list[tuple[str, str, bool]]:
    result = [
        (row["version"], row["release_date"], row["on_registry"] == "yes")
        for row in rows
    ]
    return sorted(result, key=lambda item: Version(item[0]))


def series_name(version: str) -> str:
    """``5.2`` for ``5.2.3``; ``2028`` for ``2028.1`` (the year-based scheme after 6.2)."""
    parts = version.split(".")
    return parts[0] if int(parts[0]) >= 2028 else ".".join(parts[:2])


def present(mapping: dict[str, str | None]) -> dict[str, str]:
    return {series: version for series, version in mapping.items() if version}


def advisory_rows(
    advisories: Iterable[dict[str, Any]],
) -> list[tuple[str, str, str, str, str, dict[str, str], dict[str, str]]]:
    result = [
        (
            item["id"],
            item["date"],
            item["severity"] or "",
            " ".join(item["summary"].split()),
            item["url"] or "",
            present(item["fixed_in"]),
            present(item["first_installable_fix"]),
        )
        for item in advisories
    ]
    return sorted(result, key=lambda item: (item[1], item[0]), reverse=True)


def validate(
    series: Sequence[tuple[str, bool, str, str, str]],
    releases: Sequence[tuple[str, str, bool]],
    advisories: Sequence[
        tuple[str, str, str, str, str, dict[str, str], dict[str, str]]
    ],
) -> list[str]:
    """Problems that would make the shipped table lie; empty when it is sound."""
    problems: list[str] = []
    known_series = {name for name, *_ in series}
    known_versions = {Version(version) for version, *_ in releases}
    for version, _, _ in releases:
        if series_name(version) not in known_series:
            problems.append(f"release {version} has no support row")
    for advisory_id, *_, fixed, installable in advisories:
        for version in [*fixed.values(), *installable.values()]:
            if Version(version) not in known_versions:
                problems.append(f"{advisory_id}: fixed release {version} is unknown")
    return problems


def render(
    as_of: str,
    series: Sequence[tuple[str, bool, str, str, str]],
    releases: Sequence[tuple[str, str, bool]],
    advisories: Sequence[
        tuple[str, str, str, str, str, dict[str, str], dict[str, str]]
    ],
) -> str:
    lines = [HEADER]
    lines.append(f"AS_OF = {as_of!r}\n\n")
    lines.append("# series: (is_lts, first_release, end_mainstream, end_extended)\n")
    lines.append("SERIES: dict[str, tuple[bool, str, str, str]] = {\n")
    lines.extend(f"    {name!r}: {tuple(rest)!r},\n" for name, *rest in series)
    lines.append("}\n\n")
    lines.append(
        "# (version, release_date or '' when undocumented, installable from the registry)\n"
    )
    lines.append("RELEASES: tuple[tuple[str, str, bool], ...] = (\n")
    lines.extend(f"    {row!r},\n" for row in releases)
    lines.append(")\n\n")
    lines.append(
        "# (id, disclosed, severity, summary, url, {series: first fixed release},"
        " {series: first installable fix}), newest first\n"
    )
    lines.append(
        "ADVISORIES: tuple[tuple[str, str, str, str, str, dict[str, str], dict[str, str]], ...] = (\n"
    )
    lines.extend(f"    {row!r},\n" for row in advisories)
    lines.append(")\n")
    return "".join(lines)


def generate(releases: Path, support: Path, advisories: Path, as_of: str | None) -> str:
    """The data module's source text; raises ``ValueError`` when the inputs disagree."""
    support_rows = read_tsv(support)
    series = series_rows(support_rows)
    release_list = release_rows(read_tsv(releases))
    advisory_list = advisory_rows(
        json.loads(advisories.read_text(encoding="utf-8"))["advisories"]
    )
    problems = validate(series, release_list, advisory_list)
    if problems:
        raise ValueError("; ".join(problems))
    stated = [row["status_date"] for row in support_rows if row.get("status_date")]
    newest_release = max(day for _, day, _ in release_list if day)
    return render(
        as_of or max(stated, default=newest_release),
        series,
        release_list,
        advisory_list,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=Path, required=True)
    parser.add_argument("--support", type=Path, required=True)
    parser.add_argument("--advisories", type=Path, required=True)
    parser.add_argument(
        "--as-of",
        help="the date the facts were collected (default: the support table's status_date)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).resolve().parent.parent
        / "django_chained"
        / "versions"
        / "data.py",
    )
    args = parser.parse_args(argv)
    try:
        text = generate(args.releases, args.support, args.advisories, args.as_of)
    except ValueError as error:
        print(f"refusing to write {args.output}: {error}", file=sys.stderr)
        return 1
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
