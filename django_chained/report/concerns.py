"""The seven concerns, by the hundreds digit of a django-chained ID."""

from __future__ import annotations

CONCERNS: dict[int, str] = {
    1: "HTTPS deployment",
    2: "Authorization",
    3: "XSS",
    4: "SQL injection",
    5: "CSRF and clickjacking",
    6: "Media access",
    7: "Outdated Django",
}

#: The group for django-chained's own settings (0xx) and other apps' IDs, e.g. Django's ``security.*``.
OTHER = "Other checks"


def concern_title(concern: int | None) -> str:
    return f"{CONCERNS[concern]} ({concern}xx)" if concern in CONCERNS else OTHER
