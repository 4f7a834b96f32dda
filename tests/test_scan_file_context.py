"""A function handler's first test reads the function's own lines, numbered as ``ast`` numbers them."""

from __future__ import annotations

import ast
import gc
import weakref
from pathlib import Path

import pytest

from django_chained.scan.python import walker
from django_chained.scan.python.context import FileContext, source_lines
from django_chained.scan.python.walker import scan_python

LISTING = """\
from django.http import JsonResponse
from .models import Invoice
{gap}
def listing(request):
    rows = list(
        Invoice.objects.values("id", "total"))
    return JsonResponse(rows, safe=False)
"""


@pytest.mark.parametrize("gap", ["", "\f\n", "\f\n\f\n\f\n", "x = 1  # \u2028 \x1c\n"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_separators_python_does_not_break_at_keep_findings(gap, newline):
    """A form feed between functions shifted the lines read: W257 on the last line was lost."""
    source = LISTING.format(gap=gap).replace("\n", newline)
    assert [f.id for f in scan_python("app/views.py", source)] == [
        "django_chained.W257"
    ]


def test_lines_numbered_as_ast_numbers_them():
    text = "a = 1\f\nb = 2\r\nc = 3\rd = '\u2028'\n"
    lines = source_lines(text)
    tree = ast.parse(text)
    for statement in tree.body:
        assert lines[statement.lineno - 1].startswith(ast.unparse(statement.targets[0]))  # type: ignore[attr-defined]
    assert len(text.splitlines()) > len([line for line in lines if line])


def test_mentions_reads_only_the_node_lines():
    text = "def one():\n    return objects\n\ndef two():\n    return other\n"
    tree = ast.parse(text)
    ctx = FileContext("app/views.py", text, tree, {})
    one, two = tree.body
    assert ctx.mentions(one, "objects")
    assert not ctx.mentions(two, "objects")
    assert ctx.mentions(two, "nothing", "other")
    assert not ctx.mentions(one, "objects\n")


def test_answers_are_worked_out_once_per_key_for_a_file_and_a_function():
    text = "def view(request):\n    return 1\n"
    tree = ast.parse(text)
    ctx = FileContext("app/views.py", text, tree, {})
    other = FileContext("app/other.py", text, ast.parse(text), {})
    calls: list[str] = []

    def compute(name: str) -> str:
        calls.append(name)
        return name.upper()

    assert ctx.remember("a", lambda: compute("a")) == "A"
    assert ctx.remember("a", lambda: compute("again")) == "A"
    assert ctx.remember(("a", 1), lambda: compute("b")) == "B"
    assert (
        other.remember("a", lambda: compute("c")) == "C"
    )  # another file: its own answer
    function = ctx.function_info(tree.body[0])  # type: ignore[arg-type]
    assert function.remember("a", lambda: compute("d")) == "D"
    assert function.remember("a", lambda: compute("again")) == "D"
    assert calls == ["a", "b", "c", "d"]


def test_no_file_context_outlives_its_scan(monkeypatch):
    """Answers kept per file live on the file's context (``remember``), never in a process-wide cache
    holding the last files' syntax trees and contexts alive after their scan."""
    made: list[weakref.ref[FileContext]] = []

    class Recorded(FileContext):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(weakref.ref(self))

    monkeypatch.setattr(walker, "FileContext", Recorded)
    fixtures = Path(__file__).parent / "fixtures" / "scan"
    for name in ("peer_checks_positive.py", "markdown_output_positive.py"):
        assert scan_python(name, (fixtures / name).read_text(encoding="utf-8"))
    gc.collect()
    assert len(made) == 2
    assert [ref() for ref in made] == [None, None]
