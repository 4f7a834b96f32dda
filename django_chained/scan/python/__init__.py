"""Python-source rules: one ``ast`` parse per file, every rule a handler in one pruned walk."""

from __future__ import annotations
