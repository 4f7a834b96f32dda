"""Small, stable release tables for the 7xx tests (the shipped one changes with every regeneration)."""

from __future__ import annotations

from django_chained.versions.table import build_table

SERIES = {
    "5.1": (False, "2024-08-07", "2025-04-02", "2025-12-03"),
    "5.2": (True, "2025-04-02", "2025-12-03", "2028-04-30"),
    "6.0": (False, "2025-12-03", "2026-08-05", "2027-04-30"),
}
RELEASES = [
    ("5.1", "2024-08-07", True),
    ("5.1.1", "2025-11-01", True),
    ("5.2", "2025-04-02", True),
    ("5.2.1", "2025-11-01", True),
    ("5.2.2", "2026-01-05", True),
    ("5.2.3", "2026-03-01", False),  # yanked: the fix is installed from 5.2.4
    ("5.2.4", "2026-03-02", True),
    ("6.0", "2025-12-03", True),
    ("6.0.1", "2026-01-05", True),
]
ADVISORIES = [
    (
        "CVE-2026-0002",
        "2026-03-01",
        "",
        "Second issue.",
        "",
        {"5.2": "5.2.3"},
        {"5.2": "5.2.4"},
    ),
    (
        "CVE-2026-0001",
        "2026-01-05",
        "high",
        "First issue.",
        "https://example.invalid/1",
        {"5.2": "5.2.2", "6.0": "6.0.1"},
        {"5.2": "5.2.2", "6.0": "6.0.1"},
    ),
    (
        "CVE-2025-0003",
        "2025-11-01",
        "low",
        "Issue disclosed while 6.0 was a pre-release.",
        "",
        {"6.0": "6.0", "5.2": "5.2.1", "5.1": "5.1.1"},
        {"6.0": "6.0", "5.2": "5.2.1", "5.1": "5.1.1"},
    ),
]

TABLE = build_table("2026-05-01", SERIES, RELEASES, ADVISORIES)

YEAR_TABLE = build_table(
    "2028-03-01",
    {
        "6.2": (True, "2027-04-07", "2028-01-11", "2030-04-30"),
        "2028": (False, "2028-01-11", "2029-01-31", "2030-01-31"),
    },
    [
        ("6.2", "2027-04-07", True),
        ("2028", "2028-01-11", True),
        ("2028.1", "2028-02-01", True),
    ],
    [
        (
            "CVE-2028-1",
            "2028-02-01",
            "",
            "Year-based fix.",
            "",
            {"2028": "2028.1"},
            {"2028": "2028.1"},
        )
    ],
)
