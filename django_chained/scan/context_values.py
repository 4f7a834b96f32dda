"""What a view puts in a template's context under one name: visitor data, a constant, or unknown.

A value is ``RISKY`` when the scan sees where visitor-controlled text enters it: request data,
a field read from each row of a loop or comprehension (not a number, flag or date field), or the
rows of a serializer called with ``many=True``. It is ``CONSTANT`` when every part of it is a
literal, a number, escaped or a URL. Anything else (another module's helper, a row's method, a
translated string) is ``UNKNOWN``. Methods of the view's classes (``self.get_rows()``) are followed.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterable

from django_chained.scan.function_facts import Function, call_name
from django_chained.scan.view_index import ViewIndex

REQUEST_DATA = frozenset(
    {"GET", "POST", "COOKIES", "META", "FILES", "body", "data", "query_params", "headers"}
)  # fmt: skip
#: Calls whose result carries no markup from their arguments: escaped output, URLs, numbers.
HARMLESS_CALLS = frozenset(
    {"escape", "conditional_escape", "format_html", "escapejs", "urlencode", "quote",
     "reverse", "reverse_lazy", "static", "len", "int", "float", "bool", "round", "range",
     "count", "exists", "json_script", "isoformat"}
)  # fmt: skip
#: Calls passing their arguments' content through: judged by the arguments.
PASS_THROUGH_CALLS = frozenset({"str", "list", "tuple", "dict", "sorted", "dumps"})
KEY_ATTRIBUTES = frozenset({"pk", "id"})
MAX_DEPTH = 4


class Evidence(enum.Enum):
    RISKY = "risky"
    CONSTANT = "constant"
    UNKNOWN = "unknown"


def combine(evidence: Iterable[Evidence]) -> Evidence:
    """Risky if any part is, constant if every part is (or there is none), else unknown."""
    found = set(evidence)
    if Evidence.RISKY in found:
        return Evidence.RISKY
    return Evidence.CONSTANT if found <= {Evidence.CONSTANT} else Evidence.UNKNOWN


class ContextTracer:
    """Judges the context values the methods of ``classes`` (and ``functions``) set under a name."""

    def __init__(
        self, index: ViewIndex, classes: set[str], functions: Iterable[Function]
    ) -> None:
        self.index = index
        self.classes = classes
        self.functions = [*index.all_methods(classes), *functions]

    def value_of(self, name: str) -> Evidence | None:
        """The evidence for context variable ``name``; ``None`` when no view sets it."""
        try:
            found = [
                self._expression(value, function, 0)
                for function in self.functions
                for value in self.index.facts(function).context.get(name, ())
            ]
        except RecursionError:  # an expression nested deeper than Python's stack
            return Evidence.UNKNOWN
        return combine(found) if found else None

    def _expression(self, node: ast.expr, function: Function, depth: int) -> Evidence:
        if depth > MAX_DEPTH:
            return Evidence.UNKNOWN
        if isinstance(node, ast.Constant | ast.Compare):
            return Evidence.CONSTANT
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Evidence.CONSTANT
        parts = _parts(node)
        if parts is not None:
            return combine(self._expression(p, function, depth) for p in parts)
        if isinstance(node, ast.Name):
            return self._name(node.id, function, depth)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, function, depth)
        if isinstance(node, ast.Subscript):
            if _reads_request(node.value):
                return Evidence.RISKY
            return self._expression(node.value, function, depth)
        if isinstance(node, ast.Call):
            return self._call(node, function, depth)
        return Evidence.UNKNOWN

    def _name(self, name: str, function: Function, depth: int) -> Evidence:
        facts = self.index.facts(function)
        if name in facts.loop_targets:
            # A row itself: its str() is code this scan does not read.
            return Evidence.UNKNOWN
        values = facts.assigned.get(name, [])
        if not values:
            return Evidence.UNKNOWN  # a parameter or a global
        return combine(self._expression(v, function, depth + 1) for v in values)

    def _attribute(
        self, node: ast.Attribute, function: Function, depth: int
    ) -> Evidence:
        if _reads_request(node):
            return Evidence.RISKY
        if node.attr in KEY_ATTRIBUTES:
            return Evidence.CONSTANT
        root = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if (
            isinstance(root, ast.Name)
            and root.id in self.index.facts(function).loop_targets
        ):
            # A field of each row: text unless the project declares it a number, flag or date.
            plain = self.index.holds_plain_value(node.attr)
            return Evidence.CONSTANT if plain else Evidence.RISKY
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            return self._returns(node.attr, depth)
        if node.attr == "data":  # a serializer's data
            return self._expression(node.value, function, depth)
        return Evidence.UNKNOWN

    def _call(self, node: ast.Call, function: Function, depth: int) -> Evidence:
        name = call_name(node)
        if isinstance(node.func, ast.Attribute) and _reads_request(node.func.value):
            return Evidence.RISKY  # request.GET.get("q")
        if name in HARMLESS_CALLS:
            return Evidence.CONSTANT
        if any(k.arg == "many" and _is_true(k.value) for k in node.keywords):
            return Evidence.RISKY  # a serializer over rows
        if name in PASS_THROUGH_CALLS or ("json" in name.lower() and node.args):
            arguments = [*node.args, *(k.value for k in node.keywords)]
            return combine(self._expression(a, function, depth) for a in arguments)
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "self"
            and any(self.index.methods(self.classes, name))
        ):
            return self._returns(name, depth)
        return Evidence.UNKNOWN

    def _returns(self, method: str, depth: int) -> Evidence:
        found = [
            self._expression(value, definition, depth + 1)
            for definition in self.index.methods(self.classes, method)
            for value in self.index.facts(definition).returns
        ]
        return combine(found) if found else Evidence.UNKNOWN


def _parts(node: ast.expr) -> list[ast.expr] | None:
    """The sub-expressions a container or operator takes its content from; ``None`` for others."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return list(node.values)
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return [node.elt]
    if isinstance(node, ast.DictComp):
        return [node.value]
    return None


def _is_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _reads_request(node: ast.expr) -> bool:
    """``request.GET``, ``self.request.POST[...]``: data the visitor sent."""
    if not isinstance(node, ast.Attribute) or node.attr not in REQUEST_DATA:
        return False
    owner = node.value
    if isinstance(owner, ast.Name):
        return owner.id == "request"
    return isinstance(owner, ast.Attribute) and owner.attr == "request"
