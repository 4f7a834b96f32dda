"""Settings expressions evaluated without running them: what is known, and what only running could tell."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from django_chained.sourcetree.settings_values import StaticEvaluator, Unresolvable

HERE = Path("/project/mysite/settings.py")


def evaluate(source, **values):
    return StaticEvaluator(dict(values), HERE).evaluate(
        ast.parse(source, mode="eval").body
    )


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("[1, *BASE, 3]", {"BASE": [2]}, [1, 2, 3]),
        ("BASE + ('b',)", {"BASE": ["a"]}, ["a", "b"]),
        ("('a',) + EXTRA", {"EXTRA": ["b"]}, ("a", "b")),
        ("BASE - {'a'}", {"BASE": {"a", "b"}}, {"b"}),
        ("{**D, 'k': 2}", {"D": {"j": 1}}, {"j": 1, "k": 2}),
        ("M[1:]", {"M": ["a", "b", "c"]}, ["b", "c"]),
        ("M[0]", {"M": ["a"]}, "a"),
        ("D.get('x', 5)", {"D": {}}, 5),
        ("M.index('b')", {"M": ["a", "b"]}, 1),
        ("[m for m in M if m != 'a']", {"M": ["a", "b"]}, ["b"]),
        ("[m for m in M if m not in ('a',)]", {"M": ["a", "b"]}, ["b"]),
        ("[m for m in M if m in ('a',)]", {"M": ["a", "b"]}, ["a"]),
        ("[m for m in M if m == 'b']", {"M": ["a", "b"]}, ["b"]),
    ],
)
def test_known_values(source, values, expected):
    assert evaluate(source, **values) == expected


def test_base_dir_idioms():
    assert evaluate("Path(__file__).resolve().parent.parent") == Path("/project")
    assert evaluate("os.path.dirname(os.path.abspath(__file__))") == "/project/mysite"
    assert evaluate("os.path.join(B, 'media')", B="/srv") == "/srv/media"
    assert evaluate("B / 'media'", B=Path("/srv")) == Path("/srv/media")


@pytest.mark.parametrize(
    "source",
    [
        "os.environ['X']",
        "UNKNOWN",
        "M[5]",
        "M.pop()",
        "M.index('zz')",
        "1 + 'a'",
        "[m for m in M for n in M]",
        "[m.upper() for m in M]",
        "[m for m in M if m.startswith('a')]",
        "[m for m in M if m < 'b']",
        "'a'.parent",
        "Path(*M, x=1)",
        "os.path.join(1)",
    ],
)
def test_run_time_values_are_unresolvable(source):
    with pytest.raises(Unresolvable):
        evaluate(source, M=["a"])
