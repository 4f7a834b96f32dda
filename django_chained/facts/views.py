"""What the audits know about a routed view: its URL, where it is defined, how it is guarded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django_chained.facts.place import Place

SINGLE, LIST = "single-object", "list"
#: The unsafe methods of a view whose handlers cannot be listed: any method reaches it.
ANY_METHOD = "any method"
#: The route shown for a view that no URLconf routes (the standalone scan reads views it cannot route).
NOT_ROUTED = "not found in a URLconf"


@dataclass(frozen=True)
class ObjectView:
    """A class-based list or single-object view (2xx)."""

    route: str
    """The full URL pattern from ``ROOT_URLCONF``, e.g. ``invoices/<int:pk>/``."""
    dotted: str
    """``module.ClassName``, as users write it in settings."""
    place: Place | None
    kind: str
    """``SINGLE`` or ``LIST``."""
    model: str | None
    """The model's label (``app.Model``), ``None`` when it cannot be named."""
    owner_path: str | None
    """The first lookup from the model to the user (``owner``, ``project__members``); ``"<owner>"`` for a
    model listed in ``CHAINED_OWNER_MODELS`` without one; ``None`` when no user owns the model's rows."""
    scoped: bool
    """Narrows rows to the user itself: ``OwnerQuerysetMixin``, its own ``get_queryset``/``get_object``,
    object permissions."""
    exemption: str | None = None
    """The reason recorded by ``@authorization_exempt`` or ``CHAINED_AUTHZ_EXEMPT_VIEWS``."""
    login_required: bool | None = None
    """Whether anonymous requests are kept out; ``None`` when the reader cannot tell."""
    accepts_post: bool | None = None
    """Whether it has a ``post()`` handler that is allowed; ``None`` when the reader cannot tell."""
    unconfirmed_check: str | None = None
    """``module.Class.method`` of the project's own ``has_permission``/``test_func`` on a single-object
    view, when it may answer for the object but is not seen fetching it; ``None`` otherwise."""
    attributed: bool = False
    """The model's only paths to the user are attribution fields (``created_by``, ``author``)."""
    only_reads: bool = False
    """A detail or list view (or read-only API) with no handler or hook that writes rows."""


@dataclass(frozen=True)
class CsrfExemptView:
    """A routed view made ``csrf_exempt`` (5xx)."""

    route: str
    dotted: str
    place: Place | None
    unsafe_methods: str
    """``"POST, PUT"``, ``ANY_METHOD`` or ``""`` (safe methods only)."""
    public: bool = False
    """Marked ``login_not_required``: an endpoint meant for anonymous callers."""
    checks_token_itself: bool = False
    """Django REST framework's ``APIView``: csrf_exempt, but its session authentication checks the token."""
    cookie_identity: bool = True
    """May act for the visitor its cookies name (``request.user``, the session, a login decorator);
    False only for a function view read to use none (``sourcetree.cookie_identity``)."""


@dataclass(frozen=True)
class XframeExemptView:
    """A routed view made ``xframe_options_exempt`` (5xx)."""

    route: str
    dotted: str
    place: Place | None


@dataclass(frozen=True)
class CsrfSite:
    """The settings the 5xx view rules depend on."""

    csrf_middleware: bool
    xframe_middleware: bool
    session_authentication: bool
    allowed: Mapping[str, str] = field(default_factory=dict)
    """``CHAINED_CSRF_EXEMPT_ALLOWED``: dotted path → the reason it may stay csrf_exempt."""
    login_everywhere: bool = False
    """``LoginRequiredMiddleware`` is listed: every view not marked ``login_not_required`` has a visitor."""
