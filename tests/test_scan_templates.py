"""Template rules: W330 |safe/|safeseq, W331 {% autoescape off %}, W520 POST form without {% csrf_token %}."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks.messages import INFO
from hypothesis import given, settings
from hypothesis import strategies as st

from django_chained.scan.engine import scan_paths
from django_chained.scan.template_expressions import parse_expression
from django_chained.scan.templates import scan_template

ROOT = Path(__file__).resolve().parent.parent
TESTPROJECT = ROOT / "testproject"


def found(source, path="app/templates/page.html"):
    return [(f.id.rsplit(".", 1)[1], f.line) for f in scan_template(source, path)]


class TestSafeFilter:
    def test_safe_on_variable(self):
        assert found("<p>{{ comment.body|safe }}</p>") == [("W330", 1)]

    def test_safeseq_on_variable(self):
        assert found("<p>\n{{ items|safeseq|join:', ' }}</p>") == [("W330", 2)]

    def test_message_names_variable_and_filter(self):
        (finding,) = scan_template("<p>{{ bio|safe }}</p>", "t/a.html")
        assert finding.message == (
            "|safe turns off escaping for the variable bio: HTML in it reaches the page as is."
        )
        assert finding.location == "t/a.html:1"

    @pytest.mark.parametrize(
        "expression",
        [
            '"<br>"|safe',
            "'<b>x</b>'|safe",
            '_("<b>Hi</b>")|safe',
            "42|safe",
            "csrf_token|safe",
            "block.super|safe",
            "form|safe",
            "form.as_p|safe",
            "login_form.as_div|safe",
            "formset.management_form|safe",
            "form.title|safe",
            "form.title.label_tag|safe",
            "field|safe",
            "field.errors|safe",
            "field.field.help_text|safe",
            "widget|safe",
            "body|escape|safe",
            "body|force_escape|safe",
            "body|escapejs|safe",
            "items|length|safe",
            "body|linebreaks|safe",
        ],
    )
    def test_not_flagged(self, expression):
        assert found(f"<p>{{{{ {expression} }}}}</p>") == []

    @pytest.mark.parametrize(
        "expression",
        [
            "form.instance.bio|safe",
            "form.files|safe",
            "form.title.value|safe",
            # A ChoiceField's error quotes the submitted value: "Select a valid choice. <x> is not ..."
            "form.errors.category.0|safe",
            "form.visible_fields.0.value|safe",
            "field.value|safe",
            "platform|safe",
            'x|default:"y"|safe',
            '""|default:html|safe',
        ],
    )
    def test_data_behind_form_like_names_flagged(self, expression):
        assert found(f"<p>{{{{ {expression} }}}}</p>") == [("W330", 1)]

    def test_field_loop_variables_are_widgets(self):
        source = "{% for f in form %}{{ f|safe }}{{ f.label_tag|safe }}{% endfor %}{{ f|safe }}"
        assert found(source) == [("W330", 1)]

    @pytest.mark.parametrize(
        ("iterable", "expected"),
        [
            ("form.visible_fields", []),
            ("form.choice", []),
            ("form.instance.tags", [("W330", 1)]),
            ("form.cleaned_data", [("W330", 1)]),
        ],
    )
    def test_loop_over_form_parts(self, iterable, expected):
        assert (
            found(f"{{% for f in {iterable} %}}{{{{ f|safe }}}}{{% endfor %}}")
            == expected
        )

    def test_fields_of_a_form_from_a_formset_loop_are_widgets(self):
        source = "{% for sub in formset %}{% for f in sub %}{{ f|safe }}{% endfor %}{% endfor %}"
        assert found(source) == []

    def test_formset_loop_variables_are_forms(self):
        source = (
            "{% for sub in formset %}{{ sub.as_p|safe }}{{ sub.data|safe }}{% endfor %}"
        )
        assert found(source) == [("W330", 1)]

    def test_safe_in_block_tag_arguments(self):
        source = '{% with html=post.body|safe %}{{ html }}{% endwith %}\n{% include "x.html" with a=b|safe %}\n{% for i in rows|safeseq %}{% endfor %}'
        assert found(source) == [("W330", 1), ("W330", 2), ("W330", 3)]

    def test_for_tag_missing_its_iterable_is_still_scanned(self):
        """A template being written (``{% for row in %}``) breaks at render, not in the scan."""
        assert found("<p>{% for row in %}{{ row.note|safe }}{% endfor %}</p>") == [
            ("W330", 1)
        ]

    def test_safe_in_if_condition_not_flagged(self):
        assert found("{% if body|safe %}yes{% endif %}") == []

    def test_commented_out_not_flagged(self):
        source = "{# {{ a|safe }} #}{% comment %}{{ b|safe }}{% endcomment %}{% verbatim %}{{ c|safe }}{% endverbatim %}"
        assert found(source) == []

    def test_flagged_after_a_closed_comment_or_verbatim_block(self):
        source = "{% comment %}x{% endcomment %}{{ b|safe }}\n{% verbatim %}{{ a }}{% endverbatim %}{{ c|safe }}"
        assert found(source) == [("W330", 1), ("W330", 2)]

    def test_plain_text_templates_skipped(self):
        assert found("{{ body|safe }}", "emails/welcome.txt") == []

    def test_line_numbers(self):
        source = (
            "<ul>\n\n{% for x in y %}\n  <li>{{ x.name|safe }}</li>\n{% endfor %}</ul>"
        )
        assert found(source) == [("W330", 4)]


class TestCapturedText:
    def test_blocktrans_asvar_captures_the_name_after_asvar(self):
        captured = (
            "{% load i18n %}{% blocktrans asvar greeting %}Hi {{ name }}"
            "{% endblocktrans %}"
        )
        assert found(captured + "<p>{{ greeting|safe }}</p>\n") == []
        assert found(captured + "<p>{{ other|safe }}</p>\n") == [("W330", 1)]


class TestAutoescapeOff:
    def test_variable_inside_block(self):
        source = "<div>\n{% autoescape off %}\n{{ user.name }}{{ user.bio }}\n{% endautoescape %}</div>"
        findings = scan_template(source, "t.html")
        assert [(f.id, f.line) for f in findings] == [("django_chained.W331", 2)]
        assert "{{ user.name }} and 1 more" in findings[0].message

    def test_include_inside_block(self):
        assert found(
            '<p>{% autoescape off %}{% include "row.html" %}{% endautoescape %}'
        ) == [("W331", 1)]

    def test_constants_forms_and_escaped_values_not_flagged(self):
        source = '<p>{% autoescape off %}{{ "<b>" }}{{ form }}{{ field }}{{ x|escape }}{% endautoescape %}'
        assert found(source) == []

    def test_autoescape_on_inside_off(self):
        source = "<p>{% autoescape off %}{% autoescape on %}{{ x }}{% endautoescape %}{% endautoescape %}"
        assert found(source) == []

    def test_variable_after_block_not_flagged(self):
        assert found("<p>{% autoescape off %}{% endautoescape %}{{ x }}") == []

    def test_safe_inside_block_reported_once(self):
        source = "<p>{% autoescape off %}{{ x|safe }}{% endautoescape %}"
        assert found(source) == [("W330", 1)]

    def test_linebreaks_then_safe_inside_block_flagged(self):
        source = "<p>{% autoescape off %}{{ x|linebreaks|safe }}{% endautoescape %}"
        assert found(source) == [("W330", 1)]

    def test_autoescape_without_argument_is_not_off(self):
        """A template being written (``{% autoescape %}``) breaks at render, not in the scan."""
        assert found("<p>{% autoescape %}{{ x }}{% endautoescape %}") == []

    def test_unclosed_block_still_reported(self):
        assert found("<p>\n{% autoescape off %}{{ x }}") == [("W331", 2)]

    def test_plain_text_email_template_not_flagged(self):
        source = "{% autoescape off %}Hi {{ user.get_username }},\nreset: {{ protocol }}://{{ domain }}{% endautoescape %}"
        assert found(source, "registration/password_reset_email.html") == []

    def test_child_template_counts_as_html(self):
        source = '{% extends "base.html" %}{% block c %}{% autoescape off %}{{ x }}{% endautoescape %}{% endblock %}'
        assert found(source) == [("W331", 1)]


class TestMessageTemplates:
    """|safe and autoescape off where the template renders an e-mail, SMS or notification: I332."""

    HTML_MAIL = (
        '<div class="header">{{ subject|safe }}</div>\n<div>{{ content|safe }}</div>'
    )

    @pytest.mark.parametrize(
        "path",
        [
            "/srv/paperless/src/paperless_mail/templates/email_msg_template.html",
            "/srv/pretalx/src/pretalx/mail/templates/mail/mailwrapper.html",
            "/srv/site/app/templates/notifications/digest.html",
            "/srv/site/app/templates/sms/reminder.html",
            "emails/welcome.html",
        ],
    )
    def test_html_message_is_an_info(self, path):
        findings = scan_template(self.HTML_MAIL, path)
        assert [(f.id, f.line, f.level) for f in findings] == [
            ("django_chained.I332", 1, INFO),
            ("django_chained.I332", 2, INFO),
        ]
        assert findings[0].message.startswith(
            "|safe turns off escaping for the variable subject in a template that renders a message"
        )

    def test_autoescape_off_in_an_html_message_is_an_info(self):
        source = "<p>{% autoescape off %}Hi {{ user.name }}{% endautoescape %}</p>"
        (finding,) = scan_template(
            source, "/srv/wger/core/templates/account/email/confirmation.html"
        )
        assert finding.id == "django_chained.I332"
        assert finding.message.startswith(
            "{% autoescape off %} outputs {{ user.name }}"
        )

    def test_plain_text_message_reports_nothing(self):
        source = "{% load i18n %}{{ event.name|safe }}: {% trans 'new talk' %}"
        assert found(source, "/srv/x/app/templates/mail/invite_subject.html") == []

    @pytest.mark.parametrize(
        "path",
        [
            "/srv/mail/app/templates/page.html",  # a folder above templates/ names the checkout
            "/srv/pretalx/orga/templates/orga/mails/_mail_editor.html",  # a page editing mails
            "/home/u/email/page.html",  # no templates folder: absolute folders say nothing
        ],
    )
    def test_pages_keep_the_warning(self, path):
        assert found(self.HTML_MAIL, path) == [("W330", 1), ("W330", 2)]

    @pytest.mark.parametrize(
        ("accepted", "line"),
        [
            ("W330", "<p>{{ subject|safe }}</p>"),
            ("django_chained.I332", "<p>{{ subject|safe }}</p>"),
            ("W331", "<p>{% autoescape off %}{{ subject }}{% endautoescape %}</p>"),
        ],
    )
    def test_accepted_inline_as_the_warning_or_as_i332(self, tmp_path, accepted, line):
        page = tmp_path / "app" / "templates" / "emails" / "welcome.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"{line}{{# chained: ignore[{accepted}] built by the task #}}\n"
        )
        # One finding, accepted, and no W006 for a suppression written before it became I332.
        [finding] = scan_paths([], [str(page)]).findings
        assert (finding.id, finding.suppressed_reason) == (
            "django_chained.I332",
            "built by the task",
        )

    def test_an_unrelated_ids_suppression_does_not_accept_the_i332(self, tmp_path):
        page = tmp_path / "app" / "templates" / "emails" / "welcome.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            "<p>{{ subject|safe }}</p>{# chained: ignore[W520] no form #}\n"
        )
        findings = scan_paths([], [str(page)]).findings
        assert [(f.id, f.suppressed_reason) for f in findings] == [
            ("django_chained.I332", None),
            ("django_chained.W006", None),
        ]


class TestPostFormWithoutCsrfToken:
    def test_post_form_without_token(self):
        assert found(
            '<div>\n<form method="post" action="/pay/">\n<button>Pay</button></form>'
        ) == [("W520", 2)]

    @pytest.mark.parametrize(
        "start",
        [
            "<form method=POST>",
            "<FORM Method='Post'>",
            '<form class="x"\n  method="post">',
        ],
    )
    def test_method_case_and_quoting(self, start):
        assert [i for i, _ in found(f"{start}<button></button></form>")] == ["W520"]

    @pytest.mark.parametrize(
        "form",
        [
            '<form method="post">{% csrf_token %}</form>',
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{{ csrf_token }}"></form>',
            "<form><input></form>",
            '<form method="get"><input></form>',
            '<form method="{{ method }}"><input></form>',
            '<form method="post" action="https://pay.example.net/checkout"></form>',
            '<form method="post" action="//other.example/x"></form>',
            '<form method="post">{% include "fields.html" %}</form>',
            '<form method="post">{% block fields %}{% endblock %}</form>',
            '<form method="post">{% partial form_fields %}</form>',
            '<!-- <form method="post"></form> -->',
            '{% comment %}<form method="post"></form>{% endcomment %}',
            '{% verbatim %}<form method="post"></form>{% endverbatim %}',
            '<p data-method="post"><form><input></form>',
        ],
    )
    def test_not_flagged(self, form):
        assert found(form) == []

    def test_internal_action_from_url_tag_flagged(self):
        assert found('<form method="post" action="{% url \'pay\' pk %}"></form>') == [
            ("W520", 1)
        ]

    def test_token_after_form_end_does_not_count(self):
        assert found('<form method="post"></form>{% csrf_token %}') == [("W520", 1)]

    def test_token_in_html_comment_does_not_count(self):
        assert found('<form method="post"><!-- {% csrf_token %} --></form>') == [
            ("W520", 1)
        ]

    def test_unclosed_form_checked_to_end_of_template(self):
        assert found('<form method="post">\n<input>') == [("W520", 1)]
        assert found('<form method="post">\n{% csrf_token %}') == []

    def test_each_form_checked(self):
        source = (
            '<form method="post">{% csrf_token %}</form>\n<form method="post"></form>'
        )
        assert found(source) == [("W520", 2)]

    def test_flagged_after_a_closed_comment_or_verbatim_block(self):
        source = "{% comment %}x{% endcomment %}{{ b|safe }}\n{% verbatim %}{{ a }}{% endverbatim %}{{ c|safe }}"
        assert found(source) == [("W330", 1), ("W330", 2)]

    def test_plain_text_templates_skipped(self):
        assert found('<form method="post"></form>', "x.txt") == []


class TestMalformedTemplates:
    @pytest.mark.parametrize(
        "source",
        [
            "{% autoescape off",
            "{{ x|safe",
            "{% for %}{% endfor %}{% endfor %}{% endautoescape %}",
            "{{ |safe }}{{ x|||safe }}{{ x|safe:'a }}",
            '{% with a=_("x %}',
            '{% firstof _("x y|safe %}',
            "\x00\ufffd{{ \x00|safe }}<form method=post",
            "<form method=",
            "",
        ],
    )
    def test_never_raises(self, source):
        assert isinstance(scan_template(source, "bad.html"), list)

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                ["{{", "}}", "{%", "%}", "{#", "#}", "|safe", "x", "autoescape off",
                 "endautoescape", "<form method=post>", "</form>", "csrf_token", "\n",
                 "for f in form", "endfor", "verbatim", "comment", '"', "=", "\x00"]
            )
        ).map("".join)
    )  # fmt: skip
    def test_fuzzed_token_soup_never_raises(self, source):
        for finding in scan_template(source, "fuzz.html"):
            assert finding.line >= 1

    def test_parse_expression_of_garbage(self):
        assert parse_expression("|safe") is None
        partial = parse_expression("x|safe extra")
        assert partial is not None
        assert partial.filters == ("safe",)


class TestTestProject:
    def scan(self, relative):
        path = TESTPROJECT / relative
        return found(path.read_text(encoding="utf-8"), str(path))

    def test_insecure_invoice_plants_found(self):
        assert self.scan("insecure/templates/insecure/invoice_detail.html") == [
            ("W330", 4),
            ("W331", 5),
            ("W520", 6),
        ]

    def test_secure_templates_clean(self):
        paths = [
            *TESTPROJECT.joinpath("notes").rglob("*.html"),
            *TESTPROJECT.joinpath("notes").rglob("*.txt"),
            *TESTPROJECT.joinpath("templates").rglob("*.html"),
        ]
        assert paths
        assert [(p.name, self.scan(p)) for p in paths if self.scan(p)] == []


def test_works_without_django_settings():
    code = (
        "from django.conf import settings\n"
        "from django_chained.scan.templates import scan_template\n"
        "ids = [f.id for f in scan_template('<form method=post>{{ a|safe }}</form>', 'x.html')]\n"
        "assert not settings.configured\n"
        "print(ids)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['django_chained.W330', 'django_chained.W520']"


def test_every_template_finding_is_written_in_full_sentences():
    """Reports print the message and the hint as they are: neither may be cut short."""
    page = (
        '<form method="post">{{ bio|safe }}'
        "{% autoescape off %}{{ name }}{% endautoescape %}</form>"
    )
    findings = [
        *scan_template(page, "app/templates/page.html"),
        *scan_template("<p>{{ subject|safe }}</p>", "app/templates/emails/a.html"),
    ]
    assert sorted({f.id.rsplit(".", 1)[1] for f in findings}) == [
        "I332",
        "W330",
        "W331",
        "W520",
    ]
    for finding in findings:
        assert finding.message.endswith("."), finding.message
        assert finding.hint.endswith("."), finding.hint


TEMPLATE_FIXTURES = sorted(
    (Path(__file__).parent / "fixtures" / "scan" / "templates").glob("*.html")
)
EXPECT = re.compile(r"expect: (W\d+)")


@pytest.mark.parametrize("fixture", TEMPLATE_FIXTURES, ids=lambda p: p.stem)
def test_template_fixture_findings_are_exactly_the_marked_lines(fixture):
    text = fixture.read_text(encoding="utf-8")
    marked = sorted(
        (check_id, number)
        for number, line in enumerate(text.splitlines(), start=1)
        for check_id in EXPECT.findall(line)
    )
    assert sorted(found(text, str(fixture))) == marked
    assert fixture.stem.endswith("_positive") == bool(marked)
