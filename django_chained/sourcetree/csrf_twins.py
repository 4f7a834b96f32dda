"""The standalone scan's facts about ``csrf_exempt`` (``W501``/``I502``/``I503``) and
``xframe_options_exempt`` (``W504``/``I505``) views, read from source and judged as inside Django."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django_chained.conf import Settings
from django_chained.facts.place import Place
from django_chained.facts.site import SubclassTest, csrf_site
from django_chained.facts.views import (
    ANY_METHOD,
    NOT_ROUTED,
    CsrfExemptView,
    CsrfSite,
    XframeExemptView,
)
from django_chained.judgement.csrf import judge_csrf_exempt, judge_xframe_exempt
from django_chained.report import Record
from django_chained.sourcetree.class_index import ClassIndex, OutsideClass, TreeClass
from django_chained.sourcetree.tree import SourceTree
from django_chained.sourcetree.urls_reader import (
    RouteSource,
    full_routes,
    root_urlconf,
)
from django_chained.sourcetree.views_reader import ExemptView

if TYPE_CHECKING:
    from django_chained.sourcetree.file_facts import FileFacts


def tree_subclass_test(index: ClassIndex) -> SubclassTest:
    """Whether a middleware path names a class of the tree that extends Django's at the other path."""

    def subclass_of(entry: str, django_path: str) -> bool:
        module, _, name = entry.rpartition(".")
        found = index.lookup(module, name)
        if not isinstance(found, TreeClass):
            return False
        base_module, _, base_name = django_path.rpartition(".")
        return any(
            isinstance(c, OutsideClass)
            and c.name == base_name
            and c.module in (base_module, None)
            for c in index.ancestry(found)
        )

    return subclass_of


def site_facts(s: Any, index: ClassIndex) -> CsrfSite:
    """The settings the 5xx view judgement depends on, as the static settings read them."""
    allowed = dict(Settings(s).CHAINED_CSRF_EXEMPT_ALLOWED)
    return csrf_site(s, allowed, tree_subclass_test(index))


def csrf_exempt_findings(
    tree: SourceTree,
    read: list[FileFacts],
    url_routes: list[RouteSource],
    s: Any,
    site: CsrfSite,
) -> list[Record]:
    """W501/I502/I503 for views made ``csrf_exempt`` where defined or in a URLconf."""
    defined: dict[str, ExemptView] = {}
    public: set[str] = set()  # views marked login_not_required where they are defined
    identity_free: set[str] = set()
    places: dict[str, tuple[Path, int]] = {}
    for facts in read:
        places.update(
            (dotted, (facts.path, line)) for dotted, line in facts.definitions
        )
        for view in facts.exempt:
            defined[view.dotted] = view
        public.update(dotted for dotted, _ in facts.public)
        identity_free.update(facts.identity_free)
    for entry in url_routes:  # csrf_exempt(...) applied in the URLconf itself
        if entry.exempt and entry.view not in defined:
            # Placed where the view is defined, as inside Django; the URLconf line if it is not in the tree.
            path, line = places.get(entry.view, (entry.path, entry.line))
            defined[entry.view] = ExemptView(entry.view, path, line, ANY_METHOD)
    route_of = full_routes(url_routes, root_urlconf(s))
    judged = (
        judge_csrf_exempt(
            CsrfExemptView(
                route=route_of.get(view.dotted, NOT_ROUTED),
                dotted=view.dotted,
                place=Place(str(view.path), view.line),
                unsafe_methods=view.methods,
                public=view.dotted in public,
                cookie_identity=view.dotted not in identity_free,
            ),
            site,
        )
        for view in defined.values()
    )
    return [
        Record.from_check_message(message, tree.root)
        for message in judged
        if message is not None
    ]


def xframe_exempt_findings(
    tree: SourceTree,
    read: list[FileFacts],
    url_routes: list[RouteSource],
    s: Any,
    site: CsrfSite,
) -> list[Record]:
    """W504 (I505 without XFrameOptionsMiddleware) for ``xframe_options_exempt`` views."""
    route_of = full_routes(url_routes, root_urlconf(s))
    return [
        Record.from_check_message(
            judge_xframe_exempt(
                XframeExemptView(
                    route_of.get(view, NOT_ROUTED), view, Place(str(facts.path), line)
                ),
                site,
            ),
            tree.root,
        )
        for facts in read
        for view, line in facts.xframe
    ]
