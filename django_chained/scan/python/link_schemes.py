"""I310, shared by its two finders: a link's URL scheme that only a regular expression, or nothing, checks.

``markdown_output`` reports the regular expression run over Markdown source before the rendered
HTML is marked safe; ``stored_template_links`` a link a model renders from a template in its own
text field. Both leave ``javascript:`` links possible, which escaping does not change.
"""

from __future__ import annotations

from django.core.checks.messages import INFO

from django_chained.scan.rule import Rule

I310 = Rule(
    id="django_chained.I310",
    message="{what}, and {check}: confirm {confirm}.",
    hint="A javascript: link runs script when clicked, escaped or not: keep only links whose scheme is in an allow list such as http, https and mailto (nh3 or bleach URL schemes for rendered HTML, urllib.parse.urlsplit(url).scheme for one link).",
    level=INFO,
)
