"""The single pass: a text pre-filter, one ``ast.parse``, one walk pruned to the lines that matter.

Every rule is triggered by a name that must appear in the source text (a called function or
method, a decorator, ``objects`` in a manager chain, ``COOKIES``/``META`` in a test).
A file that mentions none of them cannot produce a rule finding: it is only parsed (so a syntax
error is still reported), never walked; in other files the walk only enters nodes whose line span
contains such a mention, which is where every trigger node lies.  ``exhaustive=True`` walks everything and exists to prove that equivalence in tests.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import warnings
from bisect import bisect_left
from collections.abc import Callable, Sequence

from django_chained.scan.findings import Finding
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import (
    AssignmentHandler,
    CallHandler,
    ClassHandler,
    DecisionHandler,
    FunctionHandler,
    Handlers,
)
from django_chained.scan.python.node_walk import child_nodes
from django_chained.scan.python.word_pattern import matching_lines, word_pattern


def rule_modules() -> dict[str, Handlers]:
    """Every module of this package defining ``HANDLERS``, by name: rules register by being written."""
    package = importlib.import_module(__package__ or "django_chained.scan.python")
    found: dict[str, Handlers] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        handlers = getattr(module, "HANDLERS", None)
        if isinstance(handlers, Handlers):
            found[info.name] = handlers
    return found


RULES = tuple(rule_modules().values())
CALL_HANDLERS: dict[str, tuple[CallHandler, ...]] = {}
for _rules in RULES:
    for _name, _handler in _rules.calls.items():
        CALL_HANDLERS[_name] = (*CALL_HANDLERS.get(_name, ()), _handler)
FUNCTION_HANDLERS: tuple[FunctionHandler, ...] = sum((r.functions for r in RULES), ())
CLASS_HANDLERS: tuple[ClassHandler, ...] = sum((r.classes for r in RULES), ())
DECISION_HANDLERS: tuple[DecisionHandler, ...] = sum((r.decisions for r in RULES), ())
ASSIGNMENT_HANDLERS: tuple[AssignmentHandler, ...] = sum(
    (r.assignments for r in RULES), ()
)
_NOT_TRIGGERS = frozenset().union(*(r.not_triggers for r in RULES))
TRIGGER_WORDS = frozenset(
    (set(CALL_HANDLERS) - _NOT_TRIGGERS).union(*(r.triggers for r in RULES))
)
TRIGGERS = word_pattern(TRIGGER_WORDS)


class _Walker:
    def __init__(self, ctx: FileContext, lines: Sequence[int] | None) -> None:
        self.ctx = ctx
        self.lines = lines
        self.last = lines[-1] if lines else 0

    def walk(self, tree: ast.AST) -> None:
        """Depth-first with an explicit stack, so deeply nested code (long elif chains) cannot overflow."""
        ctx = self.ctx
        lines = self.lines
        last = self.last
        # ``None`` marks the end of a function's subtree: leave its context. Each node goes with
        # the class whose body holds it, if any.
        stack: list[tuple[ast.AST, ast.ClassDef | None] | None] = [(tree, None)]
        push = stack.append
        while stack:
            item = stack.pop()
            if item is None:
                ctx.functions.pop()
                continue
            node, owner = item
            children_owner = None
            if isinstance(node, ast.Call):
                for handler in CALL_HANDLERS.get(ctx.called(node) or "", ()):
                    handler(node, ctx)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                info = ctx.enter(node, owner)
                for on_function in FUNCTION_HANDLERS:
                    on_function(node, ctx)
                ctx.functions.append(info)
                push(None)
            elif isinstance(node, ast.ClassDef):
                for on_class in CLASS_HANDLERS:
                    on_class(node, ctx)
                children_owner = node
            elif isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
                for on_decision in DECISION_HANDLERS:
                    on_decision(node, ctx)
            elif isinstance(node, ast.Assign):
                for on_assignment in ASSIGNMENT_HANDLERS:
                    on_assignment(node, ctx)
            for child in child_nodes(node):
                # Entered when its line span, decorators included, holds a trigger line.
                start = getattr(child, "lineno", None)
                if lines is not None and start is not None:
                    decorators = getattr(child, "decorator_list", None)
                    if decorators:
                        start = min(start, decorators[0].lineno)
                    end = getattr(child, "end_lineno", None) or start
                    if start > last or lines[bisect_left(lines, start)] > end:
                        continue
                push((child, children_owner))


def parse(text: str, path: str) -> ast.Module:
    """``ast.parse`` without the compiler's warnings (invalid escapes...): they are about the user's code, not ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=path)


#: Parses one file's source (``text``, ``path``); the standalone scan passes one that keeps the trees.
Parser = Callable[[str, str], ast.Module]


def scan_python(
    path: str, text: str, *, exhaustive: bool = False, parser: Parser = parse
) -> list[Finding]:
    """Findings of every Python rule in one file's source; raises ``SyntaxError``/``RecursionError``."""
    if "\r" in text:
        # Python reads ``\r\n`` and a lone ``\r`` as one line break; the lines below count ``\n``.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    aliases: dict[str, str] = {}
    lines = matching_lines(text, TRIGGERS, aliases)
    if aliases:
        # The local names too: a small expression of their own, not the whole set compiled again.
        lines = sorted({*lines, *matching_lines(text, word_pattern(aliases))})
    tree = parser(text, path)
    if not lines and not exhaustive:
        # Parsed all the same: a file that cannot be parsed is reported, whatever it mentions.
        return []
    ctx = FileContext(path, text, tree, aliases)
    _Walker(ctx, None if exhaustive else lines).walk(tree)
    return sorted(ctx.findings, key=lambda f: (f.line, f.id))
