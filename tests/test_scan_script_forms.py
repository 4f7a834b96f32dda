"""W520 becomes I517 where a script of the page names the form's elements and sends the CSRF token."""

from __future__ import annotations

import textwrap

import pytest
from django.core.checks.messages import INFO

from django_chained.scan.engine import scan_paths

# wger's calorie calculator: submit buttons whose click handlers post with fetch() instead.
FORM = textwrap.dedent("""\
    {% extends "base.html" %}
    {% block content %}
    <form action="" method="post" class="wger-form" id="total-calories-form">
        {{ form_calories.calories }}
        <p><input type="submit" value="Save" id="form-update-calories"></p>
    </form>
    {% endblock %}
""")
SCRIPT = textwrap.dedent("""\
    function getCsrfToken() {
      return document.querySelector('[name=csrfmiddlewaretoken]').value;
    }
    document.getElementById('form-update-calories').addEventListener('click', function (e) {
      e.preventDefault();
      fetch('/api/v2/userprofile/', {
        method: 'POST',
        headers: {'X-CSRFToken': getCsrfToken()},
        body: new URLSearchParams({calories: document.getElementById('id_calories').value}),
      });
    });
""")


def found(tmp_path, template=FORM, scripts=None, every=False):
    app = tmp_path / "project" / "nutrition"
    page = app / "templates" / "rate" / "form.html"
    page.parent.mkdir(parents=True)
    page.write_text(template, encoding="utf-8")
    for name, text in (
        scripts if scripts is not None else {"js/nutrition.js": SCRIPT}
    ).items():
        script = app / "static" / name
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(text, encoding="utf-8")
    result = scan_paths([], [str(page)])
    return [f for f in result.findings if every or f.id.endswith(("W520", "I517"))]


def test_a_form_the_apps_script_posts_with_the_token_is_i517(tmp_path):
    [finding] = found(tmp_path)
    assert (finding.id, finding.line, finding.level) == ("django_chained.I517", 3, INFO)
    assert finding.message == (
        "POST <form> without {% csrf_token %}, but nutrition/static/js/nutrition.js names its element "
        "'form-update-calories' and sends the CSRF token: confirm the script submits this form itself "
        "(preventDefault(), then a request with the X-CSRFToken header), so the browser never posts it "
        "without the token."
    )


def test_the_forms_own_id_and_the_csrftoken_cookie_count(tmp_path):
    script = "const token = getCookie('csrftoken');\n$(\"#total-calories-form\").on('submit', post);\n"
    assert [f.id for f in found(tmp_path, scripts={"app.js": script})] == [
        "django_chained.I517"
    ]


def test_a_script_element_of_the_template_counts(tmp_path):
    template = FORM.replace(
        "{% endblock %}",
        "<script>\ndocument.querySelector(`#form-update-calories`).onclick = e => "
        "{ e.preventDefault(); send({headers: {'X-CSRFToken': token}}); };\n</script>\n{% endblock %}",
    )
    [finding] = found(tmp_path, template, scripts={})
    assert finding.id == "django_chained.I517"
    assert "but a <script> of this template names its element" in finding.message


@pytest.mark.parametrize(
    "scripts",
    [
        # Names the button but sends no token: the post is rejected.
        {
            "js/nutrition.js": SCRIPT.replace(
                "X-CSRFToken", "X-Requested-With"
            ).replace("csrfmiddlewaretoken", "x")
        },
        # Sends the token for another form only.
        {"js/nutrition.js": SCRIPT.replace("'form-update-calories'", "'form-other'")},
        # The id only as part of a longer one, or as a quoted word that looks nothing up.
        {
            "js/nutrition.js": SCRIPT.replace(
                "getElementById('form-update-calories')",
                "getElementById('form-update-calories-2')",
            )
        },
        {
            "js/nutrition.js": SCRIPT.replace(
                "getElementById('form-update-calories')", "on('form-update-calories')"
            )
        },
        {
            "js/nutrition.js": SCRIPT.replace(
                "'form-update-calories'", "'form-update-calories-2'"
            )
        },
        # One file names the form, another sends the token: nothing ties them to one submission.
        {
            "a.js": "document.getElementById('form-update-calories');\n",
            "b.js": "headers['X-CSRFToken'] = t;\n",
        },
        # A script outside the app's static folder is not the app's.
        {"../node_modules/x.js": SCRIPT},
        {},
    ],
)
def test_w520_stays_without_a_script_that_names_the_form_and_sends_the_token(
    tmp_path, scripts
):
    assert [f.id for f in found(tmp_path, scripts=scripts)] == ["django_chained.W520"]


@pytest.mark.parametrize(
    "template",
    [
        # No literal id to look for: an id from a variable is unknown.
        FORM.replace(' id="total-calories-form"', "").replace(
            'id="form-update-calories"', 'id="btn-{{ pk }}"'
        ),
        # The id the script names belongs to an element after the form.
        FORM.replace(' id="form-update-calories"', "").replace(
            ' id="total-calories-form"', ""
        )
        + '<button id="form-update-calories">Save</button>\n',
    ],
)
def test_w520_stays_when_the_form_has_no_element_the_script_names(tmp_path, template):
    assert [f.id for f in found(tmp_path, template)] == ["django_chained.W520"]


def test_an_id_that_is_also_an_event_name_needs_a_lookup(tmp_path):
    template = FORM.replace("form-update-calories", "submit")
    script = "form.addEventListener('submit', e => send({headers: {'X-CSRFToken': token}}));\n"
    assert [f.id for f in found(tmp_path, template, {"app.js": script})] == [
        "django_chained.W520"
    ]
    script += "document.querySelector('form #submit').disabled = true;\n"
    assert [f.id for f in found(tmp_path / "2", template, {"app.js": script})] == [
        "django_chained.I517"
    ]


def test_vendored_node_modules_in_the_static_folder_are_not_read(tmp_path):
    assert [
        f.id for f in found(tmp_path, scripts={"node_modules/lib/x.js": SCRIPT})
    ] == ["django_chained.W520"]


def test_a_template_outside_a_templates_folder_reads_only_its_own_scripts(tmp_path):
    page = tmp_path / "form.html"
    page.write_text(FORM, encoding="utf-8")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "nutrition.js").write_text(SCRIPT, encoding="utf-8")
    result = scan_paths([], [str(page)])
    assert [f.id for f in result.findings] == ["django_chained.W520"]


@pytest.mark.parametrize("accepted", ["I517", "django_chained.W520"])
def test_accepted_inline_as_w520_or_as_i517(tmp_path, accepted):
    template = FORM.replace(
        'id="total-calories-form">',
        f'id="total-calories-form">{{# chained: ignore[{accepted}] posted by nutrition.js #}}',
    )
    [finding] = found(tmp_path, template, every=True)  # and no W006 for the suppression
    assert (finding.id, finding.suppressed_reason) == (
        "django_chained.I517",
        "posted by nutrition.js",
    )
