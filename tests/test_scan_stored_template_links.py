"""I310: a model method renders a link from a template stored in its own text field, with no scheme check."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

HEAD = """\
    from urllib.parse import urlsplit
    from django.db import models
    from django.template import Context, Template
    from .rendering import render_jinja2

    class Link(models.Model):
        url_template = models.TextField()
        title = models.CharField(max_length=50)
        target = models.URLField()

"""
FIRST_LINE = 11
"""The file line of the method's first line, which ``found()`` numbers 0."""


def found(method: str) -> list[int]:
    text = textwrap.dedent(HEAD) + textwrap.indent(textwrap.dedent(method), "    ")
    return [
        f.line - FIRST_LINE
        for f in scan_python("app/models.py", text)
        if f.id == "django_chained.I310"
    ]


def test_message_names_the_link_and_the_field():
    method = "def render(self, context):\n    link = render_jinja2(self.url_template, context)\n    return {'link': link}\n"
    text = textwrap.dedent(HEAD) + textwrap.indent(method, "    ")
    (finding,) = scan_python("app/models.py", text)
    assert (finding.id, finding.line) == ("django_chained.I310", FIRST_LINE + 1)
    assert finding.message.startswith(
        "A link (link) is rendered from the template stored in the row's url_template field"
    )
    assert finding.message.endswith(
        "and nothing looks at its URL scheme: confirm only trusted users edit that template."
    )
    assert "urlsplit" in finding.hint and "javascript:" in finding.hint


@pytest.mark.parametrize(
    "assignment",
    [
        "href = render_jinja2(self.url_template, context)",
        "url = self.render_template(self.url_template, context)",
        "detail_url = Template(self.url_template).render(Context(context))",
        "link_target = Template(self.title).render(Context(context))",
    ],
)
def test_links_rendered_from_the_rows_own_text_fields(assignment):
    name = assignment.split(" ", 1)[0]
    assert found(
        f"def render(self, context):\n    {assignment}\n    return {name}\n"
    ) == [1]


@pytest.mark.parametrize(
    "method",
    [
        # The scheme is looked at.
        "def render(self, c):\n    link = render_jinja2(self.url_template, c)\n    if urlsplit(link).scheme != 'https': link = ''\n    return link\n",
        "def render(self, c):\n    link = render_jinja2(self.url_template, c)\n    return link if link.startswith(('http://', 'https://')) else ''\n",
        # Not a link's name, not the row's text field, not handed out.
        "def render(self, c):\n    text = render_jinja2(self.url_template, c)\n    return text\n",
        "def render(self, c):\n    link = render_jinja2(self.target, c)\n    return link\n",
        "def render(self, c, template):\n    link = render_jinja2(template, c)\n    return link\n",
        "def render(self, c):\n    link = render_jinja2(self.url_template, c)\n    self.log(link)\n",
        "def render(self, c):\n    link = format_link(self.url_template, c)\n    return link\n",
    ],
)
def test_checked_or_not_a_stored_template_link(method):
    assert found(method) == []


def test_a_class_without_text_fields_is_not_read():
    source = """\
        class Helper:
            url_template = "https://example.com/{}"

            def render(self, c):
                link = render_jinja2(self.url_template, c)
                return link
    """
    findings = scan_python("app/links.py", textwrap.dedent(source))
    assert [f.id for f in findings] == []
