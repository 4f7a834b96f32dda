"""Whether an expression's value is fixed in the source: literals, settings, tables and helpers built from them."""

from __future__ import annotations

import ast
import re

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name, statements

#: Name-to-assignment hops followed; syntactic nesting is walked without a limit (no recursion).
MAX_HOPS = 6
#: Nodes one question may visit, so names fanning out to many assignments cannot blow up.
_MAX_NODES = 20_000
#: Functions whose result is constant when their arguments are: str(), and translations of literals.
_PASS_THROUGH = frozenset(
    {
        "str",
        "_",
        "gettext",
        "gettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "capfirst",
        # A URL reversed, or a static file's URL, from fixed names is fixed too.
        "reverse",
        "reverse_lazy",
        "static",
    }
)
#: String methods whose result is constant when the string they are called on is.
_RECEIVER_PASS_THROUGH = frozenset(
    {"strip", "lstrip", "rstrip", "upper", "lower", "capitalize", "title", "replace"}
)
#: Attributes holding a primary key: a number or UUID, never text a visitor chose.
_KEY_ATTRIBUTES = frozenset({"pk", "id"})
_CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9_]*[A-Z0-9]")
#: What an enum member gives besides itself: its value, name or label, fixed in its class.
_MEMBER_FIELDS = frozenset({"value", "name", "label"})
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)

#: Loop variables of the comprehensions around a node, with the iterable each one walks.
_Loops = dict[str, ast.expr]
#: A node to inspect, the names standing for constants there, the loop variables in scope, the hops taken.
_Item = tuple[ast.AST, frozenset[str], _Loops, int]


def _comprehension_parts(
    node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp,
    seen: frozenset[str],
    loops: _Loops,
    hops: int,
) -> list[_Item]:
    """The elements: a loop variable in them is constant when its iterable is (``"%s" for _ in ids`` is)."""
    inner = dict(loops)
    for generator in node.generators:
        for target in every_node(generator.target):
            if isinstance(target, ast.Name):
                inner[target.id] = generator.iter
    elements: list[ast.AST] = (
        [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
    )
    return [(element, seen, inner, hops) for element in elements]


def _constant_parts(
    node: ast.AST,
    ctx: FileContext,
    safe_calls: frozenset[str],
    seen: frozenset[str],
    loops: _Loops,
    hops: int,
) -> list[_Item] | None:
    """What ``node`` is constant from (all of it must be), or ``None`` when it cannot be constant."""
    here = seen, loops, hops
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr):
        return [
            (p.value, *here) for p in node.values if isinstance(p, ast.FormattedValue)
        ]
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mult):
            # "&nbsp;" * depth repeats constant text: the count is a number, not text.
            text = [side for side in (node.left, node.right) if _is_text(side)]
            if text:
                return [(text[0], *here)]
        return [(node.left, *here), (node.right, *here)]
    if isinstance(node, ast.Attribute) and (
        _through_meta(node) or _is_setting(node) or _is_class_constant(node)
    ):
        return []  # Model._meta.db_table, settings.STATIC_URL, Side.AFF.value: the developer's
    if isinstance(node, ast.Attribute) and (
        node.attr in _KEY_ATTRIBUTES or node.attr.endswith("_id")
    ):
        return []  # obj.pk, obj.id, obj.author_id: a key
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [(element, *here) for element in node.elts]
    if isinstance(node, ast.Dict):
        return [(value, *here) for value in node.values]
    if isinstance(node, (ast.IfExp, ast.BoolOp)):
        # Which constant is chosen may depend on the request; the value is still one of them.
        values = (
            [node.body, node.orelse] if isinstance(node, ast.IfExp) else node.values
        )
        return [(value, *here) for value in values]
    if isinstance(node, ast.Subscript):
        return [(node.value, *here)]  # an item of a constant table (a whitelist)
    if isinstance(node, _COMPREHENSIONS):
        return _comprehension_parts(node, seen, loops, hops)
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name) and _returns_constant(
            node.func.id, ctx, safe_calls
        ):
            return []  # a helper of this module that returns fixed text, whatever its arguments
        return _call_parts(node, safe_calls, here)
    if isinstance(node, ast.Name):
        if node.id in loops:
            outer = {name: it for name, it in loops.items() if name != node.id}
            return [(loops[node.id], seen, outer, hops)]
        if node.id in seen:
            # ``sql += "..."`` refers to the name being resolved: the other parts decide.
            return []
        values = ctx.assignments_reaching(node)
        if not values and _CONSTANT_NAME.fullmatch(node.id):
            return []  # an imported UPPER_CASE constant (ICONS, DEFAULT_COLOR): the developer's
        if not values or hops >= MAX_HOPS:
            return None
        inner = seen | {node.id}
        return [(value, inner, {}, hops + 1) for value in values]
    return None


