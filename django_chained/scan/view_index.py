"""Which views render a template, and which model fields hold text: read from the project's Python.

Only syntax is read (nothing imported): classes with a literal ``template_name``, functions calling
``render()``/``TemplateResponse()``/``render_to_string()`` with a literal template name, the classes'
bases by simple name, and the fields declared in class bodies (``name = models.XField(...)``).
Each module is read into plain ``ModuleViews`` (cacheable with the file); what a function does with
names (``FunctionFacts``) is read only for the functions a judgement follows, from ``load_facts``.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django_chained.scan.function_facts import RENDER_CALLS, FunctionFacts
from django_chained.scan.plain_expr import call_name
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.word_pattern import matching_lines

#: Field classes holding long free text, where markup is commonly typed (``TextField``, ``RichTextField``).
LONG_TEXT_SUFFIX = "TextField"
#: Field classes holding text of any length.
TEXT_SUFFIXES = ("TextField", "CharField", "SlugField", "EmailField", "URLField")
#: Field classes whose value is a number, a flag or a date: it cannot carry markup.
PLAIN_WORDS = (
    "Integer", "Boolean", "Date", "Time", "Decimal", "Float", "Duration", "UUID", "AutoField",
)  # fmt: skip


@dataclass(frozen=True)
class FunctionRef:
    """A function of a module, found again in its tree by where its ``def`` starts."""

    path: str
    name: str
    line: int
    column: int


@dataclass(frozen=True)
class ClassViews:
    name: str
    bases: tuple[str, ...]
    """Each base's simple name (``DetailView`` for ``generic.DetailView``)."""
    methods: tuple[FunctionRef, ...]
    templates: tuple[str, ...]
    """Literal ``template_name`` values."""
    fields: tuple[tuple[str, str], ...]
    """``(name, called name)`` of each ``name = Call(...)`` in the body."""


@dataclass(frozen=True)
class ModuleViews:
    """A module's classes (nested ones too) and its functions rendering templates by name."""

    classes: tuple[ClassViews, ...] = ()
    renderers: tuple[tuple[tuple[str, ...], FunctionRef], ...] = ()
    """``(template names, function)`` of each function with a render call naming templates."""


Function = ast.FunctionDef | ast.AsyncFunctionDef


def _ref(path: str, node: Function) -> FunctionRef:
    return FunctionRef(path, node.name, node.lineno, node.col_offset)


def read_module(
    tree: ast.Module, path: str, render_lines: Sequence[int] | None = None
) -> ModuleViews:
    """The module's classes and functions (at module level and in class bodies).

    ``render_lines``: the sorted numbers of the lines naming a render call (``render_lines``); a
    function spanning none of them is not searched. ``None`` searches every function.
    """
    classes: list[ClassViews] = []
    renderers: list[tuple[tuple[str, ...], FunctionRef]] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.ClassDef):
            classes.append(_class(node, path))
            pending += node.body
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            render_lines is None or _spans_one(node, render_lines)
        ):
            templates = _rendered_templates(node)
            if templates:
                renderers.append((tuple(sorted(templates)), _ref(path, node)))
    return ModuleViews(tuple(classes), tuple(renderers))


_RENDER_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(RENDER_CALLS))})\b", re.ASCII)


def render_lines(text: str) -> list[int]:
    """The numbers of the lines of ``text`` naming a render call, as ``read_module`` takes them."""
    return matching_lines(text, _RENDER_WORDS)


def _spans_one(node: Function, lines: Sequence[int]) -> bool:
    """Whether one of ``lines`` lies within the function, its decorators included."""
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    index = bisect_left(lines, start)
    return index < len(lines) and lines[index] <= (node.end_lineno or node.lineno)


def _class(node: ast.ClassDef, path: str) -> ClassViews:
    templates: list[str] = []
    fields: list[tuple[str, str]] = []
    for statement in node.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target, value = statement.targets[0], statement.value
        if not isinstance(target, ast.Name):
            continue
        template = _text(value)
        if target.id == "template_name" and template is not None:
            templates.append(template)
        elif isinstance(value, ast.Call):
            fields.append((target.id, call_name(value)))
    methods = tuple(
        _ref(path, s)
        for s in node.body
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
    )
    return ClassViews(
        node.name, _base_names(node), methods, tuple(templates), tuple(fields)
    )


