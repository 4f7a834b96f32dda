"""Which of our seven concerns each of Django's own ``security.*`` checks belongs to.

Decided from the messages in ``django/core/checks/security/`` (``base.py``, ``csrf.py``, ``sessions.py``).
Session-cookie flags sit with HTTPS deployment, as django-chained's own cookie checks do (W171).
IDs left out (``SECRET_KEY`` W009/W025, ``DEBUG`` W018, ``ALLOWED_HOSTS`` W020, the referrer and opener
policies W022/E023/E024) are none of the seven and stay under "Other checks".
"""

from __future__ import annotations

HTTPS = 1
XSS = 3
CSRF_CLICKJACKING = 5

DJANGO_SECURITY_CONCERNS: dict[str, int] = {
    # SecurityMiddleware missing: no HSTS, no SSL redirect.
    "security.W001": HTTPS,
    "security.W004": HTTPS,  # SECURE_HSTS_SECONDS unset
    "security.W005": HTTPS,  # SECURE_HSTS_INCLUDE_SUBDOMAINS
    "security.W008": HTTPS,  # SECURE_SSL_REDIRECT
    "security.W021": HTTPS,  # SECURE_HSTS_PRELOAD
    "security.W010": HTTPS,  # SESSION_COOKIE_SECURE (sessions app)
    "security.W011": HTTPS,  # SESSION_COOKIE_SECURE (sessions middleware)
    "security.W012": HTTPS,  # SESSION_COOKIE_SECURE
    "security.W013": HTTPS,  # SESSION_COOKIE_HTTPONLY (sessions app)
    "security.W014": HTTPS,  # SESSION_COOKIE_HTTPONLY (sessions middleware)
    "security.W015": HTTPS,  # SESSION_COOKIE_HTTPONLY
    # SECURE_CONTENT_TYPE_NOSNIFF: without it a browser may run an upload it sniffs as HTML.
    "security.W006": XSS,
    "security.W002": CSRF_CLICKJACKING,  # XFrameOptionsMiddleware missing
    "security.W019": CSRF_CLICKJACKING,  # X_FRAME_OPTIONS not DENY
    "security.W003": CSRF_CLICKJACKING,  # CsrfViewMiddleware missing
    "security.W016": CSRF_CLICKJACKING,  # CSRF_COOKIE_SECURE
    "security.E101": CSRF_CLICKJACKING,  # CSRF_FAILURE_VIEW has the wrong signature
    "security.E102": CSRF_CLICKJACKING,  # CSRF_FAILURE_VIEW cannot be imported
}


def django_security_concern(check_id: str) -> int | None:
    """The concern of one of Django's ``security.*`` IDs; ``None`` for the others and unknown IDs."""
    return DJANGO_SECURITY_CONCERNS.get(check_id)
