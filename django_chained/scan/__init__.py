"""The scan engine: first-party Python code and templates, parsed once, never imported."""

from __future__ import annotations
