"""What the ``|safe`` pass read of each file, cached beside the findings by content hash.

A Python file's entry is ``[content key, module views or null, {function: facts}]``: the classes and
render calls of the file (``null`` when it names none of the hints or does not parse), and what each
function a judgement followed does with names. A template's is ``[content key, references]``: its
``{% extends %}`` and ``{% include %}`` tags. A warm scan then parses no unchanged file for the
pass. Every field is checked for its exact JSON type before it is trusted; an entry of another
shape is read again from the file.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from django_chained.scan.cache import ContentKey, cache_file, load_entries, save_entries
from django_chained.scan.function_facts import FunctionFacts, facts_from_json
from django_chained.scan.template_references import (
    Reference,
    references_from_json,
    references_json,
)
from django_chained.scan.view_index import ClassViews, FunctionRef, ModuleViews

#: ``module`` found nothing cached.
MISSING = object()


def _ref_key(ref: FunctionRef) -> str:
    return f"{ref.name}:{ref.line}:{ref.column}"


def _ref_json(ref: FunctionRef) -> list[Any]:
    return [ref.name, ref.line, ref.column]


def _module_json(module: ModuleViews) -> list[Any]:
    return [
        [
            [
                c.name,
                list(c.bases),
                [_ref_json(m) for m in c.methods],
                list(c.templates),
                [list(f) for f in c.fields],
            ]
            for c in module.classes
        ],
        [[list(templates), _ref_json(ref)] for templates, ref in module.renderers],
    ]


def _strings(value: object) -> tuple[str, ...]:
    if not (isinstance(value, list) and all(type(v) is str for v in value)):
        raise ValueError("not a list of names")
    return tuple(value)


def _ref(path: str, value: object) -> FunctionRef:
    if not (
        isinstance(value, list)
        and len(value) == 3
        and type(value[0]) is str
        and type(value[1]) is int
        and type(value[2]) is int
    ):
        raise ValueError("not a function")
    return FunctionRef(path, value[0], value[1], value[2])


def _rows(value: object, width: int) -> list[list[Any]]:
    if not (
        isinstance(value, list)
        and all(isinstance(row, list) and len(row) == width for row in value)
    ):
        raise ValueError("not a list of rows")
    return value


def _class(path: str, row: list[Any]) -> ClassViews:
    name, bases, methods, templates, fields = row
    if type(name) is not str or not isinstance(methods, list):
        raise ValueError("not a class")
    pairs = tuple((field, kind) for field, kind in map(_strings, _rows(fields, 2)))
    return ClassViews(
        name,
        _strings(bases),
        tuple(_ref(path, m) for m in methods),
        _strings(templates),
        pairs,
    )


def _module(path: str, value: object) -> ModuleViews:
    classes, renderers = _rows([value], 2)[0]
    return ModuleViews(
        tuple(_class(path, row) for row in _rows(classes, 5)),
        tuple(
            (_strings(templates), _ref(path, ref))
            for templates, ref in _rows(renderers, 2)
        ),
    )


class ViewsCache:
    """One JSON file of per-file ``|safe`` pass data for the Python files under one common directory."""

    def __init__(self, directory: Path | None, files: list[str], version: str) -> None:
        """With no ``directory``, an in-memory store for one run (see ``ScanCache``)."""
        self.file = None if directory is None else cache_file(directory, "views", files)
        self.version = version
        self.entries: dict[str, Any] = (
            {} if self.file is None else load_entries(self.file, version)
        )
        self.changed = False
        self._ahead: dict[str, tuple[list[Any], ModuleViews]] = {}

    def _entry(self, path: str, content: ContentKey) -> list[Any] | None:
        entry = self.entries.get(path)
        if (
            isinstance(entry, list)
            and len(entry) == 3
            and entry[0] == content
            and isinstance(entry[2], dict)
        ):
            return entry
        return None

    def module(self, path: str, content: ContentKey) -> ModuleViews | None | object:
        """The module's views read from exactly this content, ``None`` for none; ``MISSING`` if not cached."""
        entry = self._entry(path, content)
        if entry is None:
            return MISSING
        if entry[1] is None:
            return None
        ahead = self._ahead.get(path)
        if ahead is not None and ahead[0] is entry:
            return ahead[1]
        try:
            return _module(path, entry[1])
        except ValueError:
            return MISSING

    def read_ahead(self, path: str) -> None:
        """Decode the module entry of ``path`` now, for ``module`` to hand out: while workers still scan."""
        entry = self.entries.get(path)
        if isinstance(entry, list) and len(entry) == 3 and entry[1] is not None:
            with suppress(ValueError):
                self._ahead[path] = (entry, _module(path, entry[1]))

    def put_module(
        self, path: str, content: ContentKey, module: ModuleViews | None
    ) -> None:
        self.put_entry(path, module_entry(content, module))

    def put_entry(self, path: str, value: list[Any]) -> None:
        """Store an entry made by ``module_entry`` (in a worker process, say)."""
        self.entries[path] = value
        self.changed = True

    def facts(self, ref: FunctionRef, content: ContentKey) -> FunctionFacts | None:
        entry = self._entry(ref.path, content)
        return None if entry is None else facts_from_json(entry[2].get(_ref_key(ref)))

    def put_facts(
        self, ref: FunctionRef, content: ContentKey, facts: FunctionFacts
    ) -> None:
        entry = self._entry(ref.path, content)
        if entry is not None:
            entry[2][_ref_key(ref)] = facts.to_json()
            self.changed = True

    def references(self, path: str, content: ContentKey) -> list[Reference] | None:
        """The references of the template read from exactly this content; ``None`` if not cached."""
        entry = self.entries.get(path)
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == content):
            return None
        try:
            return references_from_json(entry[1])
        except ValueError:
            return None

    def put_references(
        self, path: str, content: ContentKey, found: list[Reference]
    ) -> None:
        self.put_entry(path, references_entry(content, found))

    def save(self) -> None:
        if self.changed and self.file is not None:
            save_entries(self.file, self.version, self.entries)


def module_entry(content: ContentKey, module: ModuleViews | None) -> list[Any]:
    """The cache entry of one file's views, before any function was followed: plain lists."""
    return [content, None if module is None else _module_json(module), {}]


def references_entry(content: ContentKey, found: list[Reference]) -> list[Any]:
    """The cache entry of one template's references: plain lists."""
    return [content, references_json(found)]
