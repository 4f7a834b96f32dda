"""Which parameters of a function the 2xx rules read as the request and as URL kwargs."""

from __future__ import annotations

import textwrap

import pytest

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
