from __future__ import annotations

import pytest

from django_chained.versions.json_shape import Malformed, each, member, optional


def test_member_paths_read_like_the_document():
    assert member("", "affected") == "affected"
    assert member(member("affected", 0), "ranges") == "affected[0].ranges"


def test_optional_is_none_when_absent_or_null_and_the_value_when_well_typed():
    assert optional({}, "aliases", list, "") is None
    assert optional({"aliases": None}, "aliases", list, "") is None
    assert optional({"aliases": ["A"]}, "aliases", list, "") == ["A"]


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ("nope", "a string 'nope'"),
        (True, "a boolean True"),
        (1.5, "a number 1.5"),
        ({}, "an object {}"),
        ("x" * 100, "a string 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."),
    ],
)
def test_optional_names_the_path_and_the_wrong_type(value, described):
    with pytest.raises(Malformed) as raised:
        optional({"ranges": value}, "ranges", list, "affected[0]")
    assert str(raised.value) == f"affected[0].ranges: expected a list, got {described}"


def test_each_checks_every_item_and_yields_its_path():
    assert list(each(["a", "b"], str, "aliases")) == [
        ("aliases[0]", "a"),
        ("aliases[1]", "b"),
    ]
    assert list(each(None, str, "aliases")) == []
    with pytest.raises(Malformed, match=r"^aliases\[1\]: expected a string, got null$"):
        list(each(["a", None], str, "aliases"))
