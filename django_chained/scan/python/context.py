"""What a rule may ask about the code around a node: the file, the enclosing function, its names."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cached_property

from django_chained.scan.findings import Finding
from django_chained.scan.rule import Rule

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

#: Attributes of ``request`` that carry what the client sent.
REQUEST_DATA = frozenset(
    {
        "GET",
        "POST",
        "COOKIES",
        "META",
        "FILES",
        "headers",
        "body",
        "data",
        "query_params",
        "content_params",
        "path",
        "path_info",
    }
)
#: Calls whose result no longer carries the client's choice of path or markup.
SANITIZERS = frozenset(
    {
        "safe_join",
        "basename",
        "get_valid_filename",
        "slugify",
        "uuid4",
        "escape",
        "conditional_escape",
        "int",
        "float",
        "bool",
        "len",
    }
)
#: Class-based view methods that fetch objects for a request without taking it as a parameter.
_FETCHING_METHODS = frozenset({"get_object", "get_queryset"})
#: List and set methods that add one element (the last argument), by their argument count.
_GROWERS = {"append": 1, "add": 1, "insert": 2}
_USER_REFERENCE = re.compile(r"\brequest\.user\b|\bself\.request\.user\b")
_MAX_TAINT_ROUNDS = 6
_FETCH_CALLS = frozenset({"get_object_or_404", "get_list_or_404", "get_object"})
_MANAGERS = frozenset({"objects", "_default_manager"})


def call_name(call: ast.Call) -> str | None:
    """The called name: ``f`` for ``f(...)`` and ``x.y.f(...)``."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


#: Fields of compound statements that hold their body: not part of the reported header.
_BODIES = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})


def reported_end(node: ast.AST) -> int | None:
    """The last line of what a finding at ``node`` points at, for inline suppression.

    An expression (a call over several lines) ends where it ends; an ``if``/``while`` ends with its
    test, so a comment in its body does not accept a finding about the condition.
    """
    end: int | None = getattr(node, "end_lineno", None)
    if not isinstance(node, ast.stmt) or not hasattr(node, "body"):
        return end
    ends: list[int] = [
        getattr(child, "end_lineno", None) or node.lineno
        for name, value in ast.iter_fields(node)
        if name not in _BODIES
        for child in (value if isinstance(value, list) else [value])
        if isinstance(child, ast.AST)
    ]
    return max([node.lineno, *ends])


def is_fetch(call: ast.Call) -> bool:
    """A database fetch: ``get_object_or_404()``, ``self.get_object()``, or a call on a manager chain."""
    if call_name(call) in _FETCH_CALLS:
        return True
    node: ast.expr = call.func
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Call):
            node = node.func
            continue
        if node.attr in _MANAGERS:
            return True
        node = node.value
    return False


def is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement of a body, nested blocks included, nested functions and classes not."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            stack.extend(reversed(getattr(stmt, field, ())))
        for handler in getattr(stmt, "handlers", ()):
            stack.extend(reversed(handler.body))
        for case in getattr(stmt, "cases", ()):
            stack.extend(reversed(case.body))


