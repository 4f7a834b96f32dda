from __future__ import annotations

from functools import cache


@cache
def tool_version() -> str:
    """The installed django-chained version, ``0+unknown`` when run from an uninstalled checkout.

    Read once per process: each lookup scans the installed distributions' metadata.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("django-chained")
    except PackageNotFoundError:
        return "0+unknown"
