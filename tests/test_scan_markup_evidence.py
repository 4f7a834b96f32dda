"""Which non-constant parts of marked-safe markup are evidence of a visitor's text (W301), and which only an Info (I307)."""

from __future__ import annotations

import pytest

from django_chained.scan.python.markup_evidence import is_text_attribute
from django_chained.scan.python.walker import scan_python


def findings(source: str) -> list[tuple[int, str]]:
    return [(f.line, f.id) for f in scan_python("app/tags.py", source)]


HELPER = "def _pill(caption):\n    return mark_safe(f'<i>{caption}</i>')\n"


def test_a_parameter_no_caller_fills_with_text_only_asks_to_confirm():
    (finding,) = scan_python("app/tags.py", HELPER)
    assert finding.id == "django_chained.I307"
    assert "puts caption into HTML unescaped" in finding.message


@pytest.mark.parametrize(
    "argument", ["team.short_name", "request.GET['name']", "obj.description"]
)
def test_a_parameter_a_caller_fills_with_text_is_a_warning(argument):
    caller = f"def roster(team, obj, request):\n    return _pill({argument})\n"
    assert findings(HELPER + caller) == [(2, "django_chained.W301")]


@pytest.mark.parametrize("argument", ["escape(team.short_name)", "team.pk", "'x'"])
def test_a_caller_passing_escaped_or_no_text_keeps_the_info(argument):
    caller = f"def roster(team):\n    return _pill({argument})\n"
    assert findings(HELPER + caller) == [(2, "django_chained.I307")]


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ("short_name", "django_chained.W301"),
        ("notes", "django_chained.W301"),
        ("invitation_url", "django_chained.I307"),
        ("text_html", "django_chained.I307"),
        ("height", "django_chained.I307"),
    ],
)
def test_only_text_fields_of_an_object_are_evidence(attribute, expected):
    source = f"def tag(team):\n    return mark_safe(f'<b>{{team.{attribute}}}</b>')\n"
    assert findings(source) == [(2, expected)]


def test_a_text_field_of_an_entry_of_a_code_table_only_asks_to_confirm():
    source = (
        "class Column:\n    def render(self, value):\n"
        "        badge = self.badges.get(value)\n"
        "        return mark_safe(f'<b>{badge.label}</b>')\n"
    )
    assert findings(source) == [(4, "django_chained.I307")]


def test_a_text_field_of_an_object_an_unknown_call_made_only_asks_to_confirm():
    source = (
        "def notice(request):\n    job = Job.enqueue(name='x')\n"
        "    return mark_safe(f'<b>{job.name}</b>')\n"
    )
    assert findings(source) == [(3, "django_chained.I307")]


def test_an_object_whose_attributes_are_read_is_its_str_text():
    source = (
        "def link(instance):\n"
        "    return mark_safe(f'<a href=\"{instance.get_absolute_url()}\">{instance}</a>')\n"
    )
    assert findings(source) == [(2, "django_chained.W301")]


def test_mark_safe_decorator_over_a_helper_result_only_asks_to_confirm():
    source = (
        "def _tag(path):\n    return f'<script src=\"{path}\"></script>'\n"
        "@mark_safe\ndef assets():\n    return _tag('app.js')\n"
    )
    (finding,) = scan_python("app/tags.py", source)
    assert (finding.line, finding.id) == (3, "django_chained.I307")
    assert finding.message.startswith("@mark_safe on assets() puts _tag('app.js')")


@pytest.mark.parametrize(
    "name",
    [
        "short_name", "Title", "_label", "team_description", "text", "bio", "about", "note",
        "notes", "comment", "comments", "summary", "subject", "caption", "username", "email",
        "customer", "question", "answer",
    ],
)  # fmt: skip
def test_text_attribute_names(name):
    assert is_text_attribute(name)


@pytest.mark.parametrize(
    "name",
    [
        "size", "name_url", "title_urls", "text_html", "label_href", "author_id", "name_pk",
        "name_uuid", "title_slug", "label_color", "label_colour",
    ],
)  # fmt: skip
def test_attribute_names_that_hold_no_text(name):
    assert not is_text_attribute(name)


@pytest.mark.parametrize("method", ["first", "last", "latest", "earliest"])
def test_the_str_of_one_row_of_a_callers_queryset_is_its_text(method):
    source = (
        f"def newest(entries):\n    entry = entries.{method}()\n"
        "    return mark_safe(f'<b>{entry}</b>')\n"
    )
    assert findings(source) == [(3, "django_chained.W301")]


def test_a_text_field_of_a_row_the_database_returned_is_evidence():
    source = (
        "def newest():\n    entry = Entry.objects.filter(public=True).first()\n"
        "    return mark_safe(f'<b>{entry.title}</b>')\n"
    )
    assert findings(source) == [(3, "django_chained.W301")]


def test_the_str_of_an_object_another_module_made_is_no_warning():
    source = (
        "def summary():\n    report = build_report()\n    report.refresh()\n"
        "    return mark_safe(f'<b>{report}</b>')\n"
    )
    assert findings(source) == [(4, "django_chained.I306")]


def test_a_keyword_only_parameter_a_caller_fills_with_text_is_a_warning():
    source = (
        "def _pill(*, caption):\n    return mark_safe(f'<i>{caption}</i>')\n"
        "def roster(team):\n    return _pill(caption=team.name)\n"
    )
    assert findings(source) == [(2, "django_chained.W301")]


def test_a_method_parameter_is_not_filled_by_a_module_call_of_the_same_name():
    source = (
        "class Badge:\n    def pill(self, caption):\n"
        "        return mark_safe(f'<i>{caption}</i>')\n"
        "def roster(team):\n    return pill(None, team.name)\n"
    )
    assert findings(source) == [(3, "django_chained.I307")]


def test_the_str_of_an_exception_only_asks_to_confirm():
    source = (
        "def failed(job):\n    try:\n        job.run()\n"
        "    except ValueError as error:\n        log(error.args)\n"
        "        return mark_safe(f'<p>{error}</p>')\n"
    )
    assert findings(source) == [(6, "django_chained.I307")]
