"""Whether a non-constant part of markup shows text a visitor may have written, or only leaves the scan unsure.

Evidence is request data, text an object passed in by a caller holds (``team.short_name``,
``str(instance)``), or a parameter whose callers in the same module pass such text. Anything
else (an unknown helper's result, a value without attributes) is undecidable: an Info.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import REQUEST_DATA, SANITIZERS
from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.syntax import call_name, is_fetch

#: Words of an attribute name that say it holds text a person typed (``short_name``, ``description``).
TEXT_WORDS = frozenset(
    {
        "name",
        "title",
        "label",
        "description",
        "text",
        "bio",
        "about",
        "note",
        "notes",
        "comment",
        "comments",
        "summary",
        "subject",
        "caption",
        "username",
        "email",
        "customer",
        "question",
        "answer",
    }
)
#: Words that say the attribute holds something else: a URL, markup already built, a key, a colour.
_NOT_TEXT_WORDS = frozenset(
    {"url", "urls", "href", "html", "id", "pk", "uuid", "slug", "color", "colour"}
)
#: Queryset methods that give one row, whose ``str()`` is text stored in it.
_ROW_METHODS = frozenset({"first", "last", "latest", "earliest", "get"})
#: Name-to-assignment hops followed to find where an object came from.
_MAX_HOPS = 6
_STRING_METHODS = frozenset(dir(str))


def is_text_attribute(attribute: str) -> bool:
    words = set(attribute.lower().strip("_").split("_"))
    return bool(words & TEXT_WORDS) and not words & _NOT_TEXT_WORDS


def shows_visitor_text(leaf: ast.AST, ctx: FileContext) -> bool:
    """Whether ``leaf`` (a part ``non_constant_leaves`` returned) carries request data or an object's text."""
    if isinstance(leaf, ast.expr) and ctx.tainted(leaf):
        return True
    if isinstance(leaf, ast.Attribute):
        return is_text_attribute(leaf.attr) and _from_caller(leaf.value, ctx)
    if isinstance(leaf, ast.Name):
        return _object_text(leaf.id, ctx) or _callers_pass_text(leaf.id, ctx)
    if isinstance(leaf, ast.Call):
        return _call_shows_text(leaf, ctx)
    return False


def _call_shows_text(call: ast.Call, ctx: FileContext) -> bool:
    """``getattr(obj, "bio")``, or a helper of this module given an object's text."""
    name = call_name(call)
    if name == "getattr" and len(call.args) >= 2:
        field = call.args[1]
        return (
            isinstance(field, ast.Constant)
            and isinstance(field.value, str)
            and is_text_attribute(field.value)
            and _from_caller(call.args[0], ctx)
        )
    if name in _ROW_METHODS and _from_caller(call, ctx):
        return True  # str() of a row fetched from a caller's queryset: the row's text
    if isinstance(call.func, ast.Name) and call.func.id in ctx.module_functions:
        arguments = [*call.args, *(k.value for k in call.keywords)]
        return any(shows_visitor_text(argument, ctx) for argument in arguments)
    return False


def _parameters(ctx: FileContext) -> set[str]:
    """Parameters of the functions around the node, ``self`` and ``cls`` included."""
    names: set[str] = set()
    for function in ctx.functions:
        args = function.node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        names.update(a.arg for a in every)
    return names


def _comprehension_iterable(name: str, ctx: FileContext) -> ast.expr | None:
    """What a comprehension's loop variable ``name`` walks, in the enclosing function."""
    scope: ast.AST = ctx.function.node if ctx.function is not None else ctx.tree
    for node in every_node(scope):
        if isinstance(node, ast.comprehension):
            targets = [t.id for t in every_node(node.target) if isinstance(t, ast.Name)]
            if name in targets:
                return node.iter
    return None


def _from_caller(node: ast.expr, ctx: FileContext, hops: int = 0) -> bool:
    """Whether the object comes from a caller (a parameter, ``self``) or the database, not from code."""
    while True:
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call):
            if is_fetch(node):
                return True
            func = node.func
            # ``TABLE.get(key)`` picks an entry of a table the code built (a manager's get() is a fetch).
            if not isinstance(func, ast.Attribute) or (
                func.attr == "get" and node.args
            ):
                return False
            node = func.value
        else:
            break
    if not isinstance(node, ast.Name) or hops >= _MAX_HOPS:
        return False
    if node.id in _parameters(ctx):
        return True
    values = ctx.assignments_reaching(node)
    iterable = None if values else _comprehension_iterable(node.id, ctx)
    if iterable is not None:
        values = [iterable]
    return any(_from_caller(value, ctx, hops + 1) for value in values)


def _object_text(name: str, ctx: FileContext) -> bool:
    """``name`` is an object from a caller (the function reads its attributes), so its ``str()`` is its text."""
    function = ctx.function
    if function is None or not _from_caller(ast.Name(id=name), ctx):
        return False
    return any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == name
        and node.attr not in _STRING_METHODS
        for node in every_node(function.node)
    )


def _calls_by_name(tree: ast.Module) -> dict[str, list[ast.Call]]:
    """The module's calls of a plain name (``helper(…)``), by that name, in ``ast.walk`` order."""
    calls: dict[str, list[ast.Call]] = {}
    for node in every_node(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, []).append(node)
    return calls


def _callers_pass_text(name: str, ctx: FileContext) -> bool:
    """``name`` is a parameter of a module function that some call in this module fills with visible text."""
    function = ctx.function
    if function is None or function.node.name not in ctx.module_functions:
        return False
    args = function.node.args
    positional = [a.arg for a in (*args.posonlyargs, *args.args)]
    if name not in positional and name not in (a.arg for a in args.kwonlyargs):
        return False
    if ctx.text.count(function.node.name) < 2:
        return False  # named only where it is defined: the module never calls it
    # One walk per file, however many parameters are asked about.
    calls = ctx.remember(_calls_by_name, lambda: _calls_by_name(ctx.tree))
    for call in calls.get(function.node.name, ()):
        passed = [k.value for k in call.keywords if k.arg == name]
        if name in positional and positional.index(name) < len(call.args):
            passed.append(call.args[positional.index(name)])
        if any(_visibly_text(value) for value in passed):
            return True
    return False


def _visibly_text(value: ast.expr) -> bool:
    """An argument that reads an object's text or request data where it is written (``team.name``), unescaped."""
    stack: list[ast.AST] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and call_name(node) in SANITIZERS:
            continue
        stack.extend(child_nodes(node))
        if isinstance(node, ast.Attribute) and (
            is_text_attribute(node.attr)
            or (
                node.attr in REQUEST_DATA
                and isinstance(node.value, ast.Name)
                and node.value.id == "request"
            )
        ):
            return True
    return False
