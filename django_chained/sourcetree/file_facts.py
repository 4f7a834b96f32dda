"""What the standalone scan's readers take from one Python file: plain data, judged across files later.

Extracted once from a file's tree (``extract``), they are all the settings, URLconf, router, view,
class-hierarchy, model and media-route judgements need, so a file whose bytes are unchanged since the last scan need not be parsed
again (``facts_cache``). Every fact depends only on the file's bytes, its path and its module name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django_chained.sourcetree.class_facts import (
    ClassFacts,
    ModuleClasses,
    module_classes,
)
from django_chained.sourcetree.function_writers import FunctionWriter, function_writers
from django_chained.sourcetree.media_routes import SERVE, StaticCall, static_calls
from django_chained.sourcetree.models_reader import ModelClass, model_classes
from django_chained.sourcetree.router_reader import url_entries
from django_chained.sourcetree.settings_branches import debug_only_lines
from django_chained.sourcetree.settings_reader import looks_like_settings
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.urls_reader import RouteSource
from django_chained.sourcetree.views_reader import (
    ExemptView,
    ObjectView,
    decorated_views,
    definitions,
    exempt_views,
    identity_free_views,
    object_views,
)


@dataclass
class FileFacts:
    """One Python file's facts; ``failure`` (``(line, reason)``) when it could not be parsed."""

    path: Path
    module: str
    """The dotted module name, from the package folders above the file."""
    failure: tuple[int, str] | None = None
    settings_like: bool = False
    """Assigns a core Django setting or star-imports (``looks_like_settings``)."""
    models: list[ModelClass] = field(default_factory=list)
    """Top-level classes of a models module: which are models is decided across files."""
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """How the module names its imports (``class_index``)."""
    classes: tuple[ClassFacts, ...] = ()
    """Its top-level classes, read for the bases, methods and attributes a view inherits."""
    method_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``MethodFacts.key`` → the names the method uses, for those a judgement followed (read lazily)."""
    routes: list[RouteSource] = field(default_factory=list)
    """Its URLconf entries: ``path()``/``re_path()`` ones, then its REST framework routers'."""
    definitions: list[tuple[str, int]] = field(default_factory=list)
    """Dotted path and first line of each top-level function and class."""
    exempt: list[ExemptView] = field(default_factory=list)
    public: list[tuple[str, int]] = field(default_factory=list)
    """Views marked ``login_not_required``."""
    identity_free: list[str] = field(default_factory=list)
    """Function views that read no cookie-borne identity (``cookie_identity``)."""
    xframe: list[tuple[str, int]] = field(default_factory=list)
    """Views marked ``xframe_options_exempt``."""
    views: list[ObjectView] = field(default_factory=list)
    static: list[StaticCall] = field(default_factory=list)
    function_writers: list[FunctionWriter] = field(default_factory=list)
    """Function views saving request data through a serializer (W258)."""
    debug_only: set[int] = field(default_factory=set)
    """Lines of the routes to ``serve`` (explicit or ``static()``) inside ``if settings.DEBUG:`` blocks."""

    @property
    def serve_routes(self) -> list[RouteSource]:
        """Explicit ``path()``/``re_path()`` routes to ``serve``."""
        return [r for r in self.routes if r.view == SERVE and not r.include]

    @property
    def class_module(self) -> ModuleClasses:
        return ModuleClasses(self.module, self.imports, self.classes, self.path)


def extract(
    path: Path, module: ast.Module, name: str, source: bytes | None = None
) -> FileFacts:
    """The facts of one parsed file whose dotted module name is ``name``.

    ``source``, the file's bytes when at hand, spares the walk for ``static()`` calls of a file
    that never names ``static``, as an import or a call of the helper would.
    """
    classes = module_classes(module, name, path)
    facts = FileFacts(
        path=path,
        module=name,
        settings_like=looks_like_settings(module),
        models=model_classes(path, module),
        imports=classes.imports,
        classes=classes.classes,
        routes=list(url_entries(module, name, path)),
        definitions=[
            (dotted, line) for dotted, _, line in definitions(module, name, path)
        ],
        exempt=list(exempt_views(module, name, path)),
        public=list(decorated_views(module, name, path, "login_not_required")),
        identity_free=list(identity_free_views(module, name)),
        xframe=list(decorated_views(module, name, path, "xframe_options_exempt")),
        views=list(object_views(module, name, path)),
        static=static_calls(module, name)
        if source is None or b"static" in source
        else [],
        function_writers=list(function_writers(module)),
    )
    served = {r.line for r in facts.serve_routes} | {c.line for c in facts.static}
    if served:  # walking every node is costly: only URLconfs routing to serve need it
        facts.debug_only = served & debug_only_lines(module)
    return facts


def failed(path: Path, name: str, line: int, reason: str) -> FileFacts:
    return FileFacts(path=path, module=name, failure=(line, reason))


def facts_of(
    tree: SourceTree, parsed: Iterable[tuple[Path, ast.Module]]
) -> list[FileFacts]:
    """The facts of each parsed file of ``tree``."""
    return [extract(path, module, tree.module_name(path)) for path, module in parsed]
