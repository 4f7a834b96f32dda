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


@pytest.mark.parametrize(
    "value",
    [
        # Escaped or rendered markup: templates, widgets and components escape what they insert.
        "escape(request.GET['q'])",
        "conditional_escape(request.GET['q'])",
        "format_html('<i>{}</i>', request.GET['q'])",
        "format_html_join('', '<li>{}</li>', request.GET.lists())",
        "render_to_string('row.html', {'q': request.GET['q']})",
        "json_script(request.GET['q'], 'query')",
        "escapejs(request.GET['q'])",
        "flatatt({'title': request.GET['q']})",
        "form.__html__()",
        "widget.render('q', request.GET['q'])",
        "component.render_html()",
        "password_validators_help_text_html()",
        # Numbers, dates and sizes.
        "str(len(request.GET['q']))",
        "str(request.user.orders.count())",
        "request.user.date_joined.isoformat()",
        "naturaltime(request.user.last_login)",
        "naturalday(request.user.date_joined)",
        "intcomma(request.GET['total'])",
        "filesizeformat(request.FILES['f'].size)",
        "floatformat(request.GET['total'], 2)",
        # Sanitised markup and query strings.
        "nh3.clean(request.POST['bio'])",
        "highlight(request.POST['code'], PythonLexer(), HtmlFormatter())",
        "urlencode({'q': request.GET['q']})",
    ],
)
def test_escaped_sanitised_or_numeric_results_are_not_markup(value):
    assert ids(value) == []


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
