"""Views read from source: ``csrf_exempt`` however applied, class-based views and their models, URL routes."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django_chained.checks.csrf_introspect import ANY_METHOD
from django_chained.sourcetree.models_reader import dotted_name, last_name

UNSAFE = ("DELETE", "PATCH", "POST", "PUT")
SINGLE_VIEWS = frozenset(
    {"DetailView", "UpdateView", "DeleteView", "BaseDetailView", "BaseUpdateView", "BaseDeleteView", "SingleObjectMixin"}
)  # fmt: skip
LIST_VIEWS = frozenset({"ListView", "BaseListView", "MultipleObjectMixin"})
#: Bases that scope or check objects themselves (ours, Django's test_func, guardian, rules).
SCOPING_BASES = frozenset(
    {"OwnerQuerysetMixin", "PermissionRequiredMixin", "PermissionListMixin", "AutoPermissionRequiredMixin"}
)  # fmt: skip
ROUTE_FUNCTIONS = frozenset({"path", "re_path", "url"})
URL_MODULES = ("django.urls", "django.conf.urls")


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
    """``single-object`` or ``list``, as the 2xx audit says."""
    model: str
    """The model's class name."""
    scoped: bool
    exempt: bool


def imports_of(tree: ast.Module, module: str) -> dict[str, str]:
    """Local name → dotted target for the module's ``import``/``from … import`` statements."""
    package = module.rsplit(".", 1)[0] if "." in module else ""
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".") if package else []
                parent = (
                    parent[: len(parent) - (node.level - 1)]
                    if node.level > 1
                    else parent
                )
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}".strip(".")
    return names


def resolve(
    node: ast.expr, module: str, imports: dict[str, str], local: set[str]
) -> str | None:
    """The dotted path a view expression names: ``views.f`` → ``app.views.f``; ``V.as_view()`` → ``…V``."""
    if isinstance(node, ast.Call) and last_name(node.func) == "as_view":
        assert isinstance(node.func, ast.Attribute)
        node = node.func.value
    text = dotted_name(node)
    if not text or text.endswith("()"):
        return None
    head, _, rest = text.partition(".")
    if head in imports:
        return f"{imports[head]}.{rest}".rstrip(".")
    if head in local:
        return f"{module}.{text}"
    return None


