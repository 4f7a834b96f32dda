"""What the project knows about itself that a remote scanner has to guess: names, URLs, its HSTS."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri

from django_chained.checks import https_rules
from django_chained.conf import conf

#: A stem part that looks generated: hex/base32/base64-ish runs or a UUID.
_RANDOM_TOKEN = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}",
    re.IGNORECASE,
)
MAX_MEDIA_FILES = 10


@dataclass(frozen=True)
class ProjectFacts:
    """Settings and URLs the probe compares the live site with."""

    session_cookie: str = "sessionid"
    pages: tuple[str, ...] = ("/",)
    """Paths worth a visit: the front page, the login page, the admin login."""
    redirect_exempt: tuple[str, ...] = ()
    hsts_seconds: int = 0
    hsts_include_subdomains: bool = False
    hsts_preload: bool = False
    hsts_minimum: int = 31_536_000
    proxy_header: tuple[str, str] = ("X-Forwarded-Proto", "https")
    media_path: str | None = None
    """MEDIA_URL as a path on the site, ``None`` when media lives on another host."""
    media_dirs: tuple[str, ...] = ()
    """Static ``upload_to`` directories below ``media_path``."""
    media_files: tuple[str, ...] = field(default_factory=tuple)
    """Up to ``MAX_MEDIA_FILES`` stored names that look guessable."""

    def is_redirect_exempt(self, path: str) -> bool:
        return any(re.search(p, path.lstrip("/")) for p in self.redirect_exempt)

    @property
    def expected_hsts(self) -> str:
        parts = [f"max-age={self.hsts_seconds}"]
        if self.hsts_include_subdomains:
            parts.append("includeSubDomains")
        if self.hsts_preload:
            parts.append("preload")
        return "; ".join(parts)


def header_name(meta_key: str) -> str:
    """``X-Forwarded-Proto`` from ``HTTP_X_FORWARDED_PROTO``."""
    name = meta_key.removeprefix("HTTP_")
    return "-".join(part.capitalize() for part in name.split("_"))


def looks_guessable(name: str) -> bool:
    """True when nothing in the file name looks randomly generated."""
    stem = name.replace("\\", "/").rpartition("/")[2].partition(".")[0]
    return _RANDOM_TOKEN.search(stem) is None


class SettingsError(ValueError):
    """A setting the probe reads is malformed (what ``check`` reports as E104, E112 or E114)."""


#: The settings checks whose errors leave the probe nothing sound to compare the site with.
SETTINGS_RULES = (
    https_rules.hsts_messages,
    https_rules.proxy_ssl_header_messages,
    https_rules.redirect_settings_messages,
)
BLOCKING_IDS = {"django_chained.E104", "django_chained.E112", "django_chained.E114"}


def check_settings() -> None:
    """Raise ``SettingsError`` naming every E104/E112/E114 the settings fail."""
    problems = [
        f"{message.id}: {message.msg}"
        for rule in SETTINGS_RULES
        for message in rule(settings)
        if message.id in BLOCKING_IDS
    ]
    if problems:
        raise SettingsError(
            "The settings the probe compares the site with are malformed; fix them first "
            "(manage.py check lists them): " + " ".join(problems)
        )


def project_facts() -> ProjectFacts:
    """Read the facts from the settings, the URLconf, the models and the default storage.

    Raises ``SettingsError`` when a setting it reads is malformed.
    """
    check_settings()
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    media_path = _media_path()
    dirs = tuple(_upload_dirs()) if media_path else ()
    return ProjectFacts(
        session_cookie=settings.SESSION_COOKIE_NAME,
        pages=_pages(),
        redirect_exempt=tuple(settings.SECURE_REDIRECT_EXEMPT),
        hsts_seconds=int(settings.SECURE_HSTS_SECONDS or 0),
        hsts_include_subdomains=bool(settings.SECURE_HSTS_INCLUDE_SUBDOMAINS),
        hsts_preload=bool(settings.SECURE_HSTS_PRELOAD),
        hsts_minimum=conf.CHAINED_HSTS_MIN_SECONDS,
        proxy_header=(header_name(proxy[0]), proxy[1])
        if proxy
        else ("X-Forwarded-Proto", "https"),
        media_path=media_path,
        media_dirs=dirs,
        media_files=tuple(_guessable_media_files(dirs)) if media_path else (),
    )


def _pages() -> tuple[str, ...]:
    candidates: list[str] = ["/"]
    with contextlib.suppress(NoReverseMatch, ImportError):
        candidates.append(str(resolve_url(settings.LOGIN_URL)))
    with contextlib.suppress(NoReverseMatch):
        candidates.append(reverse("admin:login"))
    return tuple(
        dict.fromkeys(iri_to_uri(url) for url in candidates if url.startswith("/"))
    )


def _media_path() -> str | None:
    url = str(settings.MEDIA_URL or "")
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket: no path on this site
        return None
    if not url or parts.netloc:
        return None
    return iri_to_uri("/" + parts.path.lstrip("/"))


def _upload_dirs() -> Iterator[str]:
    seen: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            upload_to = getattr(model_field, "upload_to", None)
            if not isinstance(model_field, models.FileField) or not isinstance(
                upload_to, str
            ):
                continue
            directory = upload_to.split("%", 1)[0].rpartition("/")[0].strip("/")
            if directory and directory not in seen:
                seen.add(directory)
                yield f"{directory}/"


def _listdir(directory: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(directory)
    except Exception:  # any backend, any failure: that directory is just not probed
        return [], []


def _guessable_media_files(dirs: tuple[str, ...]) -> Iterator[str]:
    """Stored names without a random part, from the media root, its subdirectories and upload_to dirs."""
    top_dirs, top_files = _listdir("")
    candidates = sorted(top_files)
    for directory in dict.fromkeys([*(f"{d}/" for d in sorted(top_dirs)), *dirs]):
        candidates += [directory + name for name in sorted(_listdir(directory)[1])]
    yield from [name for name in candidates if looks_guessable(name)][:MAX_MEDIA_FILES]
