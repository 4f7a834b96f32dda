"""The project-wide pass that turns W520 into I517 where the page's script submits the form with the token.

A form without ``{% csrf_token %}`` that the browser never submits by itself is not rejected: wger's
calorie calculator has ``<input type="submit">`` buttons whose click handlers (its app's
``static/js/nutrition.js``) call ``preventDefault()`` and ``fetch()`` with an ``X-CSRFToken`` header.
Templates and scripts are read, not run, so this pass cannot prove that the script takes over every
submission: where a script looks up the form or an element inside it by ``id`` and also sends the
CSRF token (an ``X-CSRFToken`` header, the ``csrftoken`` cookie, a page's ``csrfmiddlewaretoken``
input), the finding becomes I517, saying what to confirm. The scripts read are the template's own
``<script>`` elements and the ``.js`` files of the ``static`` folder beside the app's ``templates``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from django.core.checks.messages import INFO
from django.template.base import Lexer

from django_chained.scan.findings import Finding
from django_chained.scan.suppress import apply_suppressions, template_comments
from django_chained.scan.template_forms import element_ids_of_form
from django_chained.untrusted_files import read_regular_file

W520 = "django_chained.W520"
SENDS_TOKEN = re.compile(
    r"x-csrf-?token|\bcsrftoken\b|csrfmiddlewaretoken", re.IGNORECASE
)
SCRIPT_ELEMENT = re.compile(
    r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
#: Scripts and bytes read per ``static`` folder: enough for an app's own code, bounded for a vendored tree.
MAX_SCRIPTS = 500
MAX_SCRIPT_BYTES = 20_000_000


def judge_script_submitted_forms(
    findings: Iterable[Finding], max_bytes: int
) -> list[Finding]:
    """``findings`` with each W520 whose form a script submits with the token turned into I517."""
    scripts = _Scripts(max_bytes)
    return [
        _judged(finding, scripts) if finding.id == W520 else finding
        for finding in findings
    ]


def _judged(finding: Finding, scripts: _Scripts) -> Finding:
    text = scripts.text(finding.path)
    if text is None:
        return finding
    ids = element_ids_of_form(Lexer(text).tokenize(), finding.line)
    if not ids:
        return finding
    for source, script in scripts.for_template(finding.path, text):
        named = sorted(i for i in ids if _looks_up(script, i))
        if named and SENDS_TOKEN.search(script):
            judged = i517(finding, source, named[0])
            # A W520 accepted inline stays accepted as the I517 it became; an I517 may be accepted as such.
            if judged.suppressed_reason is None:
                judged = apply_suppressions([judged], template_comments(text))[0]
            return judged
    return finding


def _looks_up(script: str, element_id: str) -> bool:
    """``getElementById('x')``, or a quoted selector naming ``#x`` (``querySelector("form#x input")``, ``$('#x')``).

    A bare quoted word is not enough: ``'submit'`` is also an event name every form script uses.
    """
    name = re.escape(element_id)
    by_id = rf"getElementById\(\s*([\"'`]){name}\1\s*\)"
    selector = rf"([\"'`])[^\"'`\n]*#{name}(?![\w-])[^\"'`\n]*\2"
    return re.search(f"{by_id}|{selector}", script) is not None


def i517(finding: Finding, source: str, element_id: str) -> Finding:
    """The I517 that replaces a W520 ``finding`` whose form ``source`` names by ``element_id``."""
    return replace(
        finding,
        id="django_chained.I517",
        level=INFO,
        message=(
            f"POST <form> without {{% csrf_token %}}, but {source} names its element {element_id!r} and sends "
            "the CSRF token: confirm the script submits this form itself (preventDefault(), then a request "
            "with the X-CSRFToken header), so the browser never posts it without the token."
        ),
        hint=(
            "If a click or Enter can still submit the form natively, add {% csrf_token %} inside it; "
            "otherwise accept this line with an inline ignore and the reason."
        ),
    )


class _Scripts:
    """The scripts a template's page may run, read once per ``static`` folder."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.folders: dict[str, list[tuple[str, str]]] = {}

    def text(self, path: str) -> str | None:
        try:
            return read_regular_file(path, self.max_bytes).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None  # the per-file scan reports what it could not read

    def for_template(self, path: str, text: str) -> Iterator[tuple[str, str]]:
        """(name, source) of the template's own ``<script>`` elements, then of its app's static scripts."""
        own = "\n".join(m[1] for m in SCRIPT_ELEMENT.finditer(text))
        if own.strip():
            yield "a <script> of this template", own
        app = _app_folder(path)
        if app is None:
            return
        static = os.path.join(app, "static")
        if static not in self.folders:
            self.folders[static] = list(self._read_folder(static, os.path.dirname(app)))
        yield from self.folders[static]

    def _read_folder(self, static: str, base: str) -> Iterator[tuple[str, str]]:
        count = size = 0
        for directory, subdirs, names in os.walk(static):
            subdirs[:] = sorted(d for d in subdirs if d != "node_modules")
            for name in sorted(names):
                if not name.endswith(".js"):
                    continue
                count += 1
                path = os.path.join(directory, name)
                text = self.text(path)
                size += len(text or "")
                if count > MAX_SCRIPTS or size > MAX_SCRIPT_BYTES:
                    return
                if text is not None:
                    yield os.path.relpath(path, base).replace(os.sep, "/"), text


def _app_folder(path: str) -> str | None:
    """The folder holding the nearest ``templates`` folder above ``path``."""
    parts = os.path.abspath(path).split(os.sep)[:-1]
    if "templates" not in parts:
        return None
    nearest = len(parts) - 1 - parts[::-1].index("templates")
    return os.sep.join(parts[:nearest]) or os.sep
