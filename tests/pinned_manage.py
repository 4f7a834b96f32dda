"""``testproject/manage.py`` with the 7xx checks' date and Django version pinned, for subprocess tests.

    python tests/pinned_manage.py 2026-11-29 5.2.19 check --deploy

runs ``manage.py check --deploy`` as if today were 2026-11-29 and Django 5.2.19 were installed. It patches the
seams ``django_chained.checks.versions.today()`` and ``installed_django_version()``, as the in-process tests do,
so what the project reports depends on its settings and the shipped release table, never on the calendar (a
support window nearing its end, I704; the table ageing, I706) or on a Django release newer than the table that
CI happened to install (I705). Nothing outside the test suite reads or changes this.
"""

from __future__ import annotations

import runpy
import sys
from datetime import date
from pathlib import Path
from unittest import mock

MANAGE = Path(__file__).resolve().parent.parent / "testproject" / "manage.py"


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit(
            "usage: pinned_manage.py TODAY DJANGO_VERSION [manage.py arguments ...]"
        )
    day, django_version, *manage_args = argv
    try:
        today = date.fromisoformat(day)
    except ValueError:
        sys.exit(f"pinned_manage.py: TODAY must be a YYYY-MM-DD date, not {day!r}")
    # Replace this script's folder (tests/, whose settings.py and urls.py must not shadow anything) with
    # the ones manage.py itself would put first.
    sys.path[0:1] = [str(MANAGE.parent), str(MANAGE.parent.parent)]
    from django_chained.checks import versions

    with (
        mock.patch.object(versions, "today", return_value=today),
        mock.patch.object(
            versions, "installed_django_version", return_value=django_version
        ),
    ):
        sys.argv = [str(MANAGE), *manage_args]
        runpy.run_path(str(MANAGE), run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
