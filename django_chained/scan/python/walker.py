"""The single pass: a text pre-filter, one ``ast.parse``, one walk pruned to the lines that matter.

Every rule is triggered by a name that must appear in the source text (a called function or
method, a decorator, ``objects`` in a manager chain, ``COOKIES``/``META`` in a test).
A file that mentions none of them cannot produce a finding and is not parsed; in a parsed file the
walk only enters nodes whose line span contains such a mention, which is where every trigger
node lies.  ``exhaustive=True`` walks everything and exists to prove that equivalence in tests.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence

from django_chained.scan.findings import Finding
from django_chained.scan.python import access, cookies, files, sql, xss
from django_chained.scan.python.context import FileContext, FunctionInfo

CallHandler = Callable[[ast.Call, FileContext], None]


def _merge(*tables: Mapping[str, CallHandler]) -> dict[str, tuple[CallHandler, ...]]:
    merged: dict[str, tuple[CallHandler, ...]] = {}
    for table in tables:
        for name, handler in table.items():
            merged[name] = (*merged.get(name, ()), handler)
    return merged


CALL_HANDLERS = _merge(sql.CALLS, xss.CALLS, cookies.CALLS, access.CALLS, files.CALLS)
_NOT_TRIGGERS = frozenset(
    {"get", "filter"}
)  # only count inside a manager chain: "objects"
TRIGGER_WORDS = frozenset(
    {
        *(set(CALL_HANDLERS) - _NOT_TRIGGERS),
        "html_safe",
        "objects",
        "_default_manager",
        "COOKIES",
        "META",
    }
)
_WORDS = "|".join(sorted(TRIGGER_WORDS))
TRIGGERS = re.compile(rf"\b(?:{_WORDS})\b")
_ALIASES = re.compile(rf"\b({_WORDS})\s+as\s+([A-Za-z_]\w*)")


def _trigger_lines(text: str, pattern: re.Pattern[str]) -> list[int]:
    lines: list[int] = []
    line, position = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


class _Walker:
    def __init__(self, ctx: FileContext, lines: Sequence[int] | None) -> None:
        self.ctx = ctx
        self.lines = lines
        self.last = lines[-1] if lines else 0

    def _relevant(self, node: ast.AST) -> bool:
        lines = self.lines
        if lines is None:
            return True
        start = getattr(node, "lineno", None)
        if start is None:
            return True
        decorators = getattr(node, "decorator_list", None)
        if decorators:
            start = min(start, decorators[0].lineno)
        if start > self.last:
            return False
        index = bisect_left(lines, start)
        end: int = getattr(node, "end_lineno", None) or start
        return lines[index] <= end

    def visit(self, node: ast.AST, in_class: bool = False) -> None:
        ctx = self.ctx
        if isinstance(node, ast.Call):
            for handler in CALL_HANDLERS.get(ctx.called(node) or "", ()):
                handler(node, ctx)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            xss.check_function(node, ctx)
            ctx.functions.append(FunctionInfo(node, ctx, in_class))
            self._children(node)
            ctx.functions.pop()
            return
        elif isinstance(node, ast.ClassDef):
            xss.check_class(node, ctx)
            self._children(node, in_class=True)
            return
        elif isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
            access.check_decision(node, ctx)
        self._children(node)

    def _children(self, node: ast.AST, in_class: bool = False) -> None:
        for child in ast.iter_child_nodes(node):
            if self._relevant(child):
                self.visit(child, in_class)


def scan_python(path: str, text: str, *, exhaustive: bool = False) -> list[Finding]:
    """Findings of every Python rule in one file's source; raises ``SyntaxError``/``RecursionError``."""
    aliases = {local: name for name, local in _ALIASES.findall(text)}
    pattern = TRIGGERS
    if aliases:
        extra = "|".join(map(re.escape, aliases))
        pattern = re.compile(rf"\b(?:{_WORDS}|{extra})\b")
    lines = _trigger_lines(text, pattern)
    if not lines and not exhaustive:
        return []
    tree = ast.parse(text, filename=path)
    ctx = FileContext(path, text, tree, aliases)
    _Walker(ctx, None if exhaustive else lines).visit(tree)
    return sorted(ctx.findings, key=lambda f: (f.line, f.id))
