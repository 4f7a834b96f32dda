from __future__ import annotations

import ast

import pytest

from django_chained.scan.python.syntax import (
    assignments_in,
    is_cache_read,
    is_fetch,
    is_self,
    manager_in_chain,
    reported_end,
)


def _expr(source: str) -> ast.expr:
    node = ast.parse(source, mode="eval").body
    assert isinstance(node, ast.expr)
    return node


def _call(source: str) -> ast.Call:
    node = _expr(source)
    assert isinstance(node, ast.Call)
    return node


@pytest.mark.parametrize(
    "source",
    [
        "Doc.objects",
        "Doc.objects.filter(a=1).order_by",
        "Doc._default_manager.all().get",
        "models.Doc.objects.get",
    ],
)
def test_manager_in_chain_finds_the_manager_attribute(source):
    manager = manager_in_chain(_expr(source))
    assert isinstance(manager, ast.Attribute)
    assert manager.attr in {"objects", "_default_manager"}


@pytest.mark.parametrize("source", ["qs.filter", "Doc", "get_items().get", "x[0].get"])
def test_manager_in_chain_is_none_without_a_manager(source):
    assert manager_in_chain(_expr(source)) is None


@pytest.mark.parametrize(
    "source",
    [
        "get_object_or_404(Doc, pk=pk)",
        "get_list_or_404(Doc, owner=pk)",
        "self.get_object()",
        "Doc.objects.get(pk=pk)",
        "Doc.objects.filter(a=1).first()",
    ],
)
def test_is_fetch_accepts_shortcuts_and_manager_chains(source):
    assert is_fetch(_call(source))


@pytest.mark.parametrize("source", ["qs.get(pk=pk)", "cache.get(key)", "len(items)"])
def test_is_fetch_rejects_other_calls(source):
    assert not is_fetch(_call(source))


@pytest.mark.parametrize(
    "source",
    [
        "cache.get(key)",
        "caches['default'].get_many(keys)",
        "self.cache.get_or_set(key, make)",
        "session_cache.get(key)",
        "settings.page_cache.get(key)",
    ],
)
def test_is_cache_read_accepts_reads_of_a_cache(source):
    assert is_cache_read(_call(source))


@pytest.mark.parametrize(
    "source",
    ["cache.set(key, 1)", "request.GET.get(key)", "cached.get(key)", "get(key)"],
)
def test_is_cache_read_rejects_other_calls(source):
    assert not is_cache_read(_call(source))


def _bound(source: str) -> dict[str, list[str]]:
    body = ast.parse(source).body
    return {
        name: [ast.unparse(v) for v in values]
        for name, values in assignments_in(body).items()
    }


@pytest.mark.parametrize(
    ("call", "bound"),
    [
        ("items.append(x)", "[x]"),
        ("items.add(x)", "[x]"),
        ("items.insert(0, x)", "[x]"),
        ("items.extend(xs)", "xs"),
    ],
)
def test_growing_a_collection_binds_the_new_elements(call, bound):
    assert _bound(call) == {"items": [bound]}


@pytest.mark.parametrize(
    "call", ["items.insert(x)", "items.append(x, y)", "items.pop(x)"]
)
def test_other_calls_on_a_collection_bind_nothing(call):
    assert _bound(call) == {}


def test_assignments_in_every_block_are_found():
    source = (
        "try:\n    a = 1\nexcept KeyError:\n    b = 2\nelse:\n    c = 3\nfinally:\n    d = 4\n"
        "match v:\n    case 1:\n        e = 5\n"
    )
    assert set(_bound(source)) == {"a", "b", "c", "d", "e"}


@pytest.mark.parametrize(
    ("source", "end"),
    [
        ("if (a and\n        b):\n    x = 1\nelse:\n    y = 2\n", 2),
        ("try:\n    x = 1\nexcept KeyError:\n    y = 2\nfinally:\n    z = 3\n", 1),
        ("call(a,\n     b)\n", 2),
    ],
)
def test_reported_end_is_the_header_not_the_body(source, end):
    assert reported_end(ast.parse(source).body[0]) == end


def test_is_self_is_only_the_bare_name_self():
    assert is_self(_expr("self"))
    for other in ("cls", "view", "self.request", "self()"):
        assert not is_self(_expr(other)), other


def test_reported_end_of_a_conditional_expression_is_its_end():
    """A conditional expression has a ``body`` field too, but no block of statements."""
    assert reported_end(_expr("(a\n if b\n else c)")) == 3
