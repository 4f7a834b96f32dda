"""Settings findings that hold only from a Django release on, judged against the project's Django.

``django-chained scan`` runs the settings rules with the installed Django; a project pinned to an
older one runs other code. ``DEFAULT_FILE_STORAGE`` works on Django 3.2 and 5.0 (5.1 removed it):
``E610`` there would tell a 3.2 project its storage is ignored when it is not. Inside Django the
installed version is the one that runs, and django-chained requires 5.2 or later.
"""

from __future__ import annotations

from collections.abc import Iterable

from packaging.version import Version

from django_chained.report import Record
from django_chained.sourcetree.pins import Pin, Range
from django_chained.versions.ranges import lowest_allowed
from django_chained.versions.scheme import UnparseableVersion, parse
from django_chained.versions.table import shipped_table

#: IDs of settings findings about a change of a Django release, by the release that made it.
SINCE = {"django_chained.E610": Version("5.1")}


def oldest_django(pin: Pin | Range | None) -> Version | None:
    """The oldest Django the project may run: its exact pin, or the oldest release its range allows."""
    if isinstance(pin, Pin):
        try:
            return parse(pin.version)
        except UnparseableVersion:
            return None
    if isinstance(pin, Range):
        release = lowest_allowed(pin.alternatives, shipped_table())
        return release.version if release is not None else None
    return None


def for_the_projects_django(
    records: Iterable[Record], oldest: Version | None
) -> list[Record]:
    """``records`` without findings about a release newer than the oldest Django the project may run.

    Unknown (no pin): every finding stays, judged on the installed Django as before.
    """
    return [
        record
        for record in records
        if oldest is None or record.id not in SINCE or oldest >= SINCE[record.id]
    ]
