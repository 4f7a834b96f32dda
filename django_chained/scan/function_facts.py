"""What one function of a view does with names, read in a single walk of its syntax tree.

The values are kept as plain data (``plain_expr``), so the facts can be cached with the file.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django_chained.scan.plain_expr import Expr, call_name, is_plain, plain
from django_chained.scan.python.node_walk import every_node

Function = ast.FunctionDef | ast.AsyncFunctionDef
#: Calls whose first or second argument names the template they render.
RENDER_CALLS = frozenset(
    {"render", "TemplateResponse", "render_to_string", "render_to_response", "SimpleTemplateResponse"}
)  # fmt: skip
#: Local names that hold a template context (``kwargs`` of ``get_context_data()`` included).
CONTEXT_NAMES = frozenset(
    {"kwargs", "context", "ctx", "context_data", "extra_context", "data"}
)
#: Calls whose keywords and dict arguments fill a context.
CONTEXT_CALLS = frozenset({"update", "get_context_data", *RENDER_CALLS})
GROWING_METHODS = frozenset({"append", "extend", "insert"})


@dataclass
class FunctionFacts:
    context: dict[str, list[Expr]] = field(default_factory=lambda: defaultdict(list))
    """Context key → the values the function puts there."""
    assigned: dict[str, list[Expr]] = field(default_factory=lambda: defaultdict(list))
    """Local name → values given to it: assignments, ``+=``, ``.append()``/``.extend()``/``.insert()``."""
    loop_targets: set[str] = field(default_factory=set)
    """Names bound by a ``for`` loop or a comprehension: one row at a time."""
    returns: list[Expr] = field(default_factory=list)

    def to_json(self) -> list[Any]:
        return [
            self.context,
            self.assigned,
            sorted(self.loop_targets),
            self.returns,
        ]


def facts_from_json(value: object) -> FunctionFacts | None:
    """The facts a cached row holds; ``None`` when it has another shape."""
    if not (isinstance(value, list) and len(value) == 4):
        return None
    context, assigned, loop_targets, returns = value
    if not (
        _is_expr_map(context)
        and _is_expr_map(assigned)
        and isinstance(loop_targets, list)
        and all(type(t) is str for t in loop_targets)
        and isinstance(returns, list)
        and all(is_plain(r) for r in returns)
    ):
        return None
    facts = FunctionFacts(loop_targets=set(loop_targets), returns=returns)
    facts.context.update(context)
    facts.assigned.update(assigned)
    return facts


def _is_expr_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(values, list) and all(is_plain(v) for v in values)
        for values in value.values()
    )


def read_function(function: Function) -> FunctionFacts:
    """The facts of ``function``.

    A dict literal is a context where it is passed to a render call or ``update()``, returned by
    ``get_context_data()``, or assigned to a context name (``context = {...}``).
    """
    facts = FunctionFacts()
    for node in every_node(function):
        if isinstance(node, ast.Assign):
            _assignment(facts, node.targets, node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value:
            _assignment(facts, [node.target], node.value)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            facts.loop_targets.update(
                n.id for n in every_node(node.target) if isinstance(n, ast.Name)
            )
        elif isinstance(node, ast.Return) and node.value is not None:
            facts.returns.append(plain(node.value))
            if function.name == "get_context_data":
                _dict_entries(facts, node.value)
        elif isinstance(node, ast.Call):
            _call(facts, node)
    return facts


def _assignment(facts: FunctionFacts, targets: list[ast.expr], value: ast.expr) -> None:
    for target in targets:
        if isinstance(target, ast.Name):
            facts.assigned[target.id].append(plain(value))
            if target.id in CONTEXT_NAMES:
                _dict_entries(facts, value)
        elif (
            isinstance(target, ast.Subscript)
            and _is_context(target.value)
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
        ):
            facts.context[target.slice.value].append(plain(value))


def _call(facts: FunctionFacts, node: ast.Call) -> None:
    func = node.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.attr in GROWING_METHODS
        and node.args
    ):
        facts.assigned[func.value.id].append(plain(node.args[-1]))
    if call_name(node) in CONTEXT_CALLS:
        for keyword in node.keywords:
            if keyword.arg is not None:
                facts.context[keyword.arg].append(plain(keyword.value))
        for argument in node.args:
            _dict_entries(facts, argument)


def _is_context(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in CONTEXT_NAMES


def _dict_entries(facts: FunctionFacts, node: ast.expr) -> None:
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                facts.context[key.value].append(plain(value))
