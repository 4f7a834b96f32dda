"""The function enclosing a node: its parameters, and which of its names carry what the client sent."""

from __future__ import annotations

import ast
from functools import cached_property
from typing import TYPE_CHECKING

from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.remembered import Remembers
from django_chained.scan.python.syntax import (
    assignments_in,
    call_name,
    is_cache_read,
    is_fetch,
    is_self,
    is_signature_check,
)

if TYPE_CHECKING:
    from django_chained.scan.python.context import FileContext

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
        "get_valid_name",
        "sanitize_filename",
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
_MAX_TAINT_ROUNDS = 6
#: Methods Django and DRF run on every request before the handler, with its URL kwargs.
_PER_REQUEST_SETUP = frozenset({"setup", "dispatch", "initial"})
#: Attributes a URL kwarg itself has (a ``uuid`` converter's value): reading them keeps it a URL kwarg.
_KWARG_ATTRIBUTES = frozenset({"hex", "int"})


class FunctionInfo(Remembers):
    """The function enclosing a node, with lazily computed facts about its names."""

    def __init__(self, node: FunctionNode, file: FileContext, in_class: bool) -> None:
        self.node = node
        self.file = file
        self._mentioned: dict[tuple[str, ...], bool] = {}
        super().__init__()
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

    def mentions(self, *texts: str) -> bool:
        """Whether the function's lines hold one of ``texts``; worked out once per set of words."""
        known = self._mentioned.get(texts)
        if known is None:
            known = self._mentioned[texts] = self.file.mentions(self.node, *texts)
        return known

    @classmethod
    def of_walk(
        cls, node: FunctionNode, file: FileContext, owner: ast.ClassDef | None
    ) -> FunctionInfo:
        """A function the walk entered, knowing the class whose body holds it (``None``: no method)."""
        info = cls(node, file, in_class=owner is not None)
        # The walk knows the class: the file's class map need not be built for it.
        info.__dict__["enclosing_class"] = owner
        return info

    @cached_property
    def assignments(self) -> dict[str, list[ast.expr]]:
        return assignments_in(self.node.body)

    @cached_property
    def loop_spans(self) -> list[tuple[int, int]]:
        """First and last line of each loop in the function."""
        return [
            (node.lineno, node.end_lineno or node.lineno)
            for node in every_node(self.node)
            if isinstance(node, (ast.For, ast.AsyncFor, ast.While))
        ]

    def may_reach(self, value: ast.expr, use: ast.AST) -> bool:
        """Whether a value assigned at ``value`` can be what ``use`` reads: assigned above it, or in a loop around both.

        ``msg = f"{msg} {obj}"`` in the ``else`` below ``mark_safe(f"{msg} …")`` never runs before it.
        """
        line = getattr(use, "lineno", None)
        if line is None or value.lineno <= line:
            return True
        return any(
            start <= line and value.lineno <= end for start, end in self.loop_spans
        )

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
    def enclosing_class(self) -> ast.ClassDef | None:
        """The class this function is a method of (``None`` for a function of a module or function)."""
        return self.file.class_of.get(id(self.node))

    @cached_property
    def object_parameters(self) -> frozenset[str]:
        """Parameters the function reads attributes of (``user.pk``): objects its caller passed, never URL text.

        A method call (``slug.lower()``) and the attributes of a converter's UUID keep a parameter a URL kwarg.
        """
        if not self.url_kwargs:
            return frozenset()
        methods = {
            id(node.func)
            for node in every_node(self.node)
            if isinstance(node, ast.Call)
        }
        return frozenset(
            node.value.id
            for node in every_node(self.node)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in self.url_kwargs
            and node.attr not in _KWARG_ATTRIBUTES
            and id(node) not in methods
        )

    @cached_property
    def key_names(self) -> frozenset[str]:
        """Local names holding a key the client picked: URL kwargs and request data, not objects the caller passed.

        A row fetched from the database, or a value read from the cache, by such a key is the
        server's: the fetch that used the key is the one to audit. So is what a signature check
        returns (``signing.loads(token)``): the client can only hold keys the server signed.
        """
        seeds = self.url_kwargs - self.object_parameters
        return self._closure(stop_at_fetch=True, seeds=seeds, stop_at_cache=True)

    def derived_names(self, seeds: frozenset[str]) -> frozenset[str]:
        """``seeds`` and the local names computed from them (a sanitizer or a fetch stops it)."""
        return self._closure(stop_at_fetch=True, seeds=seeds)

    def picks_key(self, node: ast.expr) -> bool:
        """Whether the expression is (or is built from) a key the client chose; see ``key_names``.

        In a class-based view, ``self.pk`` set from a URL kwarg in ``setup()``/``dispatch()`` is one.
        """
        return self._tainted(
            node, self.key_names, stop_at_fetch=True, stop_at_cache=True
        ) or any(
            isinstance(child, ast.Attribute)
            and is_self(child.value)
            and child.attr in self.kwarg_attributes
            for child in every_node(node)
        )

    @cached_property
    def kwarg_attributes(self) -> frozenset[str]:
        """Attributes the class's ``setup()``/``dispatch()``/``initial()`` set from a URL kwarg (``self.pk = page_id``)."""
        cls = self.enclosing_class
        if cls is None:
            return frozenset()
        found: set[str] = set()
        for method in cls.body:
            if not (
                isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef))
                and method.name in _PER_REQUEST_SETUP
                and method is not self.node
            ):
                continue
            setup = FunctionInfo(method, self.file, in_class=True)
            for stmt in every_node(method):
                # Only the method's own keys: two setup methods must not ask each other.
                if isinstance(stmt, ast.Assign) and setup._tainted(
                    stmt.value, setup.key_names, stop_at_fetch=True, stop_at_cache=True
                ):
                    found.update(
                        target.attr
                        for target in stmt.targets
                        if isinstance(target, ast.Attribute) and is_self(target.value)
                    )
        return frozenset(found)

    @cached_property
    def tainted_names(self) -> frozenset[str]:
        """Local names holding request data or URL kwargs, followed through assignments."""
        return self._closure(stop_at_fetch=False)

    @cached_property
    def chosen_names(self) -> frozenset[str]:
        """Like ``tainted_names``, but an object fetched from the database by a client's key is not the client's text."""
        return self._closure(stop_at_fetch=True)

    def _closure(
        self,
        *,
        stop_at_fetch: bool,
        seeds: frozenset[str] | None = None,
        stop_at_cache: bool = False,
    ) -> frozenset[str]:
        names = set(self.url_kwargs if seeds is None else seeds)
        for _ in range(_MAX_TAINT_ROUNDS):
            grew = False
            for name, values in self.assignments.items():
                if name not in names and any(
                    self._tainted(value, names, stop_at_fetch, stop_at_cache)
                    for value in values
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

    def carries(self, node: ast.AST, names: frozenset[str]) -> bool:
        """Whether the expression reads request data or ``self.kwargs``, or one of ``names``."""
        return self._tainted(node, names)

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
        stop_at_cache: bool = False,
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
                    or (
                        stop_at_cache
                        and (is_cache_read(current) or is_signature_check(current))
                    )
                )
            ):
                continue
            stack.extend(child_nodes(current))
        return False
