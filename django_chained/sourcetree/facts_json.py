"""``FileFacts`` as JSON rows and back; a row of another shape raises ``ValueError``, never more.

A cache file is data from disk: anything in it may have been edited, truncated or written by another
version, so every field is checked for its exact JSON type before it is trusted.
"""

from __future__ import annotations

from operator import contains
from pathlib import Path
from typing import Any

from django_chained.sourcetree.class_facts import ClassFacts, MethodFacts
from django_chained.sourcetree.file_facts import FileFacts
from django_chained.sourcetree.function_writers import FunctionWriter
from django_chained.sourcetree.media_routes import StaticCall
from django_chained.sourcetree.models_reader import (
    FileFieldSource,
    ModelClass,
    ModelSource,
    app_label_of,
)
from django_chained.sourcetree.urls_reader import RouteSource
from django_chained.sourcetree.views_reader import ExemptView, ObjectView

Kinds = frozenset[type]
Types = tuple[Kinds, ...]
# Sets, not tuples: a column's set of types is checked as a subset of them.
_STR: Kinds = frozenset({str})
_INT: Kinds = frozenset({int})
_BOOL: Kinds = frozenset({bool})
_LIST: Kinds = frozenset({list})
_OPTIONAL_STR: Kinds = frozenset({str, type(None)})

_FAILURE: Types = (_INT, _STR)
_MODEL: Types = (_LIST, _STR, _INT, _LIST, _LIST, _LIST)
_RELATION: Types = (_STR, _STR)
_FILE_FIELD: Types = (_STR, _INT, _OPTIONAL_STR, _OPTIONAL_STR)
_IMPORT: Types = (_STR, _STR, _OPTIONAL_STR)
_CLASS: Types = (_STR, _LIST, _LIST, _LIST)
_NAMES: Types = (_STR, _LIST)
_METHOD: Types = (_STR, _INT, _INT)
_ROUTE: Types = (_STR, _STR, _BOOL, _INT, _STR, _BOOL)
_NAMED_LINE: Types = (_STR, _INT)
_EXEMPT: Types = (_STR, _INT, _STR)
_VIEW: Types = (_STR, _INT, _STR, _STR, _LIST, _OPTIONAL_STR, _BOOL, _OPTIONAL_STR)
_STATIC: Types = (_INT, _OPTIONAL_STR, _OPTIONAL_STR, _STR)
_WRITER: Types = (_STR, _LIST, _LIST)
_FACTS: Types = (
    frozenset({list, type(None)}), _BOOL, _LIST, _LIST, _LIST, _LIST, _LIST, _LIST, _LIST, _LIST, _LIST, _LIST, _LIST, frozenset({dict}), _LIST, _LIST,
)  # fmt: skip


def _class_json(klass: ClassFacts) -> list[Any]:
    methods = klass.methods
    return [
        klass.name,
        list(klass.bases),
        [
            [m.name for m in methods],
            [m.line for m in methods],
            [m.column for m in methods],
        ],
        [[attr, list(names)] for attr, names in klass.declared],
    ]


def to_json(facts: FileFacts) -> list[Any]:
    return [
        list(facts.failure) if facts.failure else None,
        facts.settings_like,
        [
            [
                list(c.bases),
                c.model.name,
                c.model.line,
                [list(item) for item in c.model.relations.items()],
                [
                    [f.label, f.line, f.upload_to, f.storage]
                    for f in c.model.file_fields
                ],
                list(c.fields),
            ]
            for c in facts.models
        ],
        [
            list(facts.imports),
            [source for source, _ in facts.imports.values()],
            [name for _, name in facts.imports.values()],
        ],
        [_class_json(c) for c in facts.classes],
        [
            [r.route, r.view, r.exempt, r.line, r.module, r.include]
            for r in facts.routes
        ],
        [[d for d, _ in facts.definitions], [line for _, line in facts.definitions]],
        [[v.dotted, v.line, v.methods] for v in facts.exempt],
        [list(v) for v in facts.public],
        [list(v) for v in facts.xframe],
        [
            [
                v.dotted,
                v.line,
                v.kind,
                v.model,
                _class_json(v.klass),
                v.exemption,
                v.api,
                v.api_lookup,
            ]
            for v in facts.views
        ],
        [[c.line, c.literal, c.setting, c.text] for c in facts.static],
        sorted(facts.debug_only),
        {key: list(names) for key, names in facts.method_names.items()},
        list(facts.identity_free),
        [[w.name, list(w.serializers), list(w.used)] for w in facts.function_writers],
    ]


def _row(value: object, types: Types) -> list[Any]:
    # ``type() in``, not ``isinstance``: JSON's true is not a line number. ``map`` keeps a warm
    # scan's check of some 20,000 rows out of Python-level loops.
    if not (
        isinstance(value, list)
        and len(value) == len(types)
        and all(map(contains, types, map(type, value)))
    ):
        raise ValueError(f"not a cached fact: {value!r:.60}")
    return value


