"""django-chained: keep a Django site chained to its security settings."""

from __future__ import annotations
