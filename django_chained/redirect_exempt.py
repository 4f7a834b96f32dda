"""``SECURE_REDIRECT_EXEMPT`` as Django uses it, read by ``HttpsMiddleware`` and by the settings rules.

Kept apart from the middleware so that the settings rules, which the standalone scan runs, do not
import Django's HTTP layer (and through it the ORM and forms: 0.05 s of a cold scan).
"""

from __future__ import annotations

import re

#: What SECURE_REDIRECT_EXEMPT may be: Django iterates it, so any collection of patterns but a string.
EXEMPT_CONTAINERS = (list, tuple, set, frozenset)


def redirect_exempt_patterns(
    value: object,
) -> tuple[list[re.Pattern[str]], list[object]]:
    """``SECURE_REDIRECT_EXEMPT`` compiled, and the entries that are not usable ``str`` regexes.

    A setting that is not a list, tuple or set (a bare string would be iterated character by character,
    ``"^"`` exempting every path) is wholly unusable.
    Unusable entries are left out, so the site still starts and redirects those paths;
    ``django_chained.E114`` reports them.
    """
    if not isinstance(value, EXEMPT_CONTAINERS):
        return [], [value]
    patterns: list[re.Pattern[str]] = []
    rejected: list[object] = []
    for entry in value:
        source = entry.pattern if isinstance(entry, re.Pattern) else entry
        try:
            if not isinstance(source, str):
                raise TypeError
            patterns.append(re.compile(entry))
        except (TypeError, re.error):
            rejected.append(entry)
    return patterns, rejected