def _rows(value: object, types: Types) -> list[list[Any]]:
    if not isinstance(value, list):
        raise ValueError(f"not a list of cached facts: {value!r:.60}")
    return [_row(item, types) for item in value]


def _ints(value: object) -> list[int]:
    if not (isinstance(value, list) and all(type(v) is int for v in value)):
        raise ValueError(f"not a list of lines: {value!r:.60}")
    return value


def _strings(value: object) -> tuple[str, ...]:
    if not (isinstance(value, list) and all(map(_STR.__contains__, map(type, value)))):
        raise ValueError(f"not a list of names: {value!r:.60}")
    return tuple(value)


def _bases(value: object) -> tuple[str | None, ...]:
    if not (isinstance(value, list) and all(type(v) in _OPTIONAL_STR for v in value)):
        raise ValueError(f"not a list of bases: {value!r:.60}")
    return tuple(value)


def _columns(value: object, types: Types) -> list[list[Any]]:
    """Lists of one length, the items of each of one of its types: rows stored column by column.

    ``set(map(type, …))`` checks a column without a Python-level loop: a tree's imports and
    definitions run to thousands of rows.
    """
    if isinstance(value, list) and len(value) == len(types):
        lengths = set()
        for column, kinds in zip(value, types, strict=True):
            if not isinstance(column, list) or not set(map(type, column)) <= kinds:
                break
            lengths.add(len(column))
        else:
            if len(lengths) <= 1:
                return value
    raise ValueError(f"not columns of cached facts: {value!r:.60}")


def _class(value: object) -> ClassFacts:
    name, bases, methods, declared = _row(value, _CLASS)
    return ClassFacts(
        name,
        _bases(bases),
        tuple(map(MethodFacts, *_columns(methods, _METHOD))),
        tuple((attr, _strings(names)) for attr, names in _rows(declared, _NAMES)),
    )


def _model_class(path: Path, row: list[Any]) -> ModelClass:
    bases, name, line, relations, fields, declared = row
    model = ModelSource(app_label_of(path), name, path, line)
    model.relations = dict(_rows(relations, _RELATION))
    model.file_fields = [
        FileFieldSource(label, path, field_line, upload_to, storage)
        for label, field_line, upload_to, storage in _rows(fields, _FILE_FIELD)
    ]
    return ModelClass(_strings(bases), model, _strings(declared))


def from_json(path: Path, module: str, value: object) -> FileFacts:
    """The facts a cached row holds for the file ``path`` (module ``module``)."""
    failure, settings_like, models, imports, classes, routes, defs, exempt, public, xframe, views, static, debug, names, identity_free, writers = _row(value, _FACTS)  # fmt: skip
    if failure is not None:
        line, reason = _row(failure, _FAILURE)
        return FileFacts(path, module, failure=(line, reason))
    # Most files of a tree hold no model, route or view: an empty field is left at its default
    # (each is a list, as ``_FACTS`` checked), which halves a warm scan's decoding.
    facts = FileFacts(path, module, settings_like=settings_like)
    if imports:
        local_names, sources, source_names = _columns(imports, _IMPORT)
        facts.imports = dict(
            zip(local_names, zip(sources, source_names, strict=True), strict=True)
        )
    if classes:
        facts.classes = tuple(_class(row) for row in _rows(classes, _CLASS))
    if defs:
        facts.definitions = list(zip(*_columns(defs, _NAMED_LINE), strict=True))
    if models:
        facts.models = [_model_class(path, row) for row in _rows(models, _MODEL)]
    if routes:
        facts.routes = [
            RouteSource(route, view, exempt_, path, line, where, include)
            for route, view, exempt_, line, where, include in _rows(routes, _ROUTE)
        ]
    if exempt:
        facts.exempt = [
            ExemptView(d, path, line, m) for d, line, m in _rows(exempt, _EXEMPT)
        ]
    if public:
        facts.public = [(d, line) for d, line in _rows(public, _NAMED_LINE)]
    if xframe:
        facts.xframe = [(d, line) for d, line in _rows(xframe, _NAMED_LINE)]
    if views:
        facts.views = [
            ObjectView(
                d, path, line, kind, model, _class(klass), exemption, api, lookup
            )
            for d, line, kind, model, klass, exemption, api, lookup in _rows(
                views, _VIEW
            )
        ]
    if static:
        facts.static = [StaticCall(*row) for row in _rows(static, _STATIC)]
    if debug:
        facts.debug_only = set(_ints(debug))
    if names:
        facts.method_names = {key: _strings(used) for key, used in names.items()}
    if identity_free:
        facts.identity_free = list(_strings(identity_free))
    if writers:
        facts.function_writers = [
            FunctionWriter(name, _strings(serializers), _strings(used))
            for name, serializers, used in _rows(writers, _WRITER)
        ]
    return facts
