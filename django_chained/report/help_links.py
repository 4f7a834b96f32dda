"""Absolute help URIs for check IDs: our README's concern sections, Django's checks reference for Django's IDs.

SARIF 2.1.0 requires ``helpUri`` to be an absolute URI, so a link is only made when an absolute base is known:
the ``--help-uri-base`` given, else the ``Project-URL: Documentation`` of the installed package's metadata.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, metadata
from urllib.parse import urldefrag, urlsplit

DJANGO_CHECKS_URI = "https://docs.djangoproject.com/en/stable/ref/checks/"
#: Prefixes of the IDs Django itself (core and contrib) defines.
DJANGO_PREFIXES = frozenset(
    {"admin", "async", "auth", "caches", "commands", "contenttypes", "fields", "files", "gis", "models", "mysql",
     "postgres", "security", "signals", "sites", "staticfiles", "templates", "translation", "urls"}
)  # fmt: skip
#: README section anchors (docutils ids of the "System checks" subsections) by hundreds digit.
_CONCERN_SECTIONS = {
    "0": "our-own-settings-0xx",
    "1": "https-deployment-1xx",
    "2": "authorization-2xx",
    "3": "xss-3xx",
    "4": "sql-injection-4xx",
    "5": "csrf-and-clickjacking-5xx",
    "6": "media-access-6xx",
    "7": "outdated-django-7xx",
}
#: The live probe's IDs are documented in their own subsections: (first, last number, anchor).
_PROBE_SECTIONS = (
    (80, 99, "live-probe-django-leaks-08x"),
    (160, 189, "live-probe-https-tls-and-headers-16x-18x"),
    (560, 569, "live-probe-framing-56x"),
    (660, 669, "live-probe-media-66x"),
)


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


def readme_anchor(check_id: str) -> str | None:
    """The README section documenting one of our IDs, e.g. ``django_chained.W501`` → ``csrf-and-clickjacking-5xx``."""
    prefix, _, code = check_id.partition(".")
    if prefix != "django_chained" or len(code) != 4 or not code[1:].isdigit():
        return None
    number = int(code[1:])
    for first, last, anchor in _PROBE_SECTIONS:
        if first <= number <= last:
            return anchor
    return _CONCERN_SECTIONS.get(code[1])


def help_uri(check_id: str, base: str | None) -> str | None:
    """An absolute URI documenting ``check_id``, or ``None`` when there is none to give."""
    if check_id.partition(".")[0] in DJANGO_PREFIXES:
        return DJANGO_CHECKS_URI
    anchor = readme_anchor(check_id)
    if anchor is None or base is None or not is_absolute_uri(base):
        return None
    return f"{urldefrag(base).url}#{anchor}"
