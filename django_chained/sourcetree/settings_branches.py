"""Which branch of a settings module's ``if`` a deployment runs, as far as reading the source can tell.

Deployment checks judge the production configuration: a block under ``if not DEBUG:`` (or the ``else`` of
``if DEBUG:``) is what runs there, even when ``DEBUG`` comes from the environment. Any other condition
only running the code can decide: a setting that every branch assigns is then known only at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from django_chained.scan.python.node_walk import every_node

#: Evaluates a condition, raising ``Unresolvable`` when only running the code could tell.
Evaluate = Callable[[ast.expr], object]


def debug_condition(test: ast.expr) -> bool | None:
    """True for ``DEBUG`` / ``settings.DEBUG``, False for their negation, None for anything else."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = debug_condition(test.operand)
        return None if inner is None else not inner
    if isinstance(test, ast.Name) and test.id == "DEBUG":
        return True
    if isinstance(test, ast.Attribute) and test.attr == "DEBUG":
        return True
    return None


def taken_branch(
    node: ast.If, evaluate: Evaluate, unresolvable: type[Exception]
) -> list[ast.stmt] | None:
    """The statements a production run executes, or None when only running the code could tell.

    A condition with a known value picks its branch; a run-time ``DEBUG`` is taken as off.
    """
    try:
        known = _truth(node.test, evaluate)
    except unresolvable:
        debug = debug_condition(node.test)
        if debug is None:
            return None
        known = not debug
    return node.body if known else node.orelse


def _truth(test: ast.expr, evaluate: Evaluate) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return not _truth(test.operand, evaluate)
    return bool(evaluate(test))


def debug_only_lines(module: ast.Module) -> set[int]:
    """Lines of the blocks that run only while ``DEBUG`` is on (``if settings.DEBUG:``, ``else`` of ``if not DEBUG:``)."""
    lines: set[int] = set()
    for node in every_node(module):
        if not isinstance(node, ast.If):
            continue
        debug = debug_condition(node.test)
        block = node.body if debug else node.orelse if debug is False else []
        for statement in block:
            lines.update(
                range(statement.lineno, (statement.end_lineno or statement.lineno) + 1)
            )
    return lines


def assigned_on_every_branch(node: ast.If) -> set[str]:
    """Upper-case names assigned in the ``if`` body and in each ``elif``/``else`` branch.

    A branch assigns a name at its top, or through a nested ``if`` that assigns it on every branch
    (pretalx: the key from the config file, else from a key file if it exists, else generated).
    """
    branches: list[list[ast.stmt]] = []
    current: ast.If | None = node
    while current is not None:
        branches.append(current.body)
        orelse = current.orelse
        if len(orelse) == 1 and isinstance(orelse[0], ast.If):
            current = orelse[0]
        else:
            branches.append(orelse)
            current = None
    names = [_assigned(branch) for branch in branches]
    return set.intersection(*names) if names else set()


def _assigned(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for statement in body:
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            targets = [statement.target]
        names.update(
            t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper()
        )
        if isinstance(statement, ast.If):
            names |= assigned_on_every_branch(statement)
    return names
