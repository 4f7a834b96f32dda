"""``ast.walk`` and ``ast.iter_child_nodes`` for the scan's hot paths: the same nodes, about half the time.

The rules search syntax trees for a few kinds of node hundreds of thousands of times a scan, and
``ast.walk`` spent most of it in generic machinery (``iter_fields``, a generator per node).
These read each node's fields directly and leave out the expression contexts (``Load``, ``Store``,
``Del``), a third of every tree, which no rule searches for: a rule reads a name's ``ctx``
attribute instead.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

_AST = ast.AST
_CONTEXT = ast.expr_context


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """The direct children of ``node`` in ``ast.iter_child_nodes`` order, contexts left out."""
    children: list[ast.AST] = []
    add = children.append
    for name in node._fields:
        value = getattr(node, name, None)
        if value.__class__ is list:
            for item in value:
                if isinstance(item, _AST):
                    add(item)
        elif isinstance(value, _AST) and not isinstance(value, _CONTEXT):
            add(value)
    return children


def every_node(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and every node under it, breadth first as ``ast.walk`` yields them, contexts left out."""
    # ``child_nodes`` inlined: calling it for each node makes the walk a fifth slower.
    queue = [node]
    add = queue.append
    index = 0
    while index < len(queue):
        current = queue[index]
        index += 1
        yield current
        for name in current._fields:
            value = getattr(current, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, _AST):
                        add(item)
            elif isinstance(value, _AST) and not isinstance(value, _CONTEXT):
                add(value)
