"""django-chained's system checks: one module per concern, IDs ``django_chained.<C|E|W|I><NNN>``.

The hundreds digit of an ID is the concern: 0 our own settings, 1 HTTPS, 2 authorization, 3 XSS,
4 SQL injection, 5 CSRF/clickjacking, 6 media access, 7 outdated Django.
Importing this package registers nothing; ``DjangoChainedAppConfig.ready()`` does.
"""

from __future__ import annotations

from django_chained.checks import (
    authorization,
    code_rules,
    config,
    csrf,
    https,
    media,
    sql,
    versions,
    xss,
)
from django_chained.checks.registry import Registration

REGISTRY: tuple[Registration, ...] = (
    *config.REGISTRY,
    *https.REGISTRY,
    *authorization.REGISTRY,
    *xss.REGISTRY,
    *sql.REGISTRY,
    *csrf.REGISTRY,
    *media.REGISTRY,
    *versions.REGISTRY,
    *code_rules.REGISTRY,
)
