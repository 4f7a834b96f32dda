"""The readers' per-file facts, cached beside the scan engine's findings and keyed on the same content hash.

A warm scan parses only the files whose bytes changed: for the others, the facts the settings, URLconf,
router, view, class-hierarchy, model and media-route readers took from them last time are reused, and
only the judgement across files (which settings module is deployed, which view is routed, which bases a
view inherits) runs again. Not keyed on size and mtime:
an edit that keeps both would reuse stale facts. An entry also records the module name, which depends on
the package folders above the file, not on its bytes.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

from django_chained.report.version import tool_version
from django_chained.scan.cache import (
    ContentKey,
    cache_file,
    load_entries,
    save_entries,
)
from django_chained.sourcetree.class_facts import MethodFacts, method_node, names_in
from django_chained.sourcetree.facts_json import from_json, to_json
from django_chained.sourcetree.file_facts import FileFacts, extract, failed
from django_chained.sourcetree.tree import ParsedModules, SourceTree, parse_all

#: Bumped whenever what ``FileFacts`` holds, or how it is written, changes.
FACTS_SCHEMA = 3


@cache
def facts_version() -> str:
    """The package version, the schema and a hash of the readers' sources: a cache of any other is ignored."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return f"{tool_version()}:{FACTS_SCHEMA}:{digest.hexdigest()[:20]}"


class FactsCache:
    """One JSON file of per-file facts for the Python files under one common directory."""

    def __init__(self, directory: Path | None, files: list[str], version: str) -> None:
        """With no ``directory``, an in-memory store for one run (see ``ScanCache``)."""
        self.file = None if directory is None else cache_file(directory, "facts", files)
        self.version = version
        self.entries: dict[str, Any] = (
            {} if self.file is None else load_entries(self.file, version)
        )
        self.changed = False
        self._ahead: dict[str, tuple[list[Any], FileFacts]] = {}

    def get(self, path: Path, content: ContentKey, module: str) -> FileFacts | None:
        """The facts cached for ``path`` when read from exactly this content as ``module``, else ``None``."""
        entry = self.entries.get(str(path))
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[0] == content
            and entry[1] == module
        ):
            return None  # not cached, changed since, moved into another package, or not ours
        ahead = self._ahead.pop(str(path), None)
        if ahead is not None and ahead[0] is entry:
            return ahead[1]
        try:
            return from_json(path, module, entry[2])
        except ValueError:
            return None

    def read_ahead(self, path: Path) -> None:
        """Decode the entry of ``path`` now, for ``get`` to hand out: while workers still scan."""
        entry = self.entries.get(str(path))
        if isinstance(entry, list) and len(entry) == 3 and isinstance(entry[1], str):
            with suppress(ValueError):
                self._ahead[str(path)] = (entry, from_json(path, entry[1], entry[2]))

    def put(self, path: Path, content: ContentKey, facts: FileFacts) -> None:
        self.put_entry(path, facts_entry(content, facts))

    def put_entry(self, path: Path, value: list[Any]) -> None:
        """Store an entry made by ``facts_entry`` (in a worker process, say)."""
        self.entries[str(path)] = value
        self.changed = True

    def save(self) -> None:
        if self.changed and self.file is not None:
            save_entries(self.file, self.version, self.entries)


def facts_entry(content: ContentKey, facts: FileFacts) -> list[Any]:
    """The cache entry of one file's facts: plain lists, as written to JSON."""
    return [content, facts.module, to_json(facts)]


def facts_store(tree: SourceTree, cache_dir: Path | None) -> FactsCache:
    """The facts store of the tree's Python files: under ``cache_dir``, or in memory without it."""
    version = (
        "" if cache_dir is None else facts_version()
    )  # only a file is written with it
    return FactsCache(cache_dir, [str(p) for p in tree.python_files], version)


class ReadFacts:
    """The facts of each Python file of the tree, parsed (through ``modules``) only when not cached.

    The names a method uses are read when a judgement first follows the method (``method_names``),
    kept with its file's facts and cached with them by ``save``.
    """

    def __init__(
        self,
        tree: SourceTree,
        modules: ParsedModules,
        cache_dir: Path | None = None,
        store: FactsCache | None = None,
    ) -> None:
        files = tree.python_files
        self.modules = modules
        if store is None and cache_dir is not None and files:
            store = facts_store(tree, cache_dir)
        self.store = store
        self.files: list[FileFacts] = []
        self._contents: dict[Path, ContentKey] = {}
        for path in files:
            name = tree.module_name(path)
            content = modules.content_key(path) if self.store is not None else None
            facts = (
                self.store.get(path, content, name) if self.store and content else None
            )
            if facts is None:
                facts = read_facts(path, name, modules)
                if self.store is not None and content is not None:
                    self.store.put(path, content, facts)
            if content is not None:
                self._contents[path] = content
            self.files.append(facts)
        self._by_path = {facts.path: facts for facts in self.files}

    def method_names(self, path: Path, method: MethodFacts) -> frozenset[str]:
        """The names ``method`` of a class of the file ``path`` uses."""
        facts = self._by_path.get(path)
        if facts is not None and method.key in facts.method_names:
            return frozenset(facts.method_names[method.key])
        try:
            node = method_node(self.modules.module(path), method)
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            node = None  # reported as I004 already
        names = names_in(node) if node is not None else frozenset()
        if facts is not None:
            facts.method_names[method.key] = tuple(sorted(names))
            content = self._contents.get(path)
            if self.store is not None and content is not None:
                self.store.put(path, content, facts)
        return names

    def save(self) -> None:
        if self.store is not None:
            self.store.save()


def read_facts(
    path: Path, name: str, modules: ParsedModules, source: bytes | None = None
) -> FileFacts:
    """The facts of one file, parsed through ``modules``; a file that does not parse gets its failure.

    ``source``: the file's bytes, when the caller read them (``extract``).
    """
    parsed = parse_all([path], modules)
    if parsed.failures:
        _, line, reason = parsed.failures[0]
        return failed(path, name, line, reason)
    return extract(path, parsed.modules[0][1], name, source)
