"""Which views render a template, and which model fields hold text: read from the project's Python.

Only syntax is read (nothing imported): classes with a literal ``template_name``, functions calling
``render()``/``TemplateResponse()``/``render_to_string()`` with a literal template name, the classes'
bases by simple name, and the fields declared in class bodies (``name = models.XField(...)``).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django_chained.scan.function_facts import (
    RENDER_CALLS,
    FunctionFacts,
    call_name,
    read_function,
)

#: Field classes holding long free text, where markup is commonly typed (``TextField``, ``RichTextField``).
LONG_TEXT_SUFFIX = "TextField"
#: Field classes holding text of any length.
TEXT_SUFFIXES = ("TextField", "CharField", "SlugField", "EmailField", "URLField")
#: Field classes whose value is a number, a flag or a date: it cannot carry markup.
PLAIN_WORDS = (
    "Integer", "Boolean", "Date", "Time", "Decimal", "Float", "Duration", "UUID", "AutoField",
)  # fmt: skip


@dataclass
class ViewIndex:
    """What the scan knows about views and models of the project."""

    classes: dict[str, list[ast.ClassDef]] = field(
        default_factory=lambda: defaultdict(list)
    )
    class_templates: dict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    """Template name → names of the classes whose ``template_name`` it is."""
    function_templates: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """Template name → the functions rendering it with a render call."""
    long_text_fields: set[str] = field(default_factory=set)
    text_fields: set[str] = field(default_factory=set)
    plain_fields: set[str] = field(default_factory=set)
    _facts: dict[int, FunctionFacts] = field(default_factory=dict)
    _children: dict[str, set[str]] | None = None

    def facts(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> FunctionFacts:
        """What ``function`` does with names, read once (the index keeps every function alive)."""
        known = self._facts.get(id(function))
        if known is None:
            known = self._facts[id(function)] = read_function(function)
        return known

    def add_module(self, tree: ast.Module, renders: bool = True) -> None:
        """Index the module's classes and functions (at module level and in class bodies).

        ``renders=False`` says the module's text names no render call, so its functions are not searched.
        """
        pending: list[ast.stmt] = list(tree.body)
        while pending:
            node = pending.pop()
            if isinstance(node, ast.ClassDef):
                self._add_class(node)
                pending += node.body
            elif renders and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for name in _rendered_templates(node):
                    self.function_templates[name].append(node)

    def _add_class(self, node: ast.ClassDef) -> None:
        self.classes[node.name].append(node)
        for statement in node.body:
            if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
                continue
            target, value = statement.targets[0], statement.value
            if not isinstance(target, ast.Name):
                continue
            template = _text(value)
            if target.id == "template_name" and template is not None:
                self.class_templates[template].add(node.name)
            elif isinstance(value, ast.Call):
                self._add_field(target.id, call_name(value))

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
            for name, nodes in self.classes.items():
                for node in nodes:
                    for base in _base_names(node):
                        self._children[base].add(name)
        found = _closure(class_names, lambda name: self._children_of(name))
        return _closure(found, self._bases_of)

    def _children_of(self, name: str) -> Iterable[str]:
        return self._children.get(name, ()) if self._children is not None else ()

    def _bases_of(self, name: str) -> Iterable[str]:
        return [
            base
            for node in self.classes.get(name, ())
            for base in _base_names(node)
            if base in self.classes
        ]

    def methods(
        self, class_names: Iterable[str], name: str
    ) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        """Every definition of method ``name`` in the classes."""
        for class_name in class_names:
            for node in self.classes.get(class_name, ()):
                for statement in node.body:
                    if (
                        isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
                        and statement.name == name
                    ):
                        yield statement

    def all_methods(
        self, class_names: Iterable[str]
    ) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        for class_name in class_names:
            for node in self.classes.get(class_name, ()):
                for statement in node.body:
                    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                        yield statement


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


def _base_names(node: ast.ClassDef) -> list[str]:
    names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
    return names


def _rendered_templates(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and call_name(node) in RENDER_CALLS:
            values = [*node.args[:2]]
            values += [
                k.value for k in node.keywords if k.arg in ("template", "template_name")
            ]
            names.update(name for name in map(_text, values) if name is not None)
    return names
