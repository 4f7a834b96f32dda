"""Python rule modules register themselves: the walker runs every module of the package defining HANDLERS."""

from __future__ import annotations

import dataclasses
import importlib
import sys

import pytest

from django_chained.scan.python import walker
from django_chained.scan.python.handlers import Handlers


def test_every_rule_module_is_found():
    assert set(walker.rule_modules()) == {
        "access",
        "client_flags",
        "cookies",
        "file_helpers",
        "file_moves",
        "files",
        "form_fields",
        "listed_rows",
        "identity",
        "implicit_relations",
        "reflected_html",
        "serializer_relations",
        "sql",
        "state_on_get",
        "user_admin",
        "user_admin_views",
        "xss",
    }


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
