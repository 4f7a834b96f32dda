"""The validators of CHAINED_* settings: what each says is wrong with a value, every part checked."""

from __future__ import annotations

import pytest

from django_chained.settings_spec import Problem, nested_reason_map, str_sequence


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            ["django_chained.W501"],
            Problem(
                "type", "must be a dict mapping check IDs to {object: reason} dicts"
            ),
        ),
        (
            {5: {"app.views.hook": "webhook"}},
            Problem("type", "keys must be check IDs (strings)"),
        ),
        (
            {"django_chained.W501": "webhook"},
            Problem(
                "type", "'django_chained.W501': must be a dict mapping names to reasons"
            ),
        ),
        (
            {"django_chained.W501": {"app.views.hook": " "}},
            Problem(
                "value",
                "'django_chained.W501': the entry 'app.views.hook' needs a reason",
            ),
        ),
    ],
)
def test_nested_reason_map_says_what_is_wrong(value, problem):
    assert nested_reason_map(value) == problem


def test_nested_reason_map_accepts_reasons_per_object():
    assert (
        nested_reason_map({"django_chained.W501": {"app.views.hook": "signed"}}) is None
    )
    assert nested_reason_map({}) is None


@pytest.mark.parametrize("value", [None, 5, "app.Note", {"app.Note"}])
def test_str_sequence_takes_only_a_list_or_tuple(value):
    """A bare string or a set is the classic mistake; ``None`` must not break the check."""
    assert str_sequence(value) == Problem("type", "must be a list or tuple of strings")


def test_str_sequence_checks_every_item():
    assert str_sequence(["app.Note", ("app.Doc",)]) == Problem(
        "type", "must contain only strings"
    )
    assert str_sequence(("app.Note", "app.Doc")) is None
    assert str_sequence([]) is None
