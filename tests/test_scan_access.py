"""W250: the fetch shortcuts are audited like manager fetches."""

from __future__ import annotations

import pytest

from django_chained.scan.python import walker
from django_chained.scan.python.walker import scan_python


@pytest.mark.parametrize("shortcut", ["get_object_or_404", "get_list_or_404"])
def test_shortcut_fetch_by_url_kwarg_is_reported(shortcut):
    source = f"def view(request, pk):\n    return {shortcut}(Report, pk=pk)\n"
    assert [f.id for f in scan_python("app/views.py", source)] == [
        "django_chained.W250"
    ]


def test_shortcut_fetch_scoped_to_the_user_is_not_reported():
    source = "def view(request, pk):\n    return get_list_or_404(Report, pk=pk, owner=request.user)\n"
    assert scan_python("app/views.py", source) == []


def test_get_and_filter_alone_do_not_make_a_file_worth_walking():
    """Too common (dict.get, filter()): a file is walked for its other words, like get_object_or_404."""
    assert {"get", "filter"}.isdisjoint(walker.TRIGGER_WORDS)
