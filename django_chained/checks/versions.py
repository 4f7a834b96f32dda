"""7xx: outdated Django and, from ``CHAINED_ADVISORY_PATHS``, vulnerable installed distributions.

The facts ship with the package (``django_chained.versions.data``): checks never touch the network.
The installed version and today's date come from ``installed_django_version()`` and ``today()``, which tests pin.
The messages themselves live in ``django_chained.versions.messages``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django
from django.core.checks import CheckMessage, Tags

from django_chained.checks.registry import Registration, deploy
from django_chained.conf import conf
from django_chained.versions import osv
from django_chained.versions.messages import advisory_messages, version_messages


def installed_django_version() -> str:
    """The running Django's version string (``5.2.19``, ``6.1rc1``)."""
    return django.__version__


def today() -> date:
    """Today's date, for the support windows and the table's age."""
    return date.today()


def check_django_version(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags a Django behind its series' latest patch, out of security support, or a pre-release."""
    return version_messages(
        installed_django_version(),
        today(),
        eol_warning_days=conf.CHAINED_EOL_WARNING_DAYS,
        data_max_age_days=conf.CHAINED_DATA_MAX_AGE_DAYS,
    )


def check_advisory_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags installed distributions named by an advisory in CHAINED_ADVISORY_PATHS (offline pip-audit)."""
    paths = tuple(conf.CHAINED_ADVISORY_PATHS)
    if not paths:
        return []
    advisories, problems = osv.load(paths)
    return advisory_messages(advisories, problems, osv.installed_distributions())


REGISTRY: tuple[Registration, ...] = (
    deploy(check_django_version, Tags.compatibility),
    deploy(check_advisory_files, Tags.compatibility),
)
