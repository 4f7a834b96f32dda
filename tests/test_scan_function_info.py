"""Which parameters of a function the 2xx rules read as the request and as URL kwargs."""

from __future__ import annotations

import ast
import textwrap

import pytest

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.walker import scan_python


def ids(source: str) -> list[str]:
    return [f.id for f in scan_python("app/views.py", textwrap.dedent(source))]


@pytest.mark.parametrize("receiver", ["self", "cls"])
def test_method_receiver_before_request_is_skipped(receiver):
    source = f"""\
    class Reports:
        def get({receiver}, request, pk):
            return Report.objects.get(pk=pk)
    """
    assert ids(source) == ["django_chained.W250"]


def test_function_whose_first_parameter_is_cls_is_not_a_view():
    assert (
        ids("def get(cls, request, pk):\n    return Report.objects.get(pk=pk)\n") == []
    )


@pytest.mark.parametrize("attribute", ["hex", "int"])
def test_uuid_kwarg_attributes_keep_it_a_url_kwarg(attribute):
    source = f"def view(request, ref):\n    return Report.objects.get(number=ref.{attribute})\n"
    assert ids(source) == ["django_chained.W250"]


def test_other_attribute_reads_make_a_parameter_an_object():
    source = (
        "def view(request, owner):\n    return Report.objects.get(number=owner.id)\n"
    )
    assert ids(source) == []


def test_query_params_is_request_data():
    source = "def view(request):\n    return Report.objects.get(pk=request.query_params['x'])\n"
    assert ids(source) == ["django_chained.W250"]


SANITIZERS = [
    "safe_join", "basename", "get_valid_filename", "slugify", "uuid4", "escape",
    "conditional_escape", "int", "float", "bool", "len",
]  # fmt: skip


@pytest.mark.parametrize("sanitizer", SANITIZERS)
def test_path_through_a_sanitizer_is_no_longer_the_clients(sanitizer):
    source = f"def view(request):\n    return FileResponse(open({sanitizer}(request.GET['f']), 'rb'))\n"
    assert ids(source) == []


def test_path_through_str_is_still_the_clients():
    source = "def view(request):\n    return FileResponse(open(str(request.GET['f']), 'rb'))\n"
    assert ids(source) == ["django_chained.W651"]


def test_the_walk_knows_each_function_class_as_the_file_class_map_does(monkeypatch):
    """The walk hands each function the class whose body holds it; the file's map agrees."""
    from django_chained.scan.python import walker

    seen: list[tuple[str, str | None, str | None]] = []

    def record(node, ctx):
        function = ctx.function
        mapped = ctx.class_of.get(id(function.node))
        seen.append(
            (
                function.node.name,
                getattr(function.enclosing_class, "name", None),
                getattr(mapped, "name", None),
            )
        )

    monkeypatch.setitem(walker.CALL_HANDLERS, "probe", (record,))
    source = """\
    def module_function():
        probe()
    class Outer:
        def method(self):
            probe()
            def inner():
                probe()
            class Local:
                async def local_method(self):
                    probe()
        if DEBUG:
            def conditional(self):
                probe()
        class Nested:
            def nested_method(self):
                probe()
    """
    text = textwrap.dedent(source)
    tree = ast.parse(text)
    walker._Walker(FileContext("app/views.py", text, tree, {}), None).walk(tree)
    assert sorted(seen) == [
        ("conditional", None, None),
        ("inner", None, None),
        ("local_method", "Local", "Local"),
        ("method", "Outer", "Outer"),
        ("module_function", None, None),
        ("nested_method", "Nested", "Nested"),
    ]


def test_rules_share_the_walk_facts_of_a_function(monkeypatch):
    """A function handler asking for a function's facts gets the instance the walk then enters."""
    from django_chained.scan.python import walker

    asked: dict[str, FunctionInfo] = {}
    entered: dict[str, FunctionInfo] = {}

    def on_function(node, ctx):
        asked[node.name] = ctx.function_info(node)

    def on_call(node, ctx):
        entered[ctx.function.node.name] = ctx.function

    monkeypatch.setattr(
        walker, "FUNCTION_HANDLERS", (*walker.FUNCTION_HANDLERS, on_function)
    )
    monkeypatch.setitem(walker.CALL_HANDLERS, "probe", (on_call,))
    text = "class V:\n    def get(self, request):\n        probe()\ndef f(request):\n    probe()\n"
    tree = ast.parse(text)
    walker._Walker(FileContext("app/views.py", text, tree, {}), None).walk(tree)
    assert set(asked) == set(entered) == {"get", "f"}
    for name, info in asked.items():
        assert info is entered[name]
    assert asked["get"].enclosing_class is tree.body[0]
    assert asked["f"].enclosing_class is None
