"""W330/W331 name by name: each filter, rendering and file type the template rules treat as harmless."""

from __future__ import annotations

import pytest

from django_chained.scan.templates import scan_template


def found(source: str, path: str = "app/templates/page.html") -> list[str]:
    return [f.id.rsplit(".", 1)[1] for f in scan_template(source, path)]


ESCAPING = [
    "escape", "force_escape", "escapejs", "urlencode", "json_script", "length", "wordcount",
    "filesizeformat", "floatformat", "date", "time", "timesince", "timeuntil",
]  # fmt: skip
ESCAPING_ONLY_WITH_AUTOESCAPE = [
    "linebreaks", "linebreaksbr", "linenumbers", "urlize", "urlizetrunc", "unordered_list", "join",
]  # fmt: skip
FIELD_RENDERINGS = [
    "as_widget", "as_hidden", "as_text", "as_textarea", "label_tag", "legend_tag", "errors",
    "as_field_group", "tag", "label",
]  # fmt: skip


@pytest.mark.parametrize("name", ESCAPING)
def test_safe_after_a_filter_whose_output_carries_no_markup(name):
    assert found(f"<p>{{{{ body|{name}|safe }}}}</p>") == []
    assert found(f"<p>{{{{ body|upper|{name}|safe }}}}</p>") == []


@pytest.mark.parametrize("name", ESCAPING)
def test_filter_whose_output_carries_no_markup_inside_autoescape_off(name):
    source = f"<p>{{% autoescape off %}}{{{{ body|{name} }}}}{{% endautoescape %}}</p>"
    assert found(source) == []


@pytest.mark.parametrize("name", ESCAPING_ONLY_WITH_AUTOESCAPE)
def test_filter_escaping_its_input_only_while_autoescape_is_on(name):
    assert found(f"<p>{{{{ body|{name}|safe }}}}</p>") == []
    off = (
        f"<p>{{% autoescape off %}}{{{{ body|{name}|safe }}}}{{% endautoescape %}}</p>"
    )
    assert found(off) == ["W330"]


@pytest.mark.parametrize("name", FIELD_RENDERINGS)
def test_bound_field_rendering_is_not_data(name):
    assert (
        found(f"<p>{{{{ field.{name}|safe }}}}{{{{ form.title.{name}|safe }}}}</p>")
        == []
    )


@pytest.mark.parametrize("name", ["value", "data", "initial", "help"])
def test_bound_field_value_is_data(name):
    assert found(f"<p>{{{{ form.title.{name}|safe }}}}</p>") == ["W330"]


@pytest.mark.parametrize("suffix", [".txt", ".eml", ".md", ".rst", ".csv", ".tsv"])
def test_plain_text_templates_are_not_scanned_for_escaping(suffix):
    assert found("{{ body|safe }}", f"app/templates/export{suffix}") == []
    assert found("{{ body|safe }}", f"app/templates/export{suffix.upper()}") == []


@pytest.mark.parametrize(
    "source",
    ["{% if body|safe %}x{% endif %}", "{% if a %}x{% elif body|safe %}y{% endif %}"],
)
def test_safe_in_a_condition_is_not_output(source):
    assert found(source) == []


def test_forms_of_a_formset_are_forms():
    source = (
        "{% for f in formset.forms %}{{ f.as_p|safe }}{{ f.data|safe }}{% endfor %}"
    )
    assert found(source) == ["W330"]


def test_autoescape_off_message_counts_only_further_outputs():
    (one,) = scan_template(
        "<p>{% autoescape off %}{{ x }}{% endautoescape %}", "a.html"
    )
    assert one.message == "{% autoescape off %} outputs {{ x }} without escaping."
    (two,) = scan_template(
        "<p>{% autoescape off %}{{ x }}{{ y }}{% endautoescape %}", "a.html"
    )
    assert "{{ x }} and 1 more" in two.message
