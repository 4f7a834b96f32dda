"""XSS (3xx)."""

from __future__ import annotations

from django.core.checks.messages import WARNING

from django_chained.rules.spec import RuleSpec

RULES = (
    RuleSpec(
        "django_chained.W301",
        WARNING,
        title="``mark_safe()`` (or ``SafeString()``) marks a non-constant value as safe HTML.",
        description='Whatever the value holds reaches the page unescaped. Build the markup with ``format_html()``, which escapes its arguments, or ``escape()`` the values first. Values that cannot carry a visitor\'s markup are constant here: ``escape()``/``format_html()``/``flatatt()`` output, ``__html__()`` and ``render()``/``render_html()`` results (templates, widgets, components), sanitiser output (bleach or nh3 ``clean()``, pygments ``highlight()``, ``urlencode()``), numbers (``len()``, ``.count()``, ``x.pk``, ``x.id``), dates and sizes (``isoformat()``, ``naturaltime()``, ``naturalday()``, ``intcomma()``, ``filesizeformat()``), ``"&nbsp;" * depth``, ``settings.X``, ``Model._meta`` attributes, ``reverse()``/``static()``/``capfirst()`` of constants, ``.replace()`` with constant arguments on any of these (``escape(text).replace("\\n", "<br>")``), and a helper of the same module whose every ``return`` is constant, whatever its arguments.',
        cwe=(79,),
        runs_in=frozenset({"code"}),
        anchor="xss-3xx",
        precision="medium",
        security_severity="6.1",
    ),
    RuleSpec(
        "django_chained.W302",
        WARNING,
        title="``format_html()`` receives a format string already built with an f-string, ``%``, ``.format()`` or ``+``.",
        description="The values formatted in beforehand are not escaped; only ``format_html()``'s own arguments are. Pass a constant format string and the values as arguments.",
        cwe=(79,),
        runs_in=frozenset({"code"}),
        anchor="xss-3xx",
        precision="medium",
        security_severity="6.1",
    ),
    RuleSpec(
        "django_chained.W303",
        WARNING,
        title="``@mark_safe`` decorates a function, so everything it returns is safe HTML.",
        description="Drop the decorator and return ``format_html()`` output instead.",
        cwe=(79,),
        runs_in=frozenset({"code"}),
        anchor="xss-3xx",
        precision="medium",
        security_severity="6.1",
    ),
    RuleSpec(
        "django_chained.W304",
        WARNING,
        title="``@html_safe`` decorates a class whose ``__str__()`` returns a non-constant value.",
        description="Django then trusts ``str(obj)`` as HTML in templates; return ``format_html()`` or escaped output from ``__str__()``.",
        cwe=(79,),
        runs_in=frozenset({"code"}),
        anchor="xss-3xx",
        precision="medium",
        security_severity="6.1",
    ),
    RuleSpec(
        "django_chained.W305",
        WARNING,
        title="``HttpResponse()`` sends HTML formatted (f-string, ``%``, ``.format()``, ``+``) from request data or URL kwargs.",
        description="Render a template, which autoescapes, or build the markup with ``format_html()``.",
        cwe=(79,),
        runs_in=frozenset({"code"}),
        anchor="xss-3xx",
        precision="medium",
        security_severity="6.1",
    ),
    RuleSpec(
        "django_chained.W330",
        WARNING,
        title="``|safe`` or ``|safeseq`` turns off escaping for a variable in a template.",
        description="Whatever HTML the value holds reaches the page as is, including in ``{% with %}``, ``{% include … with %}`` and ``{% for … in x|safeseq %}`` arguments. Remove the filter and let autoescaping work; if the value must carry markup, sanitise it in Python (for example with nh3) and pass the result. A filter that escapes first (``|escape``, ``|escapejs``, ``|urlencode``, ``|linebreaks`` while autoescape is on …) makes it harmless and is not flagged.",
        cwe=(79,),
        runs_in=frozenset({"template"}),
        anchor="xss-3xx",
        precision="low",
        security_severity="6.1",
    ),
    RuleSpec(
        "django_chained.W331",
        WARNING,
        title="A ``{% autoescape off %}`` block outputs variables without escaping.",
        description="One message per block, at the line of ``{% autoescape off %}``, naming the first variable (or ``{% include %}``, which renders under the same setting) and how many more follow. Templates with no markup at all, such as Django's plain-text ``registration/password_reset_email.html``, are not flagged. Delete the block; mark only trusted, sanitised values safe in Python.",
        cwe=(79,),
        runs_in=frozenset({"template"}),
        anchor="xss-3xx",
        precision="medium",
        security_severity="6.1",
    ),
)
