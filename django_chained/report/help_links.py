"""Absolute help URIs for check IDs: the ID's section of our checks reference, Django's checks reference for Django's IDs.

SARIF 2.1.0 requires ``helpUri`` to be an absolute URI, so a link is only made when an absolute base is known:
the ``--help-uri-base`` given, else the ``Project-URL: Documentation`` of the installed package's metadata.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, metadata
from urllib.parse import urldefrag, urlsplit

from django_chained.rules.catalogue import rule

DJANGO_CHECKS_URI = "https://docs.djangoproject.com/en/stable/ref/checks/"
#: The page of the documentation (built from ``docs/``) that holds one section per ID.
CHECKS_PAGE = "checks.html"
#: Prefixes of the IDs Django itself (core and contrib) defines.
DJANGO_PREFIXES = frozenset(
    {"admin", "async", "auth", "caches", "commands", "contenttypes", "fields", "files", "gis", "models", "mysql",
     "postgres", "security", "signals", "sites", "staticfiles", "templates", "translation", "urls"}
)  # fmt: skip


def is_absolute_uri(value: str) -> bool:
    """True for ``scheme://host/...`` (and ``file:///...``), what SARIF accepts as ``helpUri``."""
    parts = urlsplit(value)
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme == "file")


@cache
def documentation_uri(distribution: str = "django-chained") -> str | None:
    """The installed package's ``Project-URL: Documentation``, when it is absolute; else ``None``."""
    try:
        project_urls: list[str] = metadata(distribution).get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in project_urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and is_absolute_uri(url.strip()):
            return url.strip()
    return None


def help_uri(check_id: str, base: str | None) -> str | None:
    """An absolute URI documenting ``check_id``, or ``None`` when there is none to give.

    ``base`` is the root of the documentation (``https://…/en/latest/``); the ID's section is on its checks page.
    """
    if check_id.partition(".")[0] in DJANGO_PREFIXES:
        return DJANGO_CHECKS_URI
    spec = rule(check_id)
    if spec is None or base is None or not is_absolute_uri(base):
        return None
    root = urldefrag(base).url.rstrip("/")
    return f"{root}/{CHECKS_PAGE}#{spec.anchor}"
