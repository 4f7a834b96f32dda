"""2xx: decorators written in the same module that check access, whatever their name.

``def space_member_required(view): return user_passes_test(in_space)(view)`` or a wrapper that
raises ``PermissionDenied`` answers who may reach the view as ``permission_required`` does.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name

#: Calls that make a decorator an access check.
_CHECKS = frozenset({"user_passes_test", "permission_required"})
#: What a wrapper raises or returns when it refuses the request.
_REFUSALS = frozenset({"PermissionDenied", "HttpResponseForbidden"})


def _refuses(statement: ast.Raise | ast.Return) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id in _REFUSALS)
        or (isinstance(node, ast.Attribute) and node.attr in _REFUSALS)
        for node in every_node(statement)
    )


def checks_access(
    name: str, ctx: FileContext, _seen: frozenset[str] = frozenset()
) -> bool:
    """``name`` is a module-level function of this file that calls ``user_passes_test`` or refuses
    requests, or applies another such function (``def editors_only(view): return in_group("e")(view)``)."""
    decorator = ctx.module_functions.get(name)
    if decorator is None or name in _seen:
        return False
    for node in every_node(decorator):
        if isinstance(node, ast.Call) and call_name(node) in _CHECKS:
            return True
        if isinstance(node, (ast.Raise, ast.Return)) and _refuses(node):
            return True
    seen = _seen | {name}
    return any(
        isinstance(node, ast.Call)
        and (called := call_name(node)) is not None
        and called != name
        and isinstance(node.func, ast.Name)
        and checks_access(called, ctx, seen)
        for node in every_node(decorator)
    )
