"""W301: numbers cannot carry markup, so mark_safe() around them is not reported."""

from __future__ import annotations

import pytest

from django_chained.scan.python.walker import scan_python


def ids(value: str) -> list[str]:
    source = f"def view(request):\n    return mark_safe('<b>' + {value})\n"
    return [f.id for f in scan_python("app/views.py", source)]


@pytest.mark.parametrize("number", ["int", "float", "bool"])
def test_number_from_the_request_is_not_markup(number):
    assert ids(f"{number}(request.GET['n'])") == []


def test_text_from_the_request_is_markup():
    assert ids("str(request.GET['n'])") == ["django_chained.W301"]
