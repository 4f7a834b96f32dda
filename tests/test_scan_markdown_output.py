"""W311 and I310: Markdown output marked safe without a sanitiser, and the regex standing in for one."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

IMPORTS = """\
    import re
    import bleach
    import markdown
    import markdown2
    from django.utils.safestring import mark_safe
    from markdown import Markdown
    from .text import render

"""
FIRST_LINE = 9
"""The file line of the snippet's first line, which ``found()`` numbers 0."""


def found(source: str) -> list[tuple[str, int]]:
    text = textwrap.dedent(IMPORTS) + textwrap.dedent(source)
    return [
        (f.id.rsplit(".", 1)[1], f.line - FIRST_LINE)
        for f in scan_python("app/templatetags/text.py", text)
    ]


def test_messages_name_the_renderer_and_point_the_regex_at_the_marking():
    source = """\
        def note(text):
            text = re.sub(r"\\((\\w+):", "(", text)
            return mark_safe(markdown.markdown(text))
    """
    findings = scan_python(
        "app/templatetags/text.py", textwrap.dedent(IMPORTS) + textwrap.dedent(source)
    )
    by_id = {f.id.rsplit(".", 1)[1]: f for f in findings}
    assert set(by_id) == {"W311", "I310"}
    assert by_id["W311"].message.startswith(
        "mark_safe() marks Markdown rendered by markdown() as safe HTML without sanitising it"
    )
    assert "nh3.clean()" in by_id["W311"].hint
    assert by_id["I310"].line == FIRST_LINE + 1
    assert by_id["I310"].message.startswith(
        "This regular expression filters the Markdown source that markdown() renders"
        f" and mark_safe() on line {FIRST_LINE + 2} marks safe"
    )
    assert "allow list" in by_id["I310"].hint
    assert by_id["I310"].level < by_id["W311"].level


@pytest.mark.parametrize(
    "marked",
    [
        "markdown.markdown(text)",
        "markdown.markdown(text=text)",
        "markdown2.markdown(text)",
        "Markdown().convert(text)",
        "'<div>' + markdown.markdown(text) + '</div>'",
        "f'<section>{markdown.markdown(text)}</section>'",
    ],
)
def test_markdown_output_marked_safe(marked):
    assert found(f"def note(text):\n    return mark_safe({marked})\n") == [("W311", 1)]


def test_the_rendered_html_is_followed_through_names():
    source = """\
        def note(text):
            md = Markdown(extensions=["tables"])
            html = md.convert(text)
            html = f"<div>{html}</div>"
            return mark_safe(html)
    """
    assert found(source) == [("W311", 4)]


@pytest.mark.parametrize(
    "marked",
    [
        "bleach.clean(markdown.markdown(text))",
        "markdown2.markdown(text, safe_mode='escape')",
        "render(markdown.markdown(text))",
        "markdown_it(text)",
    ],
)
def test_sanitised_or_not_a_markdown_library_is_not_w310(marked):
    assert not any(
        rule == "W311"
        for rule, _ in found(f"def note(text):\n    return mark_safe({marked})\n")
    )


def test_html_handed_to_another_call_after_rendering_is_left_to_i306():
    source = """\
        def note(text):
            html = markdown.markdown(text)
            html = render(html)
            return mark_safe(html)
    """
    assert found(source) == [("I306", 3)]


def test_a_project_function_named_markdown_is_not_the_library():
    source = """\
        from .text import markdown as md_render

        def note(text):
            return mark_safe(md_render(text))
    """
    assert found(source) == [("I306", 3)]


def test_a_compiled_pattern_is_reported_where_it_is_compiled():
    source = """\
        LINKS = re.compile(r"\\[(.*)\\]\\(javascript:.*\\)")

        def note(text):
            text = LINKS.sub(r"\\1", text)
            return mark_safe(markdown.markdown(text))
    """
    assert found(source) == [("I310", 0), ("W311", 4)]


def test_no_regex_no_i310():
    source = """\
        def note(text):
            text = text.replace("javascript:", "")
            return mark_safe(markdown.markdown(text))
    """
    assert found(source) == [("W311", 2)]


def test_commonmark_output_marked_safe_is_reported():
    source = """\
        import commonmark

        def note(text):
            return mark_safe(commonmark.commonmark(text))
    """
    assert ("W311", 3) in found(source)


def test_a_regex_rewriting_the_text_inside_the_call_is_pointed_out():
    source = """\
        def note(text):
            return mark_safe(markdown.markdown(re.sub(r"javascript:", "", text)))
    """
    assert ("I310", 1) in found(source)


def test_another_assignment_of_the_name_does_not_hide_the_rendered_markdown():
    source = """\
        def note(entry):
            html = markdown.markdown(entry.text)
            if not entry.text:
                html = default_html()
            return mark_safe(html)
    """
    assert ("W311", 4) in found(source)


def test_a_file_naming_no_markdown_library_is_not_searched_for_imports():
    """The text gate lets through every import of a library the rule knows."""
    from django_chained.scan.python import markdown_output

    for library in markdown_output._LIBRARIES:
        assert markdown_output._names_a_library(f"import {library}\n")
        assert markdown_output._names_a_library(f"from {library} import x\n")
    assert not markdown_output._names_a_library(
        "import mistune\nfrom bleach import clean\n"
    )
