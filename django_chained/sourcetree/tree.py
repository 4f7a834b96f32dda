"""A source tree as the standalone scan sees it: its Python files, templates and module names."""

from __future__ import annotations

import ast
import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django_chained.paths import resolved
from django_chained.scan.cache import ContentKey, content_key
from django_chained.scan.engine import DEFAULT_MAX_BYTES
from django_chained.scan.python.walker import parse
from django_chained.sourcetree.early_walk import EarlyWalk
from django_chained.sourcetree.folder_listing import ListedFolder
from django_chained.sourcetree.tree_walk import walk
from django_chained.sourcetree.walk_cache import cached_walk
from django_chained.untrusted_files import is_regular_file, read_regular_file


@dataclass
class SourceTree:
    """Python files and templates under ``root``, each once, in a stable order."""

    root: Path
    exclude: tuple[str, ...] = ()
    python_files: list[Path] = field(default_factory=list)
    template_files: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    """Folders that could not be listed (a chmod-000 folder), with why: their files were not scanned."""
    deployment_files: list[Path] = field(default_factory=list)
    """Dockerfiles, Procfiles and compose files, also in skipped and excluded folders (``deploy_files``)."""
    listed: list[ListedFolder] | None = None
    """Every folder the walk listed, with its mtime and ctime (ns), when it kept them (with a cache
    directory, or walked early in a child): ``None`` otherwise."""
    _module_names: dict[Path, str] = field(default_factory=dict, repr=False)
    _packages: dict[str, bool] = field(default_factory=dict, repr=False)
    _package_paths: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def discover(
        cls,
        root: Path,
        exclude: Iterable[str] = (),
        cache_dir: Path | None = None,
        early: EarlyWalk | None = None,
    ) -> SourceTree:
        """The tree under ``root``; with a ``cache_dir``, the last walk's when no folder changed since.

        ``early``: the same walk, started in a child process before the scan was imported.
        """
        tree = cls(resolved(root), tuple(exclude))
        if early is not None and (early.root, early.exclude) != (
            tree.root,
            tree.exclude,
        ):
            early.cancel()
            early = None
        if cache_dir is None:
            found = early.result() if early else walk(tree.root, tree.exclude)
        else:
            found = cached_walk(tree.root, tree.exclude, cache_dir, early)
        tree.python_files = found.python_files
        tree.template_files = found.template_files
        tree.unreadable = found.unreadable
        tree.deployment_files = found.deployment_files
        tree.listed = found.listed
        return tree

    def relative(self, path: Path) -> str:
        try:
            return resolved(path).relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def module_name(self, path: Path) -> str:
        """The dotted module name, from the package folders (``__init__.py``) above the file."""
        known = self._module_names.get(path)
        if known is None:
            known = self._module_names[path] = self._find_module_name(path)
        return known

    def _is_package(self, folder: str) -> bool:
        """Whether the folder holds an ``__init__.py``: looked at once per folder, not once per file."""
        known = self._packages.get(folder)
        if known is None:
            known = is_regular_file(os.path.join(folder, "__init__.py"))
            self._packages[folder] = known
        return known

    def _find_module_name(self, path: Path) -> str:
        # Strings, not Paths: each step up would build and compare Paths, for every file of the tree.
        text = str(path)
        packages = self._package_names(os.path.dirname(text))
        if path.name == "__init__.py":
            return ".".join(packages)
        return ".".join((*packages, path.stem))

    def _package_names(self, folder: str) -> tuple[str, ...]:
        """The names of the packages from the outermost one down to ``folder``; none if it is no package.

        Worked out once per folder, going up only as far as a folder already known.
        """
        above: list[str] = []
        while folder not in self._package_paths:
            if not self._is_package(folder) or folder == os.path.dirname(folder):
                self._package_paths[folder] = ()
            elif folder == str(self.root):
                self._package_paths[folder] = (os.path.basename(folder),)
            else:
                above.append(folder)
                folder = os.path.dirname(folder)
        names = self._package_paths[folder]
        for inner in reversed(above):
            names = self._package_paths[inner] = (*names, os.path.basename(inner))
        return names


