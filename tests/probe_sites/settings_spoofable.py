"""The hardened site told to trust X-Forwarded-Proto, served without a proxy that would overwrite it."""

from __future__ import annotations

from testproject.settings_hardened import *  # noqa: F403

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
