"""W301: what mark_safe() may wrap without a finding: numbers, and markup already marked safe."""

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


def test_markup_marked_safe_is_reported_where_it_was_marked_not_again():
    source = (
        "def view(request):\n    inner = mark_safe(request.GET['x'])\n"
        "    return mark_safe('<p>' + inner)\n"
    )
    found = [(f.line, f.id) for f in scan_python("app/views.py", source)]
    assert found == [(2, "django_chained.W301")]


def findings(source: str) -> list[tuple[int, str]]:
    return [(f.line, f.id) for f in scan_python("app/tags.py", source)]


def test_an_assignment_below_the_call_outside_a_loop_does_not_reach_it():
    source = (
        "def saved(obj):\n    msg = 'Saved'\n    if obj.public:\n"
        "        msg = mark_safe(f'{msg} <a href=\"{obj.get_absolute_url()}\">{escape(obj)}</a>')\n"
        "    else:\n        msg = f'{msg} {obj}'\n    return msg\n"
    )
    assert findings(source) == []


def test_an_assignment_below_the_call_in_a_loop_around_both_reaches_it():
    source = (
        "def rows(team):\n    previous = ''\n    for member in team.members.all():\n"
        "        yield mark_safe(f'<td>{previous}</td>')\n        previous = member.name\n"
    )
    assert findings(source) == [(4, "django_chained.W301")]
