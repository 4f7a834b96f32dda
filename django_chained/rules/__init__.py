"""django-chained's rule catalogue: see :mod:`django_chained.rules.catalogue`."""

from __future__ import annotations
