"""What the 6xx rules know about a URL pattern that serves files itself (``django.views.static.serve``)."""

from __future__ import annotations

from dataclasses import dataclass

from django_chained.facts.place import Place


@dataclass(frozen=True)
class ServeRoute:
    """A URL pattern routed to ``django.views.static.serve``."""

    route: str
    """The full pattern from ``ROOT_URLCONF``, e.g. ``^media/(?P<path>.*)$``."""
    place: Place | None
    """The URLconf line that routes it."""
    debug: bool | None
    """``DEBUG``; ``None`` when only known at run time (the standalone scan)."""
    debug_guarded: bool
    """Routed by ``static()``, which routes nothing while ``DEBUG`` is off."""
