"""django-chained's system checks: one module per concern, IDs ``django_chained.<C|E|W|I><NNN>``.

The hundreds digit of an ID is the concern: 0 our own settings, 1 HTTPS, 2 authorization, 3 XSS,
4 SQL injection, 5 CSRF/clickjacking, 6 media access, 7 outdated Django.
Importing this package registers nothing; ``DjangoChainedAppConfig.ready()`` does. Nor does it import
its modules: the standalone scan imports only those holding settings rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_chained.checks.registry import Registration

    REGISTRY: tuple[Registration, ...]


def __getattr__(name: str) -> object:
    if name != "REGISTRY":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from django_chained.checks.registry import every_registration

    return every_registration()
