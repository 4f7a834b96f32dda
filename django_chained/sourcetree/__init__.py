"""Readers for ``django-chained scan``: a source tree's settings, pinned versions, models and views, never imported.

Not named ``static``: staticfiles' ``AppDirectoriesFinder`` would publish an app's ``static/`` folder.
"""

from __future__ import annotations
