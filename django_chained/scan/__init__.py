"""The scan engine: first-party Python code and templates, parsed once, never imported.

Standalone use (no Django settings needed, e.g. from a CLI)::

    from django_chained.scan import scan_paths

    result = scan_paths(py_files, template_files, cache_dir=None, max_bytes=1_000_000)
    result.findings   # tuple[Finding, ...]: rule findings, inline-suppressed ones carry suppressed_reason
    result.problems   # tuple[Finding, ...]: one django_chained.I004 Info per file that could not be scanned
    result.for_concern(4)  # findings whose ID's hundreds digit is 4 (0 gives the problems)

Inside a configured project:

* ``collect_sources()`` returns ``Sources(python, templates)``: the first-party apps (outside the standard
  library, site-packages and django-chained itself), the settings and ``ROOT_URLCONF`` module files,
  every ``DjangoTemplates`` engine's ``DIRS`` and each first-party app's ``templates/`` folder,
  plus ``CHAINED_SCAN_PATHS`` and minus ``CHAINED_SCAN_EXCLUDE``.
* ``project_scan()`` scans those sources once per ``manage.py check`` run: the result is memoised
  on the source list, their sizes and mtimes, the cache directory and ``CHAINED_SCAN_MAX_BYTES``.
  Each concern's checks call ``scan_messages(concern)`` to get their ``CheckMessage``s.

Cache: with ``cache_dir`` set, per-file results are stored as JSON keyed by absolute path, a hash of the
file's bytes and the engine version (a hash of this package's sources), so a re-run reads every file but
only re-scans those whose bytes changed.
``CHAINED_CACHE_DIR`` unset means the per-user ``default_cache_dir()``; ``None`` means no on-disk cache.

Suppression: ``# chained: ignore[django_chained.W401] reason`` (``{# chained: ignore[...] reason #}`` in
templates) on the finding's line turns it into an Info that shows the reason; without a reason it does not count.

Templates are scanned by ``django_chained.scan.templates.scan_template(source, path)``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_chained.scan.cache import default_cache_dir
    from django_chained.scan.engine import ScanResult, engine_version, scan_paths
    from django_chained.scan.findings import Finding
    from django_chained.scan.project import project_scan, scan_messages
    from django_chained.scan.sources import Sources, collect_sources

#: Where each name lives: importing ``django_chained.scan.findings`` (as the reports do) need not
#: import the engine and every rule, which the standalone scan imports only after it has started
#: walking the tree (``sourcetree.early_walk``).
_HOMES = {
    "default_cache_dir": "cache",
    "ScanResult": "engine",
    "engine_version": "engine",
    "scan_paths": "engine",
    "Finding": "findings",
    "project_scan": "project",
    "scan_messages": "project",
    "Sources": "sources",
    "collect_sources": "sources",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "Finding",
    "ScanResult",
    "Sources",
    "collect_sources",
    "default_cache_dir",
    "engine_version",
    "project_scan",
    "scan_messages",
    "scan_paths",
]
