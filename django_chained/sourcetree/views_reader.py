"""Views read from source: ``csrf_exempt`` however applied, class-based views and their models."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django_chained.facts.api_views import api_view_kind
from django_chained.facts.views import ANY_METHOD, LIST, SINGLE
from django_chained.sourcetree.class_facts import ClassFacts, assigned, class_facts
from django_chained.sourcetree.cookie_identity import uses_cookie_identity
from django_chained.sourcetree.method_limits import (
    UNSAFE,
    decorator_aliases,
    method_limit,
)
from django_chained.sourcetree.models_reader import last_name

SINGLE_VIEWS = frozenset(
    {"DetailView", "UpdateView", "DeleteView", "BaseDetailView", "BaseUpdateView", "BaseDeleteView", "SingleObjectMixin"}
)  # fmt: skip
LIST_VIEWS = frozenset({"ListView", "BaseListView", "MultipleObjectMixin"})


@dataclass(frozen=True)
class ExemptView:
    dotted: str
    path: Path
    line: int
    methods: str
    """``"POST, PUT"``, ``"any method"`` or ``""`` (safe methods only)."""


@dataclass(frozen=True)
class ObjectView:
    dotted: str
    path: Path
    line: int
    kind: str
    """``SINGLE`` or ``LIST``, as the 2xx audit says."""
    model: str
    """The model's class name."""
    klass: ClassFacts
    """Its class statement, read: how it guards its objects is read through its bases (``view_guard``)."""
    exemption: str | None
    """The reason given to ``@authorization_exempt`` (as written when not a literal)."""
    api: bool = False
    """A REST framework view: its permission classes and filter backends may guard it (``view_guard``)."""
    api_lookup: str | None = None
    """A REST framework view's own detail-route key, ``(?P<slug>[^/.]+)``; ``None`` for the default."""


def first_line(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> int:
    """The line of the first decorator, else of ``def``/``class``: where ``inspect`` says it starts."""
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _applies(decorator: ast.expr, name: str) -> bool:
    """``@name`` or ``@method_decorator(name…)``, e.g. ``csrf_exempt``."""
    if last_name(decorator) == name:
        return True
    if (
        isinstance(decorator, ast.Call)
        and last_name(decorator.func) == "method_decorator"
    ):
        first = decorator.args[0] if decorator.args else None
        if isinstance(first, (ast.List, ast.Tuple)):
            return any(last_name(e) == name for e in first.elts)
        return first is not None and last_name(first) == name
    return False


def _class_methods(
    node: ast.ClassDef,
) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {
        item.name: item
        for item in node.body
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def _class_unsafe_methods(node: ast.ClassDef) -> str:
    handlers = {name.upper() for name in _class_methods(node)} & set(UNSAFE)
    # Handlers inherited from a base we cannot see: assume the worst, as Django's view allows them.
    return ", ".join(sorted(handlers)) if handlers else ANY_METHOD


ViewNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _top_level_views(tree: ast.Module) -> Iterator[ViewNode]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node


def _carries(node: ViewNode, decorator: str) -> bool:
    """A function decorated with ``decorator``; a class with it on ``dispatch`` (either way)."""
    if not isinstance(node, ast.ClassDef):
        return any(_applies(d, decorator) for d in node.decorator_list)
    dispatch = _class_methods(node).get("dispatch")
    on_class = any(
        _applies(d, decorator) and _names_dispatch(d) for d in node.decorator_list
    )
    on_dispatch = dispatch is not None and any(
        _applies(d, decorator) for d in dispatch.decorator_list
    )
    return on_class or on_dispatch


def definitions(
    tree: ast.Module, module: str, path: Path
) -> Iterator[tuple[str, Path, int]]:
    """``(dotted path, file, line)`` of every top-level function and class: where a view is defined."""
    for node in _top_level_views(tree):
        yield f"{module}.{node.name}", path, first_line(node)


def exempt_views(tree: ast.Module, module: str, path: Path) -> Iterator[ExemptView]:
    """Views made ``csrf_exempt`` where they are defined."""
    aliases = decorator_aliases(tree)
    for node in _top_level_views(tree):
        if not _carries(node, "csrf_exempt"):
            continue
        if isinstance(node, ast.ClassDef):
            methods = _class_unsafe_methods(node)
        else:
            limit = method_limit(node.decorator_list, aliases)
            methods = ANY_METHOD if limit is None else limit
        yield ExemptView(f"{module}.{node.name}", path, first_line(node), methods)


def identity_free_views(tree: ast.Module, module: str) -> Iterator[str]:
    """Dotted paths of top-level function views that act for no visitor (``cookie_identity``)."""
    for node in _top_level_views(tree):
        if not isinstance(node, ast.ClassDef) and not uses_cookie_identity(node):
            yield f"{module}.{node.name}"


def decorated_views(
    tree: ast.Module, module: str, path: Path, decorator: str
) -> Iterator[tuple[str, int]]:
    """``(dotted path, line)`` of views carrying ``decorator`` on the function, the class or its ``dispatch``."""
    for node in _top_level_views(tree):
        if _carries(node, decorator):
            yield f"{module}.{node.name}", first_line(node)


def _names_dispatch(decorator: ast.expr) -> bool:
    if not isinstance(decorator, ast.Call):
        return False
    return any(
        k.arg == "name"
        and isinstance(k.value, ast.Constant)
        and k.value.value == "dispatch"
        for k in decorator.keywords
    )


def _exemption(node: ast.ClassDef) -> str | None:
    for decorator in node.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and last_name(decorator.func) == "authorization_exempt"
        ):
            given = [
                *decorator.args,
                *(k.value for k in decorator.keywords if k.arg == "reason"),
            ]
            reason = given[0] if given else None
            if isinstance(reason, ast.Constant) and isinstance(reason.value, str):
                return reason.value
            return ast.unparse(reason) if reason is not None else "exempt"
    return None


def object_views(tree: ast.Module, module: str, path: Path) -> Iterator[ObjectView]:
    """Class-based single-object and list views with a ``model``/``queryset`` we can name."""
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {last_name(base) for base in node.bases}
        kind = LIST if bases & LIST_VIEWS else SINGLE if bases & SINGLE_VIEWS else None
        api_kind = None if kind else api_view_kind(bases)
        model = _view_model(node)
        if (kind or api_kind) is None or model is None:
            continue
        yield ObjectView(
            f"{module}.{node.name}",
            path,
            first_line(node),
            kind or api_kind or SINGLE,
            model,
            class_facts(node),
            _exemption(node),
            api_kind is not None,
            _api_lookup(node) if api_kind else None,
        )


def _api_lookup(node: ast.ClassDef) -> str | None:
    """``(?P<kwarg>regex)`` from literal ``lookup_url_kwarg``/``lookup_field``/``lookup_value_regex``."""
    texts = {}
    for name in ("lookup_url_kwarg", "lookup_field", "lookup_value_regex"):
        value = assigned(node, name)
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            texts[name] = value.value
    if not texts:
        return None
    kwarg = texts.get("lookup_url_kwarg") or texts.get("lookup_field") or "pk"
    return f"(?P<{kwarg}>{texts.get('lookup_value_regex', '[^/.]+')})"


def _view_model(node: ast.ClassDef) -> str | None:
    for statement in node.body:
        if not (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id in {"model", "queryset"}
        ):
            continue
        value: ast.expr = statement.value
        while isinstance(value, (ast.Call, ast.Attribute)):  # Model.objects.filter(...)
            value = value.func if isinstance(value, ast.Call) else value.value
        if isinstance(value, ast.Name):
            return value.id
    return None
