"""Which functions a rule module asked the file for the facts of: what it read beyond its first test."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import pytest

from django_chained.scan.python.context import FileContext


def functions_read_by(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[str]:
    """Names of the functions ``module``'s handlers ask ``FileContext.function_info`` about, as they do."""
    read: list[str] = []
    original = FileContext.function_info

    def spy(self: FileContext, node: Any) -> Any:
        if sys._getframe(1).f_globals.get("__name__") == module.__name__:
            read.append(node.name)
        return original(self, node)

    monkeypatch.setattr(FileContext, "function_info", spy)
    return read
