"""Python rule modules register themselves: the walker runs every module of the package defining HANDLERS."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import sys
from pathlib import Path

import pytest

from django_chained.scan.python import walker
from django_chained.scan.python.handlers import Handlers


def _modules_assigning_handlers() -> set[str]:
    """The package's modules whose source assigns ``HANDLERS`` at top level, read without importing."""
    package = Path(walker.__file__).parent
    found = set()
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Assign | ast.AnnAssign)
            and any(
                isinstance(t, ast.Name) and t.id == "HANDLERS"
                for t in (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
            )
            for node in tree.body
        ):
            found.add(source.stem)
    return found


def test_every_rule_module_is_found():
    # Compared with the sources, not with a list to keep: adding a rule module touches no test here.
    found = set(walker.rule_modules())
    assert found == _modules_assigning_handlers()
    # The concerns' first rule modules, so the comparison cannot pass on two empty sets.
    assert {"access", "cookies", "files", "form_fields", "sql", "xss"} <= found


def test_call_names_trigger_a_walk_unless_too_common():
    for handlers in walker.RULES:
        for name in handlers.calls:
            assert (name in walker.TRIGGER_WORDS) != (name in handlers.not_triggers)
        assert handlers.triggers <= walker.TRIGGER_WORDS
    assert {"get", "filter"}.isdisjoint(walker.TRIGGER_WORDS)


def test_a_new_rule_module_is_found_without_being_listed(tmp_path, monkeypatch):
    (tmp_path / "zz_rule.py").write_text(
        "from django_chained.scan.python.handlers import Handlers\n"
        "def check_eval(call, ctx):\n"
        "    pass\n"
        "HANDLERS = Handlers(calls={'eval': check_eval})\n"
    )
    package = importlib.import_module("django_chained.scan.python")
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    monkeypatch.delitem(
        sys.modules, "django_chained.scan.python.zz_rule", raising=False
    )
    found = walker.rule_modules()
    assert isinstance(found["zz_rule"], Handlers)
    assert set(found["zz_rule"].calls) == {"eval"}


def test_registered_handlers_cannot_be_changed_afterwards():
    """The walker flattens every module's handlers once, at import: a later change would be ignored."""
    handlers = walker.rule_modules()["xss"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        handlers.calls = {}  # type: ignore[misc]
    assert "mark_safe" in handlers.calls