@dataclass
class ViewIndex:
    """What the scan knows about views and models of the project."""

    load_facts: Callable[[FunctionRef], FunctionFacts]
    """Reads what a function does with names, when a judgement first follows it."""
    classes: dict[str, list[ClassViews]] = field(
        default_factory=lambda: defaultdict(list)
    )
    class_templates: dict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    """Template name → names of the classes whose ``template_name`` it is."""
    function_templates: dict[str, list[FunctionRef]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """Template name → the functions rendering it with a render call."""
    long_text_fields: set[str] = field(default_factory=set)
    text_fields: set[str] = field(default_factory=set)
    plain_fields: set[str] = field(default_factory=set)
    _facts: dict[FunctionRef, FunctionFacts] = field(default_factory=dict)
    _children: dict[str, set[str]] | None = None

    def facts(self, function: FunctionRef) -> FunctionFacts:
        """What ``function`` does with names, read once."""
        known = self._facts.get(function)
        if known is None:
            known = self._facts[function] = self.load_facts(function)
        return known

    def add_module(self, module: ModuleViews) -> None:
        for klass in module.classes:
            self.classes[klass.name].append(klass)
            for template in klass.templates:
                self.class_templates[template].add(klass.name)
            for name, kind in klass.fields:
                self._add_field(name, kind)
        for templates, function in module.renderers:
            for name in templates:
                self.function_templates[name].append(function)

    def _add_field(self, name: str, kind: str) -> None:
        if not kind.endswith("Field"):
            return
        if kind.endswith(LONG_TEXT_SUFFIX):
            self.long_text_fields.add(name)
        if kind.endswith(TEXT_SUFFIXES):
            self.text_fields.add(name)
        elif any(word in kind for word in PLAIN_WORDS):
            self.plain_fields.add(name)

    def holds_plain_value(self, attribute: str) -> bool:
        """A field name only ever declared as a number, flag or date field."""
        return attribute in self.plain_fields and attribute not in self.text_fields

    def related_classes(self, class_names: Iterable[str]) -> set[str]:
        """The classes, their subclasses, and the bases of all these, by simple name across the project.

        A subclass inherits the ``template_name`` and adds its own context; a base (a mixin) adds
        context to the classes using it, not to its other subclasses.
        """
        if self._children is None:
            self._children = defaultdict(set)
            for name, defined in self.classes.items():
                for klass in defined:
                    for base in klass.bases:
                        self._children[base].add(name)
        found = _closure(class_names, lambda name: self._children_of(name))
        return _closure(found, self._bases_of)

    def _children_of(self, name: str) -> Iterable[str]:
        return self._children.get(name, ()) if self._children is not None else ()

    def _bases_of(self, name: str) -> Iterable[str]:
        return [
            base
            for klass in self.classes.get(name, ())
            for base in klass.bases
            if base in self.classes
        ]

    def methods(self, class_names: Iterable[str], name: str) -> Iterator[FunctionRef]:
        """Every definition of method ``name`` in the classes."""
        for method in self.all_methods(class_names):
            if method.name == name:
                yield method

    def all_methods(self, class_names: Iterable[str]) -> Iterator[FunctionRef]:
        for class_name in class_names:
            for klass in self.classes.get(class_name, ()):
                yield from klass.methods


def _text(node: ast.expr) -> str | None:
    """The value of a string literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _closure(start: Iterable[str], step: Callable[[str], Iterable[str]]) -> set[str]:
    """``start`` and everything reached from it by ``step``."""
    found = set(start)
    pending = list(found)
    while pending:
        for name in step(pending.pop()):
            if name not in found:
                found.add(name)
                pending.append(name)
    return found


def _base_names(node: ast.ClassDef) -> tuple[str, ...]:
    names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
    return tuple(names)


def _rendered_templates(function: Function) -> set[str]:
    names: set[str] = set()
    for node in every_node(function):
        if isinstance(node, ast.Call) and call_name(node) in RENDER_CALLS:
            values = [*node.args[:2]]
            values += [
                k.value for k in node.keywords if k.arg in ("template", "template_name")
            ]
            names.update(name for name in map(_text, values) if name is not None)
    return names


def find_function(tree: ast.Module, ref: FunctionRef) -> Function | None:
    """The function ``ref`` names in ``tree`` (module level or in a class body, nested classes too)."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.ClassDef):
            pending += node.body
        elif (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name == ref.name
            and (node.lineno, node.col_offset) == (ref.line, ref.column)
        ):
            return node
    return None
