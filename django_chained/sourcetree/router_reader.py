"""REST framework routers read from source: each ``router.register()`` as the routes the router builds.

A router ``r`` of module ``m`` is a URLconf of its own, named ``m:r``: ``include(r.urls)`` and
``urlpatterns += r.urls`` include it like a module, so ``full_routes`` gives its views their full
routes through every ``include()``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from django_chained.scan.python.node_walk import every_node
from django_chained.sourcetree.models_reader import last_name
from django_chained.sourcetree.urls_reader import (
    ROUTE_FUNCTIONS,
    RouteSource,
    imports_of,
    module_strings,
    resolve,
    route_text,
    routes,
)

#: Appended to a viewset's dotted path for its detail route (``^tasks/(?P<pk>[^/.]+)/$``).
DETAIL = "#detail"
#: The detail route's key as a router writes it when the viewset does not set ``lookup_*``.
DEFAULT_LOOKUP = "(?P<pk>[^/.]+)"


def router_name(module: str, router: str) -> str:
    """The pseudo-module that stands for ``router`` of ``module``."""
    return f"{module}:{router}"


def routers_of(tree: ast.Module) -> dict[str, str]:
    """Module-level ``name = SomeRouter(...)`` → the trailing slash the router appends (``"/"`` or ``""``)."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and last_name(node.value.func).endswith("Router")
        ):
            continue
        slash = "/"
        for keyword in node.value.keywords:
            if keyword.arg == "trailing_slash" and isinstance(
                keyword.value, ast.Constant
            ):
                slash = (
                    "/"
                    if keyword.value.value is True
                    else str(keyword.value.value or "")
                )
        found[node.targets[0].id] = slash
    return found


def included_router(node: ast.expr, module: str, routers: dict[str, str]) -> str | None:
    """``r.urls`` (as in ``include(r.urls)`` or ``include((r.urls, "api"))``) → the router's pseudo-module."""
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    if (
        isinstance(node, ast.Attribute)
        and node.attr == "urls"
        and isinstance(node.value, ast.Name)
        and node.value.id in routers
    ):
        return router_name(module, node.value.id)
    return None


def url_entries(tree: ast.Module, module: str, path: Path) -> Iterator[RouteSource]:
    """Every URLconf entry of the module: ``path()``/``re_path()`` ones, then its routers'."""
    yield from routes(tree, module, path)
    yield from router_routes(tree, module, path)


def router_routes(tree: ast.Module, module: str, path: Path) -> Iterator[RouteSource]:
    """The list and detail route of each registered viewset, and where the module includes its routers."""
    routers = routers_of(tree)
    if not routers:
        return
    imports = imports_of(tree, module)
    local = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    constants = module_strings(tree)
    for node in every_node(tree):
        call_of = _register_call(node, routers)
        if call_of is not None:
            assert isinstance(node, ast.Call)
            yield from _registration(
                node, call_of, routers, module, imports, local, constants, path
            )
        elif (urls := _urlpatterns_extension(node)) is not None:
            included = included_router(urls, module, routers)
            if included is not None:
                line = getattr(node, "lineno", 0)
                yield RouteSource("", included, False, path, line, module, True)
        elif (prefixed := _path_including_router(node, module, routers)) is not None:
            route, included = prefixed
            yield RouteSource(
                route_text(route, constants),
                included,
                False,
                path,
                getattr(node, "lineno", 0),
                module,
                True,
            )


def _path_including_router(
    node: ast.AST, module: str, routers: dict[str, str]
) -> tuple[ast.expr, str] | None:
    """``path("api/", include(r.urls))`` → (its route, the router's pseudo-module)."""
    if not (
        isinstance(node, ast.Call)
        and last_name(node.func) in ROUTE_FUNCTIONS
        and len(node.args) >= 2
    ):
        return None
    view = node.args[1]
    if not (
        isinstance(view, ast.Call) and last_name(view.func) == "include" and view.args
    ):
        return None
    included = included_router(view.args[0], module, routers)
    return None if included is None else (node.args[0], included)


def _register_call(node: ast.AST, routers: dict[str, str]) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "register"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in routers
        and len(node.args) >= 2
    ):
        return node.func.value.id
    return None


def _registration(
    node: ast.Call,
    router: str,
    routers: dict[str, str],
    module: str,
    imports: dict[str, str],
    local: set[str],
    constants: dict[str, str],
    path: Path,
) -> Iterator[RouteSource]:
    view = resolve(node.args[1], module, imports, local)
    if view is None:
        return
    prefix, slash = route_text(node.args[0], constants), routers[router]
    where = router_name(module, router)
    yield RouteSource(f"^{prefix}{slash}$", view, False, path, node.lineno, where)
    detail = f"^{prefix}/{DEFAULT_LOOKUP}{slash}$"
    yield RouteSource(detail, view + DETAIL, False, path, node.lineno, where)


def _urlpatterns_extension(node: ast.AST) -> ast.expr | None:
    """``r.urls`` in ``urlpatterns += r.urls``, ``urlpatterns = [...] + r.urls`` or ``urlpatterns = r.urls``."""
    if (
        isinstance(node, ast.AugAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "urlpatterns"
    ):
        return node.value
    if not (
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in node.targets)
    ):
        return None
    value = node.value
    while isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        if isinstance(value.right, ast.Attribute):
            return value.right
        value = value.left
    return value if isinstance(value, ast.Attribute) else None


def detail_route(route: str, lookup: str | None) -> str:
    """A router detail route with the viewset's own ``(?P<name>regex)`` key, when it sets one."""
    return route.replace(DEFAULT_LOOKUP, lookup) if lookup else route
