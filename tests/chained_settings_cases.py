"""Wrong ``CHAINED_*`` values shared by the tests of every entry point that reads them."""

from __future__ import annotations

# One value of a wrong type for every setting: a test fails when a setting is added without one.
WRONG_TYPES = {
    "CHAINED_SECURE_ALL_COOKIES": "yes",
    "CHAINED_HSTS_MIN_SECONDS": "31536000",
    "CHAINED_TLS_TERMINATED_UPSTREAM": 1,
    "CHAINED_AUTHZ_EXEMPT_VIEWS": ["app.views.public"],
    "CHAINED_OWNER_MODELS": "app.Model",
    "CHAINED_SCAN_PATHS": "src",
    "CHAINED_SCAN_EXCLUDE": [1, 2],
    "CHAINED_SCAN_MAX_BYTES": 1.5,
    "CHAINED_CACHE_DIR": 3,
    "CHAINED_CSRF_EXEMPT_ALLOWED": {"app.views.hook": None},
    "CHAINED_ACTIVE_EXTENSIONS": "html",
    "CHAINED_EOL_WARNING_DAYS": True,
    "CHAINED_DATA_MAX_AGE_DAYS": None,
    "CHAINED_ADVISORY_PATHS": ("a.json", 2),
    "CHAINED_ACCEPTED_RISKS": {"django_chained.W501": "webhook"},
}

#: More wrong types: each of these once raised inside ``django-chained scan`` (``int("ninety")``,
#: ``tuple(5)``, ``dict(["x"])``, a reason that is no dict in the accepted risks).
MORE_WRONG_TYPES = [
    ("CHAINED_EOL_WARNING_DAYS", "ninety"),
    ("CHAINED_DATA_MAX_AGE_DAYS", "180"),
    ("CHAINED_ACCEPTED_RISKS", {"ID": 5}),
    ("CHAINED_ACCEPTED_RISKS", ["django_chained.W501"]),
    ("CHAINED_OWNER_MODELS", 5),
    ("CHAINED_AUTHZ_EXEMPT_VIEWS", 5),
    ("CHAINED_CSRF_EXEMPT_ALLOWED", ["app.views.hook"]),
]

BAD_VALUES = {
    "CHAINED_HSTS_MIN_SECONDS": 0,
    "CHAINED_SCAN_MAX_BYTES": -1,
    "CHAINED_EOL_WARNING_DAYS": -5,
    "CHAINED_DATA_MAX_AGE_DAYS": 0,
    "CHAINED_AUTHZ_EXEMPT_VIEWS": {"app.views.public": "  "},
    "CHAINED_CSRF_EXEMPT_ALLOWED": {"app.views.hook": ""},
    "CHAINED_ACCEPTED_RISKS": {"django_chained.W501": {"app.views.hook": ""}},
}

#: (setting, value, the ID reporting it): every case above.
CASES = [
    *[(name, value, "django_chained.E001") for name, value in WRONG_TYPES.items()],
    *[(name, value, "django_chained.E001") for name, value in MORE_WRONG_TYPES],
    *[(name, value, "django_chained.E002") for name, value in BAD_VALUES.items()],
]
