"""The project-wide pass that decides each ``|safe`` finding (W330): a warning, an I333, or nothing.

A template's own tokens cannot say where a variable comes from. This pass follows it to the views
that render the template (a class's ``template_name``, a ``render()`` call) and, through the
templates extending or including it, to theirs; an ``{% include … with x=… %}`` binding is judged
where it is written (a literal, a name the includer bound to escaped output, or the includer's own
variable). ``W330`` stays where the value carries visitor-controlled text (``context_values``), or
where the template reads a free-text model field (``obj.description``); a value every source builds
from constants is not reported; anything the scan cannot decide becomes ``I333``.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django_chained.scan.cache import ContentKey
from django_chained.scan.context_values import ContextTracer, Evidence, combine
from django_chained.scan.findings import Finding
from django_chained.scan.function_facts import (
    RENDER_CALLS,
    FunctionFacts,
    read_function,
)
from django_chained.scan.suppress import apply_suppressions, template_comments
from django_chained.scan.template_attributes import W308, drop_plain_fields
from django_chained.scan.template_escaping_findings import i333
from django_chained.scan.template_expressions import parse_expression
from django_chained.scan.template_references import (
    Reference,
    references,
    template_name,
)
from django_chained.scan.templates import ESCAPING_FILTERS, SafeUse, safe_uses
from django_chained.scan.view_index import (
    FunctionRef,
    ModuleViews,
    ViewIndex,
    find_function,
    read_module,
    render_lines,
)
from django_chained.scan.views_cache import MISSING, ViewsCache
from django_chained.untrusted_files import read_regular_file

W330 = "django_chained.W330"
#: Python files worth parsing: they may declare a view, a render call or a model field.
PYTHON_HINTS = ("template_name", "render", "Field(", "get_context_data")
RENDERS = re.compile(rf"\b(?:{'|'.join(sorted(RENDER_CALLS))})\(", re.ASCII)


class _Project:
    """The views, models and template references of the scanned files, and what was judged."""

    def __init__(
        self,
        python_files: Iterable[str],
        template_files: Iterable[str],
        max_bytes: int,
        trees: Mapping[str, ast.Module],
        cache: Cached | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.trees = dict(trees)
        self.cache = cache
        self.index = ViewIndex(self._function_facts)
        for path in python_files:
            content = cache.contents.get(path) if cache else None
            module = (
                cache.store.module(path, content)
                if cache is not None and content is not None
                else MISSING
            )
            if module is MISSING:
                module = self._read_module(path)
                if cache is not None and content is not None:
                    cache.store.put_module(path, content, module)
            if isinstance(module, ModuleViews):
                self.index.add_module(module)
        self.paths: dict[str, list[str]] = defaultdict(list)
        self.referrers: dict[str, list[tuple[str, Reference]]] = defaultdict(list)
        for path in template_files:
            found = self._references(path)
            if found is None:
                continue
            name = template_name(path)
            self.paths[name].append(path)
            for reference in found:
                self.referrers[reference.target].append((name, reference))
        self._sources: dict[tuple[str, str], Evidence | None] = {}
        self._captured: dict[str, frozenset[str]] = {}

    def _references(self, path: str) -> list[Reference] | None:
        """The template's extends and includes: from the cache, else tokenized; ``None`` if unreadable."""
        content = self.cache.contents.get(path) if self.cache else None
        if self.cache is not None and content is not None:
            known = self.cache.store.references(path, content)
            if known is not None:
                return known
        text = _read_text(path, self.max_bytes)
        found = None if text is None else references(text)
        if self.cache is not None and content is not None and found is not None:
            self.cache.store.put_references(path, content, found)
        return found

    def _read_module(self, path: str) -> ModuleViews | None:
        return module_views(path, _read_text(path, self.max_bytes), self._tree)

    def _tree(self, path: str, text: str | None = None) -> ast.Module | None:
        tree = self.trees.get(path)
        if tree is None:
            if text is None:
                text = _read_text(path, self.max_bytes)
            if text is None:
                return None
            try:
                tree = self.trees[path] = ast.parse(text, filename=path)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None  # the per-file scan already reported it
        return tree

    def _function_facts(self, ref: FunctionRef) -> FunctionFacts:
        """What the function does with names: from the cache, else read from its file's tree."""
        cache = self.cache
        content = cache.contents.get(ref.path) if cache else None
        if cache is not None and content is not None:
            known = cache.store.facts(ref, content)
            if known is not None:
                return known
        tree = self._tree(ref.path)
        node = find_function(tree, ref) if tree is not None else None
        facts = read_function(node) if node is not None else FunctionFacts()
        if cache is not None and content is not None:
            cache.store.put_facts(ref, content, facts)
        return facts

    def evidence(self, template: str, variable: str) -> Evidence:
        """What reaches ``variable`` (dotted) in the template named ``template``."""
        first, *rest = variable.split(".")
        traced = self._source(template, first)
        if traced is Evidence.RISKY:
            return traced
        attributes = [part for part in rest if not part.isdigit()]
        if attributes and attributes[-1] in self.index.long_text_fields:
            return Evidence.RISKY  # a free-text model field, which users commonly fill
        if traced is Evidence.CONSTANT and not rest:
            return traced
        return Evidence.UNKNOWN

    def _source(self, template: str, name: str) -> Evidence | None:
        """What reaches context variable ``name`` of ``template`` along every way it is rendered.

        The ways are the views rendering it and the templates extending or including it. A way that
        says nothing of ``name`` counts as unknown, so only a value constant on every way is
        constant; ``None`` when the template is rendered no way the scan can see.
        """
        key = (template, name)
        if key in self._sources:
            return self._sources[key]  # judged, or being judged higher up a cycle
        self._sources[key] = None
        ways: list[Evidence | None] = []
        if (
            template in self.index.class_templates
            or template in self.index.function_templates
        ):
            ways.append(self._views(template).value_of(name))
        for referrer, reference in self.referrers.get(template, ()):
            bound = dict(reference.bindings)
            if name in bound:
                ways.append(self._binding(referrer, bound[name]))
            elif reference.only:
                continue  # the include passes nothing else: the variable is empty there
            elif name in self._captured_in(referrer):
                ways.append(
                    Evidence.CONSTANT
                )  # {% blocktrans asvar name %} before the include
            else:
                ways.append(self._source(referrer, name))
        result = (
            combine(Evidence.UNKNOWN if way is None else way for way in ways)
            if ways
            else None
        )
        self._sources[key] = result
        return result

    def _views(self, template: str) -> ContextTracer:
        classes = self.index.class_templates.get(template, set())
        functions = self.index.function_templates.get(template, [])
        return ContextTracer(self.index, self.index.related_classes(classes), functions)

    def _binding(self, referrer: str, value: str) -> Evidence:
        """``{% include … with x=value %}`` written in the template named ``referrer``."""
        expression = parse_expression(value)
        if expression is None or expression.variable is None:
            return Evidence.CONSTANT if expression is not None else Evidence.UNKNOWN
        if ESCAPING_FILTERS.intersection(expression.filters) and not expression.joined:
            return Evidence.CONSTANT
        variables = (expression.variable, *expression.joined)
        captured = self._captured_in(referrer)
        return combine(
            Evidence.CONSTANT if v in captured else self.evidence(referrer, v)
            for v in variables
        )

    def _captured_in(self, template: str) -> frozenset[str]:
        if template not in self._captured:
            names: set[str] = set()
            for path in self.paths.get(template, ()):
                text = _read_text(path, self.max_bytes)
                if text is not None:
                    names.update(safe_uses(text, path)[1])
            self._captured[template] = frozenset(names)
        return self._captured[template]


