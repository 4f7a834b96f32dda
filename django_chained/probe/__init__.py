"""``manage.py chained_probe``: a live check of a deployed site, with the standard library only.

It compares what the site serves with what the project knows about itself (cookie names, admin and
login URLs, ``SECURE_*`` settings, ``MEDIA_URL``). Every request goes to the given host, with a timeout,
and redirects are followed only while they stay on that host and scheme.
"""

from __future__ import annotations
