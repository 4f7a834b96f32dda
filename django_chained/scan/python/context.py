"""What a rule may ask about the code around a node: the file, its names, and the enclosing function."""

from __future__ import annotations

import ast
import re
from functools import cached_property

from django_chained.scan.findings import Finding
from django_chained.scan.python.function_info import FunctionInfo, FunctionNode
from django_chained.scan.python.remembered import Remembers
from django_chained.scan.python.syntax import call_name, reported_end, target_names
from django_chained.scan.rule import Rule

#: Separators ``str.splitlines`` breaks at but Python's tokenizer does not (a form feed is blank space).
_NOT_LINE_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` numbered as ``ast`` numbers them."""
    if _NOT_LINE_BREAKS.search(text) is None:
        return text.splitlines()
    return _LINE_BREAKS.split(text)


class FileContext(Remembers):
    """One Python file being scanned: its lines, module constants, import aliases and findings."""

    def __init__(
        self, path: str, text: str, tree: ast.Module, aliases: dict[str, str]
    ) -> None:
        super().__init__()
        self.path = path
        self.text = text
        self.lines = source_lines(text)
        self.tree = tree
        self.aliases = aliases
        """Local name -> the name it was imported as (``ms`` -> ``mark_safe``)."""
        self.findings: list[Finding] = []
        self.functions: list[FunctionInfo] = []
        self._infos: dict[int, FunctionInfo] = {}
        self.constant_returns: dict[tuple[str, frozenset[str]], bool] = {}
        """Module-level functions already judged: does each return constant text (per safe-call set)?"""

    def function_info(self, node: FunctionNode) -> FunctionInfo:
        """The facts of ``node``, one instance shared by every rule (the walk's, once it entered it)."""
        info = self._infos.get(id(node))
        if info is None:
            info = FunctionInfo(node, self, in_class=id(node) in self.class_of)
            self._infos[id(node)] = info
        return info

    def enter(self, node: FunctionNode, owner: ast.ClassDef | None) -> FunctionInfo:
        """The walk reached ``node``, held by the body of ``owner`` (a class) or not: its facts."""
        info = self._infos[id(node)] = FunctionInfo.of_walk(node, self, owner)
        return info

    @property
    def function(self) -> FunctionInfo | None:
        return self.functions[-1] if self.functions else None

    def mentions(self, node: ast.stmt, *texts: str) -> bool:
        """Whether a line of ``node`` holds one of ``texts``: a function handler's cheap first test.

        The pre-filter lets a file through when any line names any rule's word, so a handler run on
        every function of the file looks at the function's own lines before walking it.
        """
        # One string searched at C speed: a word cannot straddle the line breaks joined in.
        lines = "\n".join(self.lines[node.lineno - 1 : node.end_lineno or node.lineno])
        return any(text in lines for text in texts)

    @cached_property
    def imported_as(self) -> dict[str, str]:
        """Every ``from m import Name as alias`` of the module: alias -> ``Name``."""
        return {
            alias.asname: alias.name
            for stmt in self.tree.body
            if isinstance(stmt, ast.ImportFrom)
            for alias in stmt.names
            if alias.asname
        }

    @cached_property
    def module_assignments(self) -> dict[str, list[ast.expr]]:
        bound: dict[str, list[ast.expr]] = {}
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    for name in target_names(target):
                        bound.setdefault(name, []).append(stmt.value)
        return bound

    @cached_property
    def class_of(self) -> dict[int, ast.ClassDef]:
        """The class each method belongs to, by ``id()`` of its function node (classes nested anywhere)."""
        owners: dict[int, ast.ClassDef] = {}
        stack: list[ast.stmt] = list(self.tree.body)
        while stack:
            stmt = stack.pop()
            if isinstance(stmt, ast.ClassDef):
                for child in stmt.body:
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        owners[id(child)] = stmt
            for field in ("body", "orelse", "finalbody"):
                stack.extend(getattr(stmt, field, ()))
            for handler in getattr(stmt, "handlers", ()):
                stack.extend(handler.body)
        return owners

    @cached_property
    def module_functions(self) -> dict[str, FunctionNode]:
        """Functions defined at module level, by name (a redefinition wins, as at run time)."""
        return {
            stmt.name: stmt
            for stmt in self.tree.body
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))
        }

    def assignments_of(self, name: str) -> list[ast.expr]:
        """Values bound to ``name`` in the enclosing function, else at module level."""
        function = self.function
        if function is not None and name in function.assignments:
            return function.assignments[name]
        return self.module_assignments.get(name, [])

    def assignments_reaching(self, use: ast.Name) -> list[ast.expr]:
        """Values bound to the name that ``use`` may read: an assignment further down the function
        only counts inside a loop around both."""
        values = self.assignments_of(use.id)
        function = self.function
        if function is None or use.id not in function.assignments:
            return values
        return [value for value in values if function.may_reach(value, use)]

    def canonical(self, name: str | None) -> str | None:
        return self.aliases.get(name, name) if name is not None else None

    def called(self, call: ast.Call) -> str | None:
        return self.canonical(call_name(call))

    def report(
        self,
        rule: Rule,
        node: ast.AST,
        *,
        subject: str | None = None,
        **details: object,
    ) -> None:
        line = getattr(node, "lineno", 1)
        finding = rule.at(
            self.path, line, end_line=reported_end(node), subject=subject, **details
        )
        self.findings.append(finding)

    def tainted(self, node: ast.expr) -> bool:
        function = self.function
        if function is None:
            return False
        return function.tainted(node)

    def client_chosen(self, node: ast.expr) -> bool:
        function = self.function
        return function is not None and function.client_chosen(node)