def first_line(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> int:
    """The line of the first decorator, else of ``def``/``class``: where ``inspect`` says it starts."""
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _decorator_names(decorators: Iterable[ast.expr]) -> Iterator[tuple[str, ast.expr]]:
    for decorator in decorators:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        yield last_name(target), decorator


def _method_limit(decorators: list[ast.expr]) -> str | None:
    """The unsafe methods a ``require_*`` decorator leaves, or ``None`` when unrestricted."""
    for name, decorator in _decorator_names(decorators):
        if name in {"require_GET", "require_safe"}:
            return ""
        if name == "require_POST":
            return "POST"
        if (
            name == "require_http_methods"
            and isinstance(decorator, ast.Call)
            and decorator.args
        ):
            try:
                allowed = {str(m).upper() for m in ast.literal_eval(decorator.args[0])}
            except (ValueError, TypeError, SyntaxError):
                return None
            return ", ".join(sorted(allowed & set(UNSAFE)))
    return None


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


def _is_csrf_exempt(decorator: ast.expr) -> bool:
    return _applies(decorator, "csrf_exempt")


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


def exempt_views(tree: ast.Module, module: str, path: Path) -> Iterator[ExemptView]:
    """Views made ``csrf_exempt`` where they are defined."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(_is_csrf_exempt(d) for d in node.decorator_list):
                limit = _method_limit(node.decorator_list)
                methods = ANY_METHOD if limit is None else limit
                yield ExemptView(
                    f"{module}.{node.name}", path, first_line(node), methods
                )
        elif isinstance(node, ast.ClassDef):
            dispatch = _class_methods(node).get("dispatch")
            on_class = any(
                _is_csrf_exempt(d) and _names_dispatch(d) for d in node.decorator_list
            )
            on_dispatch = dispatch is not None and any(
                _is_csrf_exempt(d) for d in dispatch.decorator_list
            )
            if on_class or on_dispatch:
                yield ExemptView(
                    f"{module}.{node.name}",
                    path,
                    first_line(node),
                    _class_unsafe_methods(node),
                )


def decorated_views(
    tree: ast.Module, module: str, path: Path, decorator: str
) -> Iterator[tuple[str, int]]:
    """``(dotted path, line)`` of views carrying ``decorator`` on the function, the class or its ``dispatch``."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if any(_applies(d, decorator) for d in node.decorator_list):
                yield f"{module}.{node.name}", first_line(node)
        elif isinstance(node, ast.ClassDef):
            dispatch = _class_methods(node).get("dispatch")
            on_class = any(
                _applies(d, decorator) and _names_dispatch(d)
                for d in node.decorator_list
            )
            on_dispatch = dispatch is not None and any(
                _applies(d, decorator) for d in dispatch.decorator_list
            )
            if on_class or on_dispatch:
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


@dataclass(frozen=True)
class RouteSource:
    route: str
    view: str
    """The view's dotted path, or the included URLconf's module for an ``include()``."""
    exempt: bool
    """Wrapped in ``csrf_exempt(...)`` inside the URLconf itself."""
    path: Path
    line: int
    module: str = ""
    """The URLconf module this entry is written in."""
    include: bool = False


def _included_module(node: ast.expr, module: str) -> str | None:
    if not (
        isinstance(node, ast.Call) and last_name(node.func) == "include" and node.args
    ):
        return None
    target = node.args[0]
    if isinstance(target, ast.Tuple) and target.elts:
        target = target.elts[0]
    if isinstance(target, ast.Constant) and isinstance(target.value, str):
        return target.value
    return None


def routes(tree: ast.Module, module: str, path: Path) -> Iterator[RouteSource]:
    """``path()``/``re_path()`` entries whose view (or ``include()``d URLconf) the source names directly."""
    imports = imports_of(tree, module)
    if not any(target.startswith(URL_MODULES) for target in imports.values()):
        return  # no URLconf: path()/re_path() come from django.urls (url() from django.conf.urls)
    local = {
        n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
    }
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and last_name(node.func) in ROUTE_FUNCTIONS
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Constant)
        ):
            continue
        route = str(node.args[0].value)
        view = node.args[1]
        included = _included_module(view, module)
        if included is not None:
            yield RouteSource(route, included, False, path, node.lineno, module, True)
            continue
        exempt = isinstance(view, ast.Call) and last_name(view.func) == "csrf_exempt"
        if exempt and isinstance(view, ast.Call) and view.args:
            view = view.args[0]
        dotted = resolve(view, module, imports, local)
        if dotted is not None:
            yield RouteSource(route, dotted, exempt, path, node.lineno, module)


def full_routes(entries: list[RouteSource], root_urlconf: str | None) -> dict[str, str]:
    """View dotted path → its first full route from ``root_urlconf`` through ``include()``s.

    Views of URLconfs the root does not reach keep the route as written locally.
    """
    by_module: dict[str, list[RouteSource]] = {}
    for entry in entries:
        by_module.setdefault(entry.module, []).append(entry)
    found: dict[str, str] = {}

    def walk(module: str, prefix: str, seen: frozenset[str]) -> None:
        for entry in by_module.get(module, []):
            if entry.include:
                if entry.view not in seen:
                    walk(entry.view, prefix + entry.route, seen | {entry.view})
            else:
                found.setdefault(entry.view, prefix + entry.route)

    if root_urlconf:
        walk(root_urlconf, "", frozenset({root_urlconf}))
    for entry in entries:
        if not entry.include:
            found.setdefault(entry.view, entry.route)
    return found


def object_views(
    tree: ast.Module, module: str, path: Path, exempt_names: set[str]
) -> Iterator[ObjectView]:
    """Class-based single-object and list views with a ``model``/``queryset`` we can name."""
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {last_name(base) for base in node.bases}
        kind = (
            "list"
            if bases & LIST_VIEWS
            else "single-object"
            if bases & SINGLE_VIEWS
            else None
        )
        model = _view_model(node)
        if kind is None or model is None:
            continue
        methods = _class_methods(node)
        scoped = bool(
            bases & SCOPING_BASES
            or "get_queryset" in methods
            or "get_object" in methods
            or (kind == "single-object" and "UserPassesTestMixin" in bases)
        )
        dotted = f"{module}.{node.name}"
        exempt = dotted in exempt_names or any(
            last_name(d.func if isinstance(d, ast.Call) else d)
            == "authorization_exempt"
            for d in node.decorator_list
        )
        yield ObjectView(dotted, path, first_line(node), kind, model, scoped, exempt)


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
