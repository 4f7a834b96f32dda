"""Static readers for ``django-chained scan``: settings, pinned versions and models, never imported."""

from __future__ import annotations
