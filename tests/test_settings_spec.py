"""The accepted-risks validator: a {check ID: {object: reason}} mapping, every part checked."""

from __future__ import annotations

import pytest

from django_chained.settings_spec import Problem, nested_reason_map


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
