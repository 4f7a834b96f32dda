"""2xx: whether a view only reads the row it fetched by a client's key: renders it, returns it, tests it.

What the project pass needs to report a fetch of an attributed model (``created_by``) as
``django_chained.I213`` rather than ``W250``: serving such rows may be the site's intent, writing
them never is. Anything the reading cannot follow (a method called on the row, the row handed to
another function, an attribute assigned) counts as a possible write.
"""

from __future__ import annotations

import ast

from django_chained.attribution import reads_only
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.syntax import call_name

#: Calls that turn what they are given into a response or text, writing nothing.
_RESPONSES = frozenset(
    {"render", "render_to_response", "render_to_string", "TemplateResponse", "JsonResponse", "HttpResponse", "Response", "model_to_dict", "str", "len", "bool"}
)  # fmt: skip
#: Queryset and row methods that only read.
_READS = frozenset(
    {"all", "filter", "exclude", "first", "last", "get", "exists", "count", "values", "values_list", "order_by", "select_related", "prefetch_related", "only", "defer", "annotate", "distinct", "get_absolute_url"}
)  # fmt: skip
_THROUGH = (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.keyword, ast.Starred, ast.IfExp, ast.BoolOp, ast.Compare, ast.UnaryOp, ast.FormattedValue, ast.JoinedStr)  # fmt: skip
_MAX_NAMES = 3


def only_read(call: ast.Call, function: FunctionInfo) -> bool:
    """Whether the row ``call`` fetches is only rendered, returned or tested by ``function``."""
    parents = {
        child: parent
        for parent in every_node(function.node)
        for child in child_nodes(parent)
    }
    if function.node.name in ("get_object", "get_queryset"):
        # What the view does with the row it returns is decided by the view's kind.
        return _read_view(function) and _read_where(call, parents, function, 0)
    return _read_where(call, parents, function, 0)


def _read_view(function: FunctionInfo) -> bool:
    klass = function.enclosing_class
    if klass is None:
        return False
    bases = [
        base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        for base in klass.bases
    ]
    methods = [
        node.name
        for node in klass.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    return reads_only(bases, methods)


def _read_where(
    node: ast.AST, parents: dict[ast.AST, ast.AST], function: FunctionInfo, depth: int
) -> bool:
    """Whether the value of ``node`` only flows into responses, returns, tests and other reads."""
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Attribute):
            if not isinstance(parent.ctx, ast.Load):
                return False  # row.title = …
            above = parents.get(parent)
            if isinstance(above, ast.Call) and above.func is parent:
                if parent.attr not in _READS:
                    return False  # row.save(), row.items.create(…)
                child, parent = above, parents.get(above)
                continue
        elif isinstance(parent, ast.Subscript):
            if not isinstance(parent.ctx, ast.Load):
                return False
        elif isinstance(parent, ast.Call):
            name = call_name(parent) or ""
            if parent.func is child:
                return False
            if name in _RESPONSES:
                return True
            if not _serializer_read(parent, name):
                return False  # handed to a function that may write it
        elif isinstance(parent, ast.Return | ast.Expr):
            return True
        elif isinstance(parent, ast.If | ast.While | ast.Assert):
            return child is parent.test
        elif isinstance(parent, ast.Assign):
            return _names_read(parent.targets, parents, function, depth)
        elif not isinstance(parent, _THROUGH):
            return False
        child, parent = parent, parents.get(parent)
    return False


def _serializer_read(call: ast.Call, name: str) -> bool:
    """``ProductSerializer(product)``: a serializer given no ``data=`` only reads its instance."""
    return name.endswith("Serializer") and not any(
        k.arg == "data" for k in call.keywords
    )


def _names_read(
    targets: list[ast.expr],
    parents: dict[ast.AST, ast.AST],
    function: FunctionInfo,
    depth: int,
) -> bool:
    """Whether every use of the plain names assigned is a read (``context = {"product": product}``)."""
    if depth >= _MAX_NAMES or not all(isinstance(t, ast.Name) for t in targets):
        return False
    names = {t.id for t in targets if isinstance(t, ast.Name)}
    uses = [
        node
        for node in every_node(function.node)
        if isinstance(node, ast.Name)
        and node.id in names
        and isinstance(node.ctx, ast.Load)
    ]
    return all(_read_where(use, parents, function, depth + 1) for use in uses)
