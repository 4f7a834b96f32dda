"""Django's release history, support windows and security advisories, and what they mean for one version.

Nothing here imports the shipped data table until a function needs it (``table.shipped_table()``).
"""

from __future__ import annotations
