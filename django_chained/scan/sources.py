"""Which files a Django project's scan covers: first-party apps, settings, URLconf, templates, extras."""

from __future__ import annotations

import fnmatch
import os
import site
import sys
import sysconfig
import time
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django_chained.paths import display_path, under

TEMPLATE_SUFFIXES = (
    ".html", ".htm", ".xhtml", ".xml", ".svg", ".txt", ".eml", ".email", ".md", ".rst",
    ".csv", ".tsv", ".js", ".css", ".tpl", ".tmpl", ".dtl",
)  # fmt: skip
_SKIPPED_DIRS = frozenset(
    {"__pycache__", "node_modules", "site-packages", "dist-packages"}
)
_OWN_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Sources(NamedTuple):
    """The Python files and template files of one scan."""

    python: tuple[str, ...]
    templates: tuple[str, ...]


def _third_party_roots() -> tuple[str, ...]:
    roots = {
        sysconfig.get_paths()[key]
        for key in ("stdlib", "platstdlib", "purelib", "platlib")
    }
    roots.update(site.getsitepackages() if hasattr(site, "getsitepackages") else ())
    roots.add(site.getusersitepackages())
    roots.add(_OWN_PACKAGE)
    return tuple(os.path.abspath(root) for root in roots if root)


def is_first_party(path: str) -> bool:
    """Whether a directory holds the project's own code (not the stdlib, an installed package or us)."""
    path = os.path.abspath(path)
    parts = set(path.split(os.sep))
    if parts & {"site-packages", "dist-packages"}:
        return False
    return not any(under(path, root) for root in _third_party_roots())


class _Walk(NamedTuple):
    folders: tuple[tuple[str, int], ...]
    """Every folder the walk looked into, with its mtime."""
    files: tuple[str, ...]
    template_folders: tuple[str, ...]
    """Outermost folders named ``templates``."""


_walks: dict[str, _Walk] = {}
_RACY_NS = 2_000_000_000


def _walk(root: str) -> _Walk:
    """One walk of ``root``, reused while no folder it looked into has changed.

    Every concern's check asks for the sources in one ``manage.py check`` run; a folder's mtime changes
    when an entry is added, removed or renamed in it, so an unchanged set of folders means an unchanged
    file list, and only the folders are stat()ed again.
    """
    known = _walks.get(root)
    if known is not None and all(_mtime(f) == mtime for f, mtime in known.folders):
        return known
    started = time.time_ns()
    folders: list[tuple[str, int]] = []
    files: list[str] = []
    template_folders: list[str] = []
    for directory, subdirs, names in os.walk(root):
        folders.append((directory, _mtime(directory)))
        kept = []
        for name in sorted(subdirs):
            path = os.path.join(directory, name)
            if name.startswith(".") or name in _SKIPPED_DIRS:
                continue
            if os.path.exists(os.path.join(path, "pyvenv.cfg")):
                folders.append(
                    (path, _mtime(path))
                )  # watched: a source folder if the marker goes
                continue
            if name == "templates" and not any(
                under(directory, outer) for outer in template_folders
            ):
                template_folders.append(path)
            kept.append(name)
        subdirs[:] = kept
        files.extend(os.path.join(directory, name) for name in sorted(names))
    walk = _Walk(tuple(folders), tuple(files), tuple(template_folders))
    # Folder mtimes are coarse (a clock tick): a folder changed just before or during the walk could
    # change again without a new mtime, so such a walk is not reused (git's "racy" rule).
    if all(mtime < started - _RACY_NS for _, mtime in folders):
        _walks[root] = walk
    else:
        _walks.pop(root, None)
    return walk


def walk_files(root: str, suffixes: tuple[str, ...]) -> Iterator[str]:
    """Files under ``root`` with one of the suffixes; hidden, cache and virtualenv folders skipped, symlinked folders not followed."""
    if os.path.isfile(root):
        if root.endswith(suffixes):
            yield root
        return
    yield from (file for file in _walk(root).files if file.endswith(suffixes))


def _mtime(folder: str) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """Whether a path is, or lies under, an excluded path, or matches an excluded glob pattern."""
    absolute = os.path.abspath(path)
    for pattern in patterns:
        if any(char in pattern for char in "*?["):
            if fnmatch.fnmatch(absolute, pattern) or fnmatch.fnmatch(path, pattern):
                return True
        elif under(absolute, os.path.abspath(pattern)):
            return True
    return False


def _module_file(dotted: str) -> str | None:
    """A module's source file without importing it (Django has already imported settings and URLconf)."""
    module = sys.modules.get(dotted)
    filename = getattr(module, "__file__", None)
    if isinstance(filename, str) and filename.endswith(".py"):
        return filename
    return None


def build_sources(
    python_roots: Iterable[str],
    template_roots: Iterable[str],
    extra_paths: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Sources:
    """Expand roots into deduplicated, sorted file lists; ``extra_paths`` give Python files and any templates."""
    exclude = tuple(exclude)
    python: dict[str, str] = {}
    templates: dict[str, str] = {}

    def add(target: dict[str, str], files: Iterable[str]) -> None:
        for file in files:
            if not is_excluded(file, exclude):
                target.setdefault(os.path.abspath(file), display_path(file))

    for root in python_roots:
        add(python, walk_files(root, (".py",)))
    for root in template_roots:
        add(templates, walk_files(root, TEMPLATE_SUFFIXES))
    for extra in extra_paths:
        add(python, walk_files(extra, (".py",)))
        if os.path.isfile(extra):
            add(templates, walk_files(extra, TEMPLATE_SUFFIXES))
        else:
            for folder in _template_folders(extra):
                add(templates, walk_files(folder, TEMPLATE_SUFFIXES))
    return Sources(
        tuple(python[k] for k in sorted(python)),
        tuple(templates[k] for k in sorted(templates)),
    )


def _template_folders(root: str) -> tuple[str, ...]:
    return _walk(root).template_folders


def collect_sources() -> Sources:
    """The project's scan sources from the configured settings, apps and template engines."""
    from django.apps import apps
    from django.conf import settings

    from django_chained.conf import conf

    python_roots: list[str] = []
    template_roots: list[str] = []
    for app_config in apps.get_app_configs():
        if is_first_party(app_config.path):
            python_roots.append(app_config.path)
            template_roots.append(os.path.join(app_config.path, "templates"))
    for dotted in (settings.SETTINGS_MODULE, getattr(settings, "ROOT_URLCONF", None)):
        filename = _module_file(dotted) if isinstance(dotted, str) else None
        if filename and is_first_party(os.path.dirname(filename)):
            python_roots.append(filename)
    engines: list[dict[str, Any]] = settings.TEMPLATES
    for engine in engines:
        if engine.get("BACKEND") == "django.template.backends.django.DjangoTemplates":
            directories: list[object] = list(engine.get("DIRS", ()))
            template_roots.extend(str(directory) for directory in directories)
    return build_sources(
        python_roots,
        [root for root in template_roots if os.path.isdir(root)],
        conf.CHAINED_SCAN_PATHS,
        conf.CHAINED_SCAN_EXCLUDE,
    )
