"""Walk the URLconf: every pattern with its full route, view callback and view class."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One resolvable URL pattern, flattened out of its includes."""

    route: str
    """The full pattern text from the root, e.g. ``notes/<int:pk>/``."""
    callback: Any
    name: str | None
    namespace: str | None
    default_kwargs: frozenset[str] = frozenset()
    """Names of the extra kwargs given by ``path(..., kwargs)`` or ``include(..., kwargs)``."""
    urlconf_file: str | None = None
    """The source file of the URLconf module whose ``urlpatterns`` hold the pattern, when known."""
    local_route: str = ""
    """The pattern's own text, as written in that URLconf (without the ``include()`` prefixes)."""
    included_from: str | None = None
    """The source file of the URLconf whose ``include()`` brought in ``urlconf_file``, when known."""

    @property
    def view_class(self) -> type | None:
        """The class behind ``as_view()``, or ``None`` for a function view."""
        return getattr(self.callback, "view_class", None) or getattr(
            self.callback, "cls", None
        )

    @property
    def view_initkwargs(self) -> dict[str, Any]:
        return dict(getattr(self.callback, "view_initkwargs", None) or {})

    @property
    def dotted_path(self) -> str:
        """``module.qualname`` of the view class or function, as users write it in settings."""
        target = self.view_class or self.callback
        module = getattr(target, "__module__", None) or "?"
        qualname = getattr(target, "__qualname__", None) or type(target).__qualname__
        return f"{module}.{qualname}"

    @property
    def url_kwargs(self) -> frozenset[str]:
        """Named groups/converters in the full route (what the view receives as kwargs, besides ``default_kwargs``)."""
        return _kwarg_names(self.route)


@dataclass(frozen=True)
class Unresolvable:
    """A pattern or include that could not be loaded; reported, never skipped silently."""

    route: str
    error: str


#: path() converters (``<int:pk>``) and re_path() named groups (``(?P<pk>...)``) both end in ``<name>``.
KWARG_NAME = re.compile(r"<(?:\w+:)?(\w+)>")


def _kwarg_names(route: str) -> frozenset[str]:
    return frozenset(KWARG_NAME.findall(route))


def walk(urlconf: str | ModuleType | None = None) -> Iterator[Route | Unresolvable]:
    """Yield every pattern of ``urlconf`` (default ``ROOT_URLCONF``), depth first, in URLconf order.

    ``urlconf`` is a dotted module path or a module object with ``urlpatterns``.
    """
    try:
        resolver = get_resolver(urlconf)  # type: ignore[arg-type]  # Django accepts a module too
        patterns = list(resolver.url_patterns)
    except Exception as exc:
        # An import error in a user's urls.py must become a finding.
        yield Unresolvable(route="", error=f"{type(exc).__name__}: {exc}")
        return
    yield from _walk(
        patterns,
        prefix="",
        namespace=None,
        defaults=frozenset(),
        source=_module_file(resolver.urlconf_module),
    )


def _module_file(urlconf_module: Any) -> str | None:
    """The file of an URLconf module; ``None`` for ``include([...])`` lists and modules without one."""
    if isinstance(urlconf_module, ModuleType):
        return getattr(urlconf_module, "__file__", None)
    return None


def _walk(
    patterns: list[Any],
    prefix: str,
    namespace: str | None,
    defaults: frozenset[str],
    source: str | None,
    includer: str | None = None,
) -> Iterator[Route | Unresolvable]:
    for pattern in patterns:
        text = prefix + str(getattr(pattern, "pattern", ""))
        if isinstance(pattern, URLResolver):
            inner_ns = namespace
            if pattern.namespace:
                inner_ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            try:
                children = list(pattern.url_patterns)
            except Exception as exc:  # a broken include() is reported, the walk goes on
                yield Unresolvable(route=text, error=f"{type(exc).__name__}: {exc}")
                continue
            inner_defaults = defaults | frozenset(pattern.default_kwargs)
            # include([...]) lists are written in the including module itself.
            listed = isinstance(pattern.urlconf_module, (list, tuple))
            inner_source = source if listed else _module_file(pattern.urlconf_module)
            yield from _walk(
                children,
                text,
                inner_ns,
                inner_defaults,
                inner_source,
                includer if listed else source,
            )
        elif isinstance(pattern, URLPattern):
            yield Route(
                route=text,
                callback=pattern.callback,
                name=pattern.name,
                namespace=namespace,
                default_kwargs=defaults | frozenset(pattern.default_args),
                urlconf_file=source,
                local_route=str(pattern.pattern),
                included_from=includer,
            )
        else:
            yield Unresolvable(
                route=text, error=f"unknown pattern type {type(pattern).__name__}"
            )
