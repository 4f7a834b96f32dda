"""2xx: tests of the fetched row, right after a fetch by the client's key, that answer who may have it.

``if doc.project_id != request.project.id: return HttpResponseForbidden()`` keeps the row inside
the tenant the server attached to the request; ``if link.token != request.GET["t"]: raise Http404``
asks for the secret the row holds (a capability link). Either way the view leaves before using a
row the client may not have, so the fetch itself is not the flaw ``W250`` reports.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.access_owner import bound_names
from django_chained.scan.python.access_scope import (
    NOT_SECRET_FIELDS,
    SECRET_FIELD,
    attached_to_request,
)
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import statements


def checked_after_fetch(call: ast.Call, function: FunctionInfo) -> bool:
    """Whether a test that leaves the view compares the fetched row with the request's tenant, or its secret."""
    rows = bound_names(call, function)
    if not rows:
        return False
    for stmt in statements(function.node.body):
        if not (isinstance(stmt, ast.If) and _leaves(stmt.body)):
            continue
        for compare in every_node(stmt.test):
            if isinstance(compare, ast.Compare) and _answers(compare, rows, function):
                return True
    return False


def _leaves(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return | ast.Raise)


def _answers(
    compare: ast.Compare, rows: frozenset[str], function: FunctionInfo
) -> bool:
    sides = [compare.left, *compare.comparators]
    of_row = [side for side in sides if _reads_row(side, rows)]
    others = [side for side in sides if not _reads_row(side, rows)]
    if not (of_row and others):
        return False
    if any(attached_to_request(other, function) for other in others):
        return True  # the row's tenant against the one the server attached
    return any(_secret_attribute(side) for side in of_row)


def _reads_row(node: ast.expr, rows: frozenset[str]) -> bool:
    """``doc``, ``doc.project_id``, ``doc.project.pk``: the fetched row or an attribute of it."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in rows


def _secret_attribute(node: ast.expr) -> bool:
    """``link.token``, ``invite.secret_key``: a secret column of the row, compared with what the client holds."""
    return (
        isinstance(node, ast.Attribute)
        and bool(SECRET_FIELD.match(node.attr))
        and node.attr.lower() not in NOT_SECRET_FIELDS
    )