def _target_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def assignments_in(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """Each name bound by an assignment, ``for``, ``with`` or ``append``/``extend`` in a body, with its values."""
    bound: dict[str, list[ast.expr]] = {}
    for stmt in statements(body):
        pairs: list[tuple[ast.expr, ast.expr]] = []
        if isinstance(stmt, ast.Assign):
            pairs = [(target, stmt.value) for target in stmt.targets]
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            pairs = [(stmt.target, stmt.value)]
        elif isinstance(stmt, ast.AugAssign):
            # ``sql += x`` binds ``sql + x``; its position is the statement's.
            combined = ast.BinOp(left=stmt.target, op=stmt.op, right=stmt.value)
            pairs = [(stmt.target, ast.copy_location(combined, stmt))]
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            pairs = [(stmt.target, stmt.iter)]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            pairs = [
                (item.optional_vars, item.context_expr)
                for item in stmt.items
                if item.optional_vars is not None
            ]
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            pairs = _collection_growth(stmt.value)
        for target, value in pairs:
            for name in _target_names(target):
                bound.setdefault(name, []).append(value)
    return bound


def _collection_growth(call: ast.Call) -> list[tuple[ast.expr, ast.expr]]:
    """``items.append(x)`` (``add``, ``insert``) binds ``[x]`` to ``items``; ``items.extend(xs)`` binds ``xs``."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return []
    arguments = call.args
    if func.attr in _GROWERS and len(arguments) == _GROWERS[func.attr]:
        element = arguments[-1]
        grown = ast.copy_location(ast.List(elts=[element], ctx=ast.Load()), element)
        return [(func.value, grown)]
    if func.attr == "extend" and len(arguments) == 1:
        return [(func.value, arguments[0])]
    return []


class FunctionInfo:
    """The function enclosing a node, with lazily computed facts about its names."""

    def __init__(self, node: FunctionNode, file: FileContext, in_class: bool) -> None:
        self.node = node
        self.file = file
        args = node.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)]
        if in_class and positional and positional[0] in ("self", "cls"):
            positional = positional[1:]
        self.request_name: str | None = (
            positional[0] if positional and positional[0] == "request" else None
        )
        # A class-based view's own fetch (the 2xx audit trusts such overrides) reads self.kwargs.
        self.is_view = self.request_name is not None or (
            in_class and node.name in _FETCHING_METHODS
        )
        # A view's other parameters are URL kwargs: chosen by whoever sends the request.
        self.url_kwargs: frozenset[str] = frozenset()
        if self.request_name is not None:
            names = [*positional[1:], *(a.arg for a in args.kwonlyargs)]
            if args.vararg is not None:
                names.append(args.vararg.arg)
            if args.kwarg is not None:
                names.append(args.kwarg.arg)
            self.url_kwargs = frozenset(names)

    @cached_property
    def assignments(self) -> dict[str, list[ast.expr]]:
        return assignments_in(self.node.body)

    @cached_property
    def decorator_names(self) -> frozenset[str]:
        names = set()
        for decorator in self.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Name):
                names.add(target.id)
            elif isinstance(target, ast.Attribute):
                names.add(target.attr)
        return frozenset(names)

    @cached_property
    def mentions_request_user(self) -> bool:
        start = self.node.lineno - 1
        end = self.node.end_lineno or self.node.lineno
        return any(_USER_REFERENCE.search(line) for line in self.file.lines[start:end])

    @cached_property
    def tainted_names(self) -> frozenset[str]:
        """Local names holding request data or URL kwargs, followed through assignments."""
        return self._closure(stop_at_fetch=False)

    @cached_property
    def chosen_names(self) -> frozenset[str]:
        """Like ``tainted_names``, but an object fetched from the database by a client's key is not the client's text."""
        return self._closure(stop_at_fetch=True)

    def _closure(self, *, stop_at_fetch: bool) -> frozenset[str]:
        names = set(self.url_kwargs)
        for _ in range(_MAX_TAINT_ROUNDS):
            grew = False
            for name, values in self.assignments.items():
                if name not in names and any(
                    self._tainted(value, names, stop_at_fetch) for value in values
                ):
                    names.add(name)
                    grew = True
            if not grew:
                break
        return frozenset(names)

    def is_request(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id == (self.request_name or "request")
        return (
            isinstance(node, ast.Attribute)
            and node.attr == "request"
            and is_self(node.value)
        )

    def tainted(self, node: ast.expr) -> bool:
        """Whether the expression carries request data or a URL kwarg (sanitizer calls stop it)."""
        return self._tainted(node, self.tainted_names)

    def client_chosen(self, node: ast.expr) -> bool:
        """Whether the expression carries text the client wrote (a path, a name), not a row it picked.

        ``get_object_or_404(Doc, pk=pk).file.path`` was chosen by the storage when the file was
        saved: the client only picked which row, which is the 2xx audit's question.
        """
        return self._tainted(node, self.chosen_names, stop_at_fetch=True)

    def _tainted(
        self,
        node: ast.AST,
        names: set[str] | frozenset[str],
        stop_at_fetch: bool = False,
    ) -> bool:
        stack: list[ast.AST] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, ast.Attribute):
                if current.attr in REQUEST_DATA and self.is_request(current.value):
                    return True
                if current.attr == "kwargs" and is_self(current.value):
                    return True
            elif isinstance(current, ast.Name):
                if current.id in names:
                    return True
                continue
            elif isinstance(current, ast.Lambda) or (
                isinstance(current, ast.Call)
                and (
                    call_name(current) in SANITIZERS
                    or (stop_at_fetch and is_fetch(current))
                )
            ):
                continue
            stack.extend(ast.iter_child_nodes(current))
        return False


class FileContext:
    """One Python file being scanned: its lines, module constants, import aliases and findings."""

    def __init__(
        self, path: str, text: str, tree: ast.Module, aliases: dict[str, str]
    ) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.tree = tree
        self.aliases = aliases
        """Local name -> the name it was imported as (``ms`` -> ``mark_safe``)."""
        self.findings: list[Finding] = []
        self.functions: list[FunctionInfo] = []
        self.constant_returns: dict[tuple[str, frozenset[str]], bool] = {}
        """Module-level functions already judged: does each return constant text (per safe-call set)?"""

    @property
    def function(self) -> FunctionInfo | None:
        return self.functions[-1] if self.functions else None

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
                    for name in _target_names(target):
                        bound.setdefault(name, []).append(stmt.value)
        return bound

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
