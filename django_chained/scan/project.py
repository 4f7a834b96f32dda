"""One scan per ``manage.py check`` run, shared by every concern's checks."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.core.checks import CheckMessage

from django_chained.scan.cache import default_cache_dir
from django_chained.scan.engine import ScanResult, scan_paths
from django_chained.scan.sources import Sources, collect_sources

_lock = threading.Lock()
_last: tuple[object, ScanResult] | None = None


def cache_dir_setting() -> Path | None:
    """``CHAINED_CACHE_DIR``: unset gives the per-user default, ``None`` disables the on-disk cache."""
    from django.conf import settings

    from django_chained.conf import conf

    if not hasattr(settings, "CHAINED_CACHE_DIR"):
        return default_cache_dir()
    configured = conf.CHAINED_CACHE_DIR
    return Path(configured).expanduser() if configured else None


def _stamps(sources: Sources) -> tuple[object, ...]:
    stamps: list[object] = []
    for path in (*sources.python, *sources.templates):
        try:
            status = os.stat(path)
        except OSError:
            stamps.append(None)
        else:
            stamps.append((status.st_size, status.st_mtime_ns))
    return tuple(stamps)


def project_scan() -> ScanResult:
    """The scan of the configured project, computed once while sources and settings are unchanged."""
    global _last
    from django_chained.conf import conf

    sources = collect_sources()
    cache_dir = cache_dir_setting()
    max_bytes = conf.CHAINED_SCAN_MAX_BYTES
    key = (sources, _stamps(sources), cache_dir, max_bytes)
    with _lock:
        if _last is not None and _last[0] == key:
            return _last[1]
        result = scan_paths(
            sources.python,
            sources.templates,
            cache_dir=cache_dir,
            max_bytes=max_bytes,
        )
        _last = (key, result)
        return result


def scan_messages(concern: int) -> list[CheckMessage]:
    """The ``CheckMessage`` of every finding of one concern (hundreds digit; 0 = files not scanned)."""
    return project_scan().messages(concern)
