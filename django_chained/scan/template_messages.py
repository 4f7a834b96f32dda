"""Templates that render a message (an e-mail, an SMS, a notification) rather than a page: I332."""

from __future__ import annotations

import re
from dataclasses import replace

from django.core.checks.messages import INFO

from django_chained.scan.findings import Finding

#: Folders under ``templates/`` that hold message templates.
MESSAGE_FOLDERS = frozenset({"email", "emails", "mail", "sms", "notifications"})
#: Words of a template's file name that make it a message part (``email_body``, ``invite_subject``).
MESSAGE_WORDS = frozenset({"email", "emails", "subject", "sms"})
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def renders_a_message(path: str) -> bool:
    """Whether the file name, or a folder under its ``templates`` folder, names a message.

    Folders above ``templates`` (the app, the checkout) say nothing about what the file renders; a
    path without a ``templates`` folder is judged by its relative folders only.
    """
    *folders, name = (part.lower() for part in re.split(r"[\\/]", path))
    if "templates" in folders:
        folders = folders[len(folders) - folders[::-1].index("templates") :]
    elif path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path):
        folders = []
    stem = name.rsplit(".", 1)[0]
    return bool(MESSAGE_FOLDERS.intersection(folders)) or bool(
        MESSAGE_WORDS.intersection(_SEPARATORS.split(stem))
    )


def in_a_message(finding: Finding, what: str) -> Finding:
    """The I332 that replaces a W330/W331 ``finding`` in a message template; ``what`` says what is unescaped."""
    return replace(
        finding,
        id="django_chained.I332",
        message=f"{what} in a template that renders a message (e-mail, SMS, notification), not a page: confirm a visitor cannot put markup there.",
        hint="Mail clients and SMS gateways run no script, but an HTML e-mail still shows injected links and forms: escape what visitors typed, or accept this with an inline ignore and the reason.",
        level=INFO,
    )
