from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def tool_version() -> str:
    """The installed django-chained version, ``0+unknown`` when run from an uninstalled checkout."""
    try:
        return version("django-chained")
    except PackageNotFoundError:
        return "0+unknown"
