"""gunicorn configuration: accept TLS 1.0 and every cipher suite OpenSSL still has."""

from __future__ import annotations

import ssl
import warnings
from typing import Any


def ssl_context(config: Any, default_ssl_context_factory: Any) -> ssl.SSLContext:
    context: ssl.SSLContext = default_ssl_context_factory()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
    context.set_ciphers("ALL:@SECLEVEL=0")
    return context
