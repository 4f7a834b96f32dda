"""``every_node``/``child_nodes`` are ``ast.walk``/``ast.iter_child_nodes`` without the expression contexts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import django_chained
from django_chained.scan.python.node_walk import child_nodes, every_node

SNIPPET = """
@decorator(x=[1, *rest], **kw)
async def view(request, /, a: int = 1, *args, b, **kwargs) -> None:
    global counter
    del request.session["k"]
    x, *y = z = [i async for i in q if i] or {k: v for k, v in d.items()}
    with open(p) as f, lock:
        match command.split():
            case ["go", direction] if direction:
                pass
            case Point(x=0) | {"k": _}:
                raise ValueError from None
    try:
        yield (await thing)[1:2:3]
    except (OSError, KeyError) as error:
        lambda: f"{error!r:>{width}}"
    finally:
        assert not (a < b <= c), "msg"
class C(Base, metaclass=Meta):
    attr: list[int] = []
"""


def without_contexts(nodes: list[ast.AST]) -> list[ast.AST]:
    return [node for node in nodes if not isinstance(node, ast.expr_context)]


def trees() -> list[ast.Module]:
    package = Path(django_chained.__file__).parent
    sources = [SNIPPET]
    sources += [path.read_text("utf-8") for path in sorted(package.rglob("*.py"))[:80]]
    return [ast.parse(source) for source in sources]


@pytest.mark.parametrize("tree", trees())
def test_the_nodes_of_ast_walk_in_its_order(tree):
    expected = without_contexts(list(ast.walk(tree)))
    assert list(every_node(tree)) == expected
    for node in expected:
        assert child_nodes(node) == without_contexts(list(ast.iter_child_nodes(node)))


def test_contexts_are_left_out_and_everything_else_kept():
    tree = ast.parse("x = y\ndel z")
    walked = list(every_node(tree))
    assert not [node for node in walked if isinstance(node, ast.expr_context)]
    assert [type(node).__name__ for node in walked] == [
        "Module",
        "Assign",
        "Delete",
        "Name",
        "Name",
        "Name",
    ]
    assert any(isinstance(node, ast.Load) for node in ast.walk(tree))


def test_a_subtree_and_a_leaf():
    call = ast.parse("f(a, k=b)").body[0].value  # type: ignore[attr-defined]
    assert [type(n).__name__ for n in every_node(call)] == [
        "Call",
        "Name",
        "Name",
        "keyword",
        "Name",
    ]
    leaf = ast.Constant(value=1)
    assert list(every_node(leaf)) == [leaf]
    assert child_nodes(leaf) == []
