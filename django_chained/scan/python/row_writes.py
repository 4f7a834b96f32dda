"""5xx: whether a call writes a row, and whether the write is bookkeeping the view does for itself.

``image.save(path)`` and ``context.update()`` write no row; a counter, a timestamp or a field
filled once when found empty are what a GET may write without the request aiming it.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name, manager_in_chain

_QUERYSET_CALLS = frozenset({"filter", "exclude", "all", "select_for_update"})
#: Values a bookkeeping write stores: the time, or an increment.
_CLOCK_CALLS = frozenset({"now", "today", "utcnow", "time"})


def not_a_row_write(call: ast.Call, receiver: ast.expr) -> bool:
    """``image.save(path)`` (a model's ``save()`` takes no positional argument), ``context.update(...)``
    (only a queryset chain's ``update()`` writes rows), ``form.save(commit=False)``."""
    name = call_name(call)
    if name == "save":
        # ``form.save(commit=False)`` builds the row without writing it.
        return bool(call.args) or any(
            k.arg == "commit"
            and isinstance(k.value, ast.Constant)
            and k.value.value is False
            for k in call.keywords
        )
    if name == "update":
        return manager_in_chain(receiver) is None and not any(
            isinstance(node, ast.Call) and call_name(node) in _QUERYSET_CALLS
            for node in every_node(receiver)
        )
    return False


def is_bookkeeping(call: ast.Call, receiver: ast.expr, function: FunctionInfo) -> bool:
    """``obj.views += 1; obj.save()``, ``qs.update(hits=F("hits") + 1, seen=now())``: a counter or a clock."""
    if call_name(call) == "update":
        return bool(call.keywords) and all(
            _clock_or_increment(keyword.value) for keyword in call.keywords
        )
    if call_name(call) != "save" or not isinstance(receiver, ast.Name):
        return False
    stores = [
        node
        for node in every_node(function.node)
        if isinstance(node, (ast.Assign, ast.AugAssign))
        and any(
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == receiver.id
            for target in (
                node.targets if isinstance(node, ast.Assign) else [node.target]
            )
        )
    ]
    empty_tests = _empty_field_tests(function.node, receiver.id)
    return bool(stores) and all(
        isinstance(node, ast.AugAssign)
        or _clock_or_increment(node.value)
        or _fills_empty(node, empty_tests)
        for node in stores
    )


def _empty_field_tests(root: ast.AST, name: str) -> list[tuple[ast.If, str]]:
    """``if not obj.link:``, ``if obj.chat_id == "":``, ``if obj.x is None:``: a field found empty."""
    found = []
    for node in every_node(root):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        field: ast.expr | None = None
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            field = test.operand
        elif (
            isinstance(test, ast.Compare)
            and len(test.ops) == 1
            and isinstance(test.ops[0], (ast.Eq, ast.Is))
            and isinstance(test.comparators[0], ast.Constant)
            and not test.comparators[0].value
        ):
            field = test.left
        if (
            isinstance(field, ast.Attribute)
            and isinstance(field.value, ast.Name)
            and field.value.id == name
        ):
            found.append((node, field.attr))
    return found


def _fills_empty(
    store: ast.Assign | ast.AugAssign, tests: list[tuple[ast.If, str]]
) -> bool:
    """The store fills the field an enclosing ``if`` found empty: a value computed once and cached."""
    targets = store.targets if isinstance(store, ast.Assign) else [store.target]
    attrs = {t.attr for t in targets if isinstance(t, ast.Attribute)}
    return any(
        attrs == {attr}
        and test.lineno < store.lineno <= (test.end_lineno or test.lineno)
        for test, attr in tests
    )


def _clock_or_increment(value: ast.expr) -> bool:
    if isinstance(value, ast.Call):
        return call_name(value) in _CLOCK_CALLS
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        left = value.left
        return (
            isinstance(left, ast.Call)
            and call_name(left) == "F"
            and isinstance(value.right, ast.Constant)
        )
    return False
