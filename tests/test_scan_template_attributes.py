"""Template rule W308: a variable written into an unquoted HTML attribute value."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from django_chained.scan import scan_paths
from django_chained.scan.html_context import HtmlContext, Place
from django_chained.scan.templates import scan_template


def found(source: str, path: str = "app/templates/page.html") -> list[tuple[str, int]]:
    return [(f.id.rsplit(".", 1)[1], f.line) for f in scan_template(source, path)]


class TestUnquotedValue:
    def test_value_of_a_search_box(self):
        assert found("<input name=q value={{ query }}>") == [("W308", 1)]

    def test_message_names_the_variable_and_the_fix(self):
        (finding,) = scan_template("<a class={{ tag.colour|lower }}>x</a>", "t/a.html")
        assert finding.message.startswith(
            "tag.colour is written into an unquoted HTML attribute value"
        )
        assert finding.subject == "tag.colour"
        assert 'attr="{{ value }}"' in finding.hint

    def test_tag_over_several_lines_reports_the_variable_line(self):
        source = (
            '<span\n    class="x"\n    data-field-value={{ field.name }}\n>x</span>'
        )
        assert found(source) == [("W308", 3)]

    @pytest.mark.parametrize(
        "markup",
        [
            "<div data-x=a-{{ value }}>",  # inside a value that started as text
            "<div data-x = {{ value }}>",  # spaces around '='
            "<div data-x={% if on %}{{ value }}{% endif %}>",  # behind a template tag
            "<div hidden data-x={{ value }}>",  # after an attribute without a value
            '<div class="a" data-x={{ value }}>',  # after a quoted value
            "<div data-x={{ value|escape }}>",  # escaping leaves spaces alone
            "<div data-x={{ value|escapejs }}>",
            "<div data-x={{ value|lower|default:'' }}>",
            "<div data-x={{ n|length|add:value }}>",  # a joined value is text again
            "<p>x</p><!-- note --><div data-x={{ value }}>",  # after a closed comment
            "<script>x()</script><div data-x={{ value }}>",  # after a closed script
        ],
    )
    def test_flagged(self, markup):
        assert found(markup) == [("W308", 1)]


class TestNotFlagged:
    @pytest.mark.parametrize(
        "markup",
        [
            '<input value="{{ query }}">',
            "<input value='{{ query }}'>",
            "<p>a=b {{ query }} c={{ query }}</p>",  # text, not a tag
            '<div {{ attributes }} data-x="y">',  # an attribute list, not a value
            "<!-- <div class={{ query }}> -->",
            "{# <div class={{ query }}> #}",
            "{% comment %}<div class={{ query }}>{% endcomment %}",
            "<script>var s = '<a class=' + {{ query|escapejs }};</script>",
            "<style>.x { width: {{ width }}px }</style>",
            "<textarea rows=3>{{ body }}</textarea>",
            "<title>a={{ title }}</title>",
        ],
    )
    def test_outside_unquoted_values(self, markup):
        assert found(markup) == []

    @pytest.mark.parametrize(
        "value",
        [
            "item.pk",
            "item.id",
            "item.owner_id",
            "item.comments.count",
            "item.is_active",
            "forloop.counter",
            "memory_sum",
            "row.votes__count",
            "STATUS_CLASS",
            "'fixed'",
            "42",
            "csrf_token",
            "items|length",
            "item.created|date:'c'",
            "item.size|filesizeformat",
            "item.title|urlencode",
            "item.title|slugify",
            "item.done|yesno:'done,open'",
            "form.title.id_for_label",
            "field.html_name",
            "form",
        ],
    )
    def test_values_without_a_visitors_space(self, value):
        assert found(f"<div data-x={{{{ {value} }}}}>") == []

    def test_safe_filter_is_reported_once_as_w330(self):
        assert found("<span title={{ bio|safe }}>") == [("W330", 1)]

    def test_autoescape_off_is_reported_once_as_w331(self):
        source = "{% autoescape off %}<span title={{ bio }}>{% endautoescape %}"
        assert found(source) == [("W331", 1)]

    @pytest.mark.parametrize(
        "path", ["app/templates/emails/invite.html", "app/templates/invite_email.html"]
    )
    def test_message_templates_run_no_script(self, path):
        assert found("<a class={{ name }}>x</a>", path) == []
        assert found("<a class={{ name }}>x</a>") == [("W308", 1)]

    def test_plain_text_templates_are_skipped(self):
        assert found("<a class={{ name }}>", "app/templates/page.txt") == []


class TestHtmlContext:
    @pytest.mark.parametrize(
        ("text", "place"),
        [
            ("<a", Place.TAG_NAME),
            ("<a ", Place.BEFORE_NAME),
            ("<a href", Place.NAME),
            ("<a href ", Place.AFTER_NAME),
            ("<a href=", Place.BEFORE_VALUE),
            ('<a href="', Place.DOUBLE_QUOTED),
            ("<a href='", Place.SINGLE_QUOTED),
            ("<a href=x", Place.UNQUOTED),
            ("<a href=x ", Place.BEFORE_NAME),
            ("<a href=x>", Place.DATA),
            (
                "<a href='>'",
                Place.BEFORE_NAME,
            ),  # '>' inside quotes does not end the tag
            ("<!-- <a href=", Place.COMMENT),
            ("<script>if (a < b) { x = '<a href=", Place.RAW_TEXT),
            ("<script>x</script >", Place.DATA),
            ("</a ", Place.BEFORE_NAME),
            ("a < b", Place.DATA),
        ],
    )
    def test_place_after_text(self, text, place):
        context = HtmlContext()
        context.feed(text)
        assert context.place is place

    def test_text_fed_in_pieces_reads_as_a_whole(self):
        context = HtmlContext()
        # The text between template tags: "<script>if (a < {{ b }}) {}</script><a data-x={{ y }}-{{ z }}"
        for piece in ("<script>if (a < ", ") {}</script><a data-x=", "-"):
            context.feed(piece)
        assert (context.place, context.tag) == (Place.UNQUOTED, "a")

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet="<>/=\"' \n!-abscript{}%", max_size=80))
    def test_any_text_never_raises(self, text):
        context = HtmlContext()
        context.feed(text)
        context.variable()
        assert isinstance(context.in_unquoted_value, bool)


class TestModelFields:
    """The project pass drops W308 on a field the models only declare as a number, flag or date."""

    MODELS = (
        "from django.db import models\n\n"
        "class VirtualMachine(models.Model):\n"
        "    memory = models.PositiveIntegerField(null=True)\n"
        "    comments = models.CharField(max_length=200)\n"
    )
    TEMPLATE = (
        "<span title={{ object.memory }}>{{ object.memory }}</span>\n"
        "<span title={{ object.comments }}>x</span>\n"
    )

    def _scan(self, root: Path, models: str) -> list[tuple[str, int]]:
        (root / "models.py").write_text(models)
        templates = root / "templates"
        templates.mkdir()
        (templates / "vm.html").write_text(self.TEMPLATE)
        result = scan_paths([str(root / "models.py")], [str(templates / "vm.html")])
        return [(f.id.rsplit(".", 1)[1], f.line) for f in result.findings]

    def test_numeric_field_is_not_reported_and_a_text_field_is(self, tmp_path):
        assert self._scan(tmp_path, self.MODELS) == [("W308", 2)]

    def test_a_name_also_declared_as_text_stays_reported(self, tmp_path):
        models = self.MODELS + (
            "\nclass Note(models.Model):\n    memory = models.TextField()\n"
        )
        assert self._scan(tmp_path, models) == [("W308", 1), ("W308", 2)]

    def test_without_models_the_field_is_reported(self, tmp_path):
        assert self._scan(tmp_path, "") == [("W308", 1), ("W308", 2)]
