"""Which names of a file stand for the user model: ``User`` of ``django.contrib.auth``, ``get_user_model()``."""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.syntax import call_name

#: Names projects give the user model whatever they import it from.
_CONVENTIONAL = frozenset({"User", "UserModel"})


def is_get_user_model(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and call_name(node) == "get_user_model"


def imported_user_model_names(ctx: FileContext) -> set[str]:
    """``User`` imported from ``django.contrib.auth.models`` (under its alias), and ``X = get_user_model()`` at module level."""
    names = {
        alias.asname or alias.name
        for stmt in ctx.tree.body
        if isinstance(stmt, ast.ImportFrom)
        and (stmt.module or "").startswith("django.contrib.auth")
        for alias in stmt.names
        if alias.name == "User"
    }
    for name, values in ctx.module_assignments.items():
        if any(is_get_user_model(v) for v in values):
            names.add(name)
    return names


def names_user_model(node: ast.expr, ctx: FileContext) -> bool:
    """``User``, ``UserModel``, ``get_user_model()`` or a module-level alias of it; ``auth.User``."""
    if is_get_user_model(node):
        return True
    if isinstance(node, ast.Attribute):
        return node.attr in _CONVENTIONAL
    return isinstance(node, ast.Name) and (
        node.id in _CONVENTIONAL or node.id in imported_user_model_names(ctx)
    )
