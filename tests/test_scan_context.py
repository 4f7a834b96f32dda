"""The file context's class map: a method's class is found in every block a class can be defined in."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

FETCH = "    return Report.objects.get(pk=pk)\n"


def ids(source: str, path: str = "app/views.py") -> list[str]:
    return [f.id for f in scan_python(path, textwrap.dedent(source))]


@pytest.mark.parametrize("block", ["try", "except ImportError", "else", "finally"])
def test_admin_class_defined_in_any_try_block_is_not_audited(block):
    clauses = ["try", "except ImportError", "else", "finally"]
    admin_class = f"    class ReportAdmin(ModelAdmin):\n        def report_view(self, request, pk):\n        {FETCH}"
    source = "".join(
        f"{clause}:\n" + (admin_class if clause == block else "    pass\n")
        for clause in clauses
    )
    assert ids(source) == []
