"""URLconfs read from source: imports, the views ``path()``/``re_path()`` name, and full routes through ``include()``."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.models_reader import dotted_name, last_name

ROUTE_FUNCTIONS = frozenset({"path", "re_path", "url"})
URL_MODULES = ("django.urls", "django.conf.urls")
#: What a URLconf imports: a route function or ``include``, or one of the modules themselves.
_URLCONF_IMPORTS = frozenset(
    {*URL_MODULES}
    | {f"{m}.{name}" for m in URL_MODULES for name in (*ROUTE_FUNCTIONS, "include")}
)


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


def module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` (or built from earlier ones): what a computed route may use."""
    found: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            value = _string_value(node.value, found)
            if value is not None:
                found[node.targets[0].id] = value
    return found


def _string_value(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _string_value(node.left, constants)
        right = _string_value(node.right, constants)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.conversion != -1 or value.format_spec is not None:
                    return None
                value = value.value
            text = _string_value(value, constants)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    return None


def route_text(node: ast.expr, constants: dict[str, str]) -> str:
    """A route as Django builds it: a literal, a module constant, ``+`` or an f-string of them.

    Anything else (``settings.API_PREFIX``, a function call) shows as its source in braces, so the
    full route never silently names another URL.
    """
    value = _string_value(node, constants)
    return value if value is not None else "{" + ast.unparse(node) + "}"


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
    if _URLCONF_IMPORTS.isdisjoint(imports.values()):
        # No URLconf: path()/re_path() come from django.urls (url() from django.conf.urls);
        # most modules importing reverse() from there are not worth a walk of every node.
        return
    local = {
        n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
    }
    constants = module_strings(tree)
    for node in every_node(tree):
        if not (
            isinstance(node, ast.Call)
            and last_name(node.func) in ROUTE_FUNCTIONS
            and len(node.args) >= 2
        ):
            continue
        route = route_text(node.args[0], constants)
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


def root_urlconf(settings: Any) -> str | None:
    """``ROOT_URLCONF`` when the settings give it as a module name, else ``None``."""
    value = getattr(settings, "ROOT_URLCONF", None)
    return value if isinstance(value, str) else None


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


def module_prefixes(
    entries: list[RouteSource], root_urlconf: str | None
) -> dict[str, list[str]]:
    """URLconf module → every route prefix ``include()``s from ``root_urlconf`` give it, in URLconf order.

    The root gets ``[""]``; a module included twice gets both prefixes, as Django routes it twice.
    """
    includes: dict[str, list[RouteSource]] = {}
    for entry in entries:
        if entry.include:
            includes.setdefault(entry.module, []).append(entry)
    found: dict[str, list[str]] = {}

    def walk(module: str, prefix: str, seen: frozenset[str]) -> None:
        found.setdefault(module, []).append(prefix)
        for entry in includes.get(module, []):
            if entry.view not in seen:
                walk(entry.view, prefix + entry.route, seen | {entry.view})

    if root_urlconf:
        walk(root_urlconf, "", frozenset({root_urlconf}))
    return found