@dataclass
class Parsed:
    """The files that parsed, and why the others did not (``(path, line, reason)``)."""

    modules: list[tuple[Path, ast.Module]] = field(default_factory=list)
    failures: list[tuple[Path, int, str]] = field(default_factory=list)


class ParsedModules:
    """Each Python file parsed at most once per run, whoever asks first.

    The scan engine parses every file it scans (``parse_text`` is its parser) and hands over the bytes
    of those it took from its cache (``keep_bytes``); the settings, URLconf, view and model readers then
    take the same trees (``module``), reading only the files the engine did not (too large, unreadable …).
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._done: dict[str, ast.Module | Exception] = {}
        self._unparsed: dict[str, bytes] = {}
        self._keys: dict[str, ContentKey] = {}
        self.max_bytes = max_bytes

    def keep_key(self, path: str, content: ContentKey) -> None:
        """The hash of the bytes the engine read of a file (``content_key``)."""
        self._keys[os.path.abspath(path)] = content

    def content_key(self, path: Path) -> ContentKey | None:
        """The hash of the file's bytes, read now (and kept for parsing) unless the engine did; ``None`` if unreadable."""
        key = os.path.abspath(path)
        known = self._keys.get(key)
        if known is None:
            try:
                data = read_regular_file(path, self.max_bytes)
            except OSError:
                return None
            if key not in self._done:
                self._unparsed.setdefault(key, data)
            known = self._keys[key] = content_key(data)
        return known

    def keep_bytes(self, data: bytes, path: str) -> None:
        """The bytes the engine read of a file it did not parse: ``module`` parses them when asked."""
        self._unparsed[os.path.abspath(path)] = data

    def parse_text(self, text: str, path: str) -> ast.Module:
        """The engine's parser: parse the decoded source and keep the tree, or the error it raised."""
        try:
            module = parse(text, path)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            self._done[os.path.abspath(path)] = error
            raise
        self._done[os.path.abspath(path)] = module
        return module

    def module(self, path: Path) -> ast.Module:
        """The tree of ``path``; raises what ``ast.parse`` (or reading the file) raised, every time."""
        key = os.path.abspath(path)
        found = self._done.get(key)
        if found is None:
            data = self._unparsed.pop(key, None)
            try:
                found = (
                    ast.parse(data, filename=str(path))
                    if data is not None
                    else parse_bytes(path, self.max_bytes)
                )
            except (
                OSError,
                SyntaxError,
                ValueError,
                RecursionError,
                MemoryError,
            ) as error:
                found = error
            self._done[key] = found
        if isinstance(found, Exception):
            raise found
        return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: while thousands of trees stay alive, each collection walks them all.

    Syntax trees hold no reference cycles, so pausing frees nothing later than reference counting would;
    on a 1,200-file tree the collector's passes otherwise cost more than the parsing itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ast.Module:
    """``ast.parse`` of the file's bytes, so a ``coding:`` declaration is honoured.

    Only a regular file of at most ``max_bytes`` is read (``OSError`` otherwise, before reading).
    """
    return ast.parse(read_regular_file(path, max_bytes), filename=str(path))


def parse_all(paths: Iterable[Path], modules: ParsedModules | None = None) -> Parsed:
    """Parse each file (or take its tree from ``modules``); a file that cannot be parsed is recorded, never raised."""
    read = modules.module if modules is not None else parse_bytes
    parsed = Parsed()
    for path in paths:
        try:
            parsed.modules.append((path, read(path)))
        except SyntaxError as error:
            parsed.failures.append(
                (path, error.lineno or 1, f"syntax error: {error.msg}")
            )
        except OSError as error:
            parsed.failures.append(
                (path, 1, f"it cannot be read ({error.strerror or error})")
            )
        except (ValueError, RecursionError, MemoryError) as error:
            parsed.failures.append(
                (path, 1, f"it cannot be parsed ({type(error).__name__})")
            )
    return parsed


def parse_files(paths: Iterable[Path]) -> Iterator[tuple[Path, ast.Module]]:
    """The files that parse, each with its tree."""
    yield from parse_all(paths).modules
