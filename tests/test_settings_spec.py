"""The validators of CHAINED_* settings: what each says is wrong with a value, every part checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from django_chained.settings_spec import (
    Problem,
    is_bool,
    nested_reason_map,
    non_negative_int,
    optional_path,
    path_sequence,
    positive_int,
    reason_map,
    str_sequence,
)


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


@pytest.mark.parametrize(
    ("validator", "value", "problem"),
    [
        (is_bool, "yes", Problem("type", "must be True or False")),
        (non_negative_int, "60", Problem("type", "must be an int")),
        (non_negative_int, True, Problem("type", "must be an int")),
        (non_negative_int, -1, Problem("value", "must not be negative")),
        (positive_int, 0, Problem("value", "must be greater than zero")),
        (positive_int, 1.5, Problem("type", "must be an int")),
        (
            path_sequence,
            "media",
            Problem("type", "must be a list or tuple of paths (str or pathlib.Path)"),
        ),
        (
            path_sequence,
            ["media", 5],
            Problem("type", "must contain only paths (str or pathlib.Path)"),
        ),
        (path_sequence, ["me\0dia"], Problem("value", "must not contain a NUL byte")),
        (
            optional_path,
            5,
            Problem("type", "must be a path (str or pathlib.Path) or None"),
        ),
        (reason_map, ["x"], Problem("type", "must be a dict mapping names to reasons")),
        (reason_map, {"x": 1}, Problem("type", "keys and reasons must be strings")),
    ],
)
def test_each_validator_says_what_is_wrong(validator, value, problem):
    assert validator(value) == problem


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (is_bool, False),
        (non_negative_int, 0),
        (positive_int, 1),
        (path_sequence, ["media", Path("static")]),
        (optional_path, None),
        (optional_path, Path("media")),
        (reason_map, {"app.views.hook": "signed"}),
    ],
)
def test_each_validator_accepts_a_good_value(validator, value):
    assert validator(value) is None
