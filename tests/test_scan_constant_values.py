"""SQL built only from constants is not reported: which calls keep a value constant."""

from __future__ import annotations

import pytest

from django_chained.scan.python import constant_values
from django_chained.scan.python.walker import scan_python

PASS_THROUGH = [
    "str", "_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext",
    "ngettext_lazy", "capfirst", "reverse", "reverse_lazy", "static",
]  # fmt: skip
STRING_METHODS = ["strip", "lstrip", "rstrip", "upper", "lower", "capitalize", "title"]


def ids(value: str) -> list[str]:
    source = f"def view(request, name):\n    cursor.execute('SELECT ' + {value})\n"
    return [f.id for f in scan_python("app/views.py", source)]


@pytest.mark.parametrize("function", PASS_THROUGH)
def test_function_of_constants_is_constant(function):
    assert ids(f"{function}('t')") == []
    assert ids(f"{function}(name)") == ["django_chained.W401"]


@pytest.mark.parametrize("method", STRING_METHODS)
def test_string_method_of_a_constant_is_constant(method):
    assert ids(f"'t'.{method}()") == []
    assert ids(f"name.{method}()") == ["django_chained.W401"]


def test_a_value_is_followed_up_to_the_node_limit_and_no_further(monkeypatch):
    """Each literal and each ``+`` is a node: 'SELECT ' + 'a' + 'b' takes exactly five."""
    monkeypatch.setattr(constant_values, "_MAX_NODES", 5)
    assert ids("'a' + 'b'") == []
    assert ids("'a' + 'b' + 'c'") == ["django_chained.W401"]