@dataclass(frozen=True)
class Cached:
    """The pass's cache and the content key of each file the engine read."""

    store: ViewsCache
    contents: Mapping[str, ContentKey]


def judge_safe_filters(
    findings: Iterable[Finding],
    python_files: Iterable[str],
    template_files: Iterable[str],
    max_bytes: int,
    trees: Mapping[str, ast.Module] | None = None,
    cache: Cached | None = None,
) -> list[Finding]:
    """``findings`` with each ``W330`` kept, turned into ``I333``, or dropped, and each ``W308`` on a
    number, flag or date field dropped.

    ``trees`` holds the syntax trees already parsed, by path: those files are not parsed again; with
    ``cache``, neither are unchanged files whose classes and functions it holds.
    """
    findings = list(findings)
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.id == W330:
            by_path[finding.path].append(finding)
    if not by_path and all(finding.id != W308 for finding in findings):
        return findings
    project = _Project(python_files, template_files, max_bytes, trees or {}, cache)
    findings = drop_plain_fields(findings, project.index)
    judged: dict[str, list[Finding]] = {}
    for path, found in by_path.items():
        text = _read_text(path, max_bytes)
        if text is not None:
            judged[path] = _judge_template(project, path, text, found)
    result = [f for f in findings if f.id != W330 or f.path not in judged]
    for found in judged.values():
        result += found
    return result


def _judge_template(
    project: _Project, path: str, text: str, found: list[Finding]
) -> list[Finding]:
    line_uses: dict[int, list[SafeUse]] = defaultdict(list)
    for safe_use in safe_uses(text, path)[0]:
        line_uses[safe_use.line].append(safe_use)
    result = []
    for finding in found:
        candidates = line_uses.get(finding.line, [])
        use = candidates.pop(0) if candidates else None
        if use is None:  # the file changed since the per-file scan
            result.append(finding)
            continue
        try:
            evidence = project.evidence(template_name(path), use.variable)
        except (
            RecursionError
        ):  # templates including each other deeper than Python's stack
            evidence = Evidence.UNKNOWN
        if evidence is Evidence.RISKY:
            result.append(finding)
        elif evidence is Evidence.UNKNOWN:
            result.append(i333(finding, use.variable, use.filter_name, use.in_script))
    # A W330 accepted inline stays accepted as the I333 it became; an I333 may be accepted as such.
    comments = template_comments(text)
    return [
        apply_suppressions([f], comments)[0]
        if f.id == "django_chained.I333" and f.suppressed_reason is None
        else f
        for f in result
    ]


def module_views(
    path: str, text: str | None, tree: Callable[[str, str], ast.Module | None]
) -> ModuleViews | None:
    """The classes and render calls of one Python file (``text``), parsed by ``tree(path, text)`` only when it names a hint."""
    if text is None or not any(hint in text for hint in PYTHON_HINTS):
        return None
    module = tree(path, text)
    if module is None:
        return None
    renders = RENDERS.search(text) is not None
    return read_module(module, path, render_lines(text) if renders else [])


def _read_text(path: str, max_bytes: int) -> str | None:
    try:
        return read_regular_file(path, max_bytes).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # the per-file scan already reported it