def _returns_constant(name: str, ctx: FileContext, safe_calls: frozenset[str]) -> bool:
    """Whether ``name`` is a module-level function of this file whose every return is constant."""
    function = ctx.module_functions.get(name)
    if function is None:
        return False
    key = (name, safe_calls)
    known = ctx.constant_returns.get(key)
    if known is not None:
        return known
    ctx.constant_returns[key] = False  # a recursive helper is not followed into itself
    returns = [
        node.value
        for node in statements(function.body)
        if isinstance(node, ast.Return) and node.value is not None
    ]
    ctx.functions.append(FunctionInfo(function, ctx, in_class=False))
    try:
        result = bool(returns) and all(
            is_constant(value, ctx, safe_calls) for value in returns
        )
    finally:
        ctx.functions.pop()
    ctx.constant_returns[key] = result
    return result


def _is_text(node: ast.expr) -> bool:
    """A string literal, or one repeated (``"-" * 4``): the text side of a ``*``."""
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        node = node.left if _is_text(node.left) else node.right
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_settings(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "settings"


def _is_setting(node: ast.Attribute) -> bool:
    """``settings.NAME`` (or an attribute of it): the project's configuration."""
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        current = current.value
    return _is_settings(current)


def _is_class_constant(node: ast.Attribute) -> bool:
    """``Side.AFF``, ``Side.AFF.value``, ``Status.OPEN.label``: an UPPER_CASE member of a CapWords class."""
    current: ast.expr = node
    while isinstance(current, ast.Attribute) and current.attr in _MEMBER_FIELDS:
        current = current.value
    return (
        isinstance(current, ast.Attribute)
        and current.attr.isupper()
        and isinstance(current.value, ast.Name)
        and current.value.id[:1].isupper()
        and not current.value.id.isupper()
    )


def _through_meta(node: ast.Attribute) -> bool:
    """``x._meta.<attr>``: model metadata, fixed in the model's source whatever ``x`` is."""
    current: ast.expr = node
    while isinstance(current, ast.Attribute):
        if current.attr == "_meta":
            return current is not node
        current = current.value
    return False


def _call_parts(
    node: ast.Call,
    safe_calls: frozenset[str],
    here: tuple[frozenset[str], _Loops, int],
) -> list[_Item] | None:
    name = call_name(node)
    if name in safe_calls:
        return []
    if name == "getattr" and node.args and _is_settings(node.args[0]):
        # getattr(settings, "NAME", default): a setting, or its default.
        return [(default, *here) for default in node.args[2:]]
    arguments = [*node.args, *(k.value for k in node.keywords)]
    if name in _PASS_THROUGH and isinstance(node.func, ast.Name):
        return [(argument, *here) for argument in arguments]
    if not isinstance(node.func, ast.Attribute):
        return None
    if name in _RECEIVER_PASS_THROUGH:
        return [
            (node.func.value, *here),
            *((argument, *here) for argument in arguments),
        ]
    if name in ("format", "join") or (name == "get" and node.args):
        # "...".format(...), ", ".join(...), TABLE.get(key, default): the key does not matter.
        if name == "get":
            arguments = arguments[1:]
        parts = [node.func.value, *arguments]
        return [(part, *here) for part in parts]
    return None


def is_constant(
    node: ast.expr,
    ctx: FileContext,
    safe_calls: frozenset[str],
    seen: frozenset[str] = frozenset(),
) -> bool:
    """Whether the value is fixed in the source (or comes from a call in ``safe_calls``).

    Iterative, so a long ``"..." + "..." + ...`` chain is followed to its end without recursion.
    """
    return not non_constant_leaves(node, ctx, safe_calls, seen, first_only=True)


def non_constant_leaves(
    node: ast.expr,
    ctx: FileContext,
    safe_calls: frozenset[str],
    seen: frozenset[str] = frozenset(),
    *,
    first_only: bool = False,
) -> list[ast.AST]:
    """The parts that keep the value from being constant (a parameter, an attribute, a call...).

    Empty when the value is constant; the expression itself when it is too large to follow.
    """
    stack: list[_Item] = [(node, seen, {}, 0)]
    leaves: list[ast.AST] = []
    visited = 0
    while stack:
        current, names, loops, hops = stack.pop()
        visited += 1
        if visited > _MAX_NODES:
            return [node]
        parts = _constant_parts(current, ctx, safe_calls, names, loops, hops)
        if parts is None:
            leaves.append(current)
            if first_only:
                return leaves
            continue
        stack.extend(parts)
    return leaves
