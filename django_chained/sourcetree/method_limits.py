"""The unsafe methods a function view's decorators leave: Django's ``require_*``, and the module's own names for them.

Inside Django the check reads the limit from the decorator's closure, whatever it is called; the
scan reads names, so it follows the names a module gives these decorators itself
(``post_only = require_POST``, ``json_post = require_http_methods(["POST"])``, or a function
returning ``require_POST(view)``) rather than report such a view as accepting any method.
"""

from __future__ import annotations

import ast

from django_chained.sourcetree.models_reader import last_name

UNSAFE = ("DELETE", "PATCH", "POST", "PUT")
_MAX_ALIASES = 3


def decorator_aliases(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level names and the decorator expression each stands for."""
    aliases: dict[str, ast.expr] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            aliases[node.targets[0].id] = node.value
        elif isinstance(node, ast.FunctionDef) and (applied := _applies_one(node)):
            aliases[node.name] = applied
    return aliases


def _applies_one(function: ast.FunctionDef) -> ast.expr | None:
    """``D`` for ``def f(view): return D(view)``: a decorator that only applies another."""
    params = function.args.args
    body = [s for s in function.body if not _is_docstring(s)]
    if len(params) != 1 or len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    call = body[0].value
    if (
        isinstance(call, ast.Call)
        and len(call.args) == 1
        and not call.keywords
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == params[0].arg
    ):
        return call.func
    return None


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def method_limit(
    decorators: list[ast.expr], aliases: dict[str, ast.expr] | None = None
) -> str | None:
    """The unsafe methods a ``require_*`` decorator leaves, or ``None`` when unrestricted."""
    for decorator in decorators:
        limit = _limit(decorator, aliases or {}, 0)
        if limit is not None:
            return limit
    return None


def _limit(decorator: ast.expr, aliases: dict[str, ast.expr], depth: int) -> str | None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = last_name(target)
    if name in {"require_GET", "require_safe"}:
        return ""
    if name == "require_POST":
        return "POST"
    if name == "require_http_methods":
        if not (isinstance(decorator, ast.Call) and decorator.args):
            return None
        try:
            allowed = {str(m).upper() for m in ast.literal_eval(decorator.args[0])}
        except (ValueError, TypeError, SyntaxError):
            return None
        return ", ".join(sorted(allowed & set(UNSAFE)))
    if (
        isinstance(decorator, ast.Name)
        and decorator.id in aliases
        and depth < _MAX_ALIASES
    ):
        return _limit(aliases[decorator.id], aliases, depth + 1)
    return None
