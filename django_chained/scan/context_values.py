"""What a view puts in a template's context under one name: visitor data, a constant, or unknown.

A value is ``RISKY`` when the scan sees where visitor-controlled text enters it: request data,
a field read from each row of a loop or comprehension (not a number, flag or date field), or the
rows of a serializer called with ``many=True``. It is ``CONSTANT`` when every part of it is a
literal, a number, escaped or a URL. Anything else (another module's helper, a row's method, a
translated string) is ``UNKNOWN``. Methods of the view's classes (``self.get_rows()``) are followed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django_chained.scan.plain_expr import Expr
from django_chained.scan.view_index import FunctionRef, ViewIndex

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
        self, index: ViewIndex, classes: set[str], functions: Iterable[FunctionRef]
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
        except RecursionError:  # an expression nested deeper than the scan reads
            return Evidence.UNKNOWN
        return combine(found) if found else None

    def _expression(self, node: Expr, function: FunctionRef, depth: int) -> Evidence:
        if depth > MAX_DEPTH:
            return Evidence.UNKNOWN
        kind = node[0]
        if kind == "const":
            return Evidence.CONSTANT
        if kind == "parts":
            return combine(self._expression(p, function, depth) for p in node[1])
        if kind == "name":
            return self._name(node[1], function, depth)
        if kind == "attr":
            return self._attribute(node, function, depth)
        if kind == "sub":
            if _reads_request(node[1]):
                return Evidence.RISKY
            return self._expression(node[1], function, depth)
        if kind == "call":
            return self._call(node, function, depth)
        if kind == "deep":
            raise RecursionError("nested deeper than plain_expr.MAX_NESTING")
        return Evidence.UNKNOWN

    def _name(self, name: str, function: FunctionRef, depth: int) -> Evidence:
        facts = self.index.facts(function)
        if name in facts.loop_targets:
            # A row itself: its str() is code this scan does not read.
            return Evidence.UNKNOWN
        values = facts.assigned.get(name, [])
        if not values:
            return Evidence.UNKNOWN  # a parameter or a global
        return combine(self._expression(v, function, depth + 1) for v in values)

    def _attribute(self, node: Expr, function: FunctionRef, depth: int) -> Evidence:
        _, attr, value = node
        if _reads_request(node):
            return Evidence.RISKY
        if attr in KEY_ATTRIBUTES:
            return Evidence.CONSTANT
        root = value
        while root[0] == "attr":
            root = root[2]
        if root[0] == "name" and root[1] in self.index.facts(function).loop_targets:
            # A field of each row: text unless the project declares it a number, flag or date.
            plain = self.index.holds_plain_value(attr)
            return Evidence.CONSTANT if plain else Evidence.RISKY
        if value == ["name", "self"]:
            return self._returns(attr, depth)
        if attr == "data":  # a serializer's data
            return self._expression(value, function, depth)
        return Evidence.UNKNOWN

    def _call(self, node: Expr, function: FunctionRef, depth: int) -> Evidence:
        _, func, name, args, keywords = node
        if func[0] == "attr" and _reads_request(func[2]):
            return Evidence.RISKY  # request.GET.get("q")
        if name in HARMLESS_CALLS:
            return Evidence.CONSTANT
        if any(k == "many" and v == ["const", True] for k, v in keywords):
            return Evidence.RISKY  # a serializer over rows
        if name in PASS_THROUGH_CALLS or ("json" in name.lower() and args):
            arguments = [*args, *(v for _, v in keywords)]
            return combine(self._expression(a, function, depth) for a in arguments)
        if (
            func[0] == "attr"
            and func[2] == ["name", "self"]
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


def _reads_request(node: Expr) -> bool:
    """``request.GET``, ``self.request.POST[...]``: data the visitor sent."""
    if node[0] != "attr" or node[1] not in REQUEST_DATA:
        return False
    owner = node[2]
    if owner[0] == "name":
        return bool(owner[1] == "request")
    return bool(owner[0] == "attr" and owner[1] == "request")
