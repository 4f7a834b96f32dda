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
