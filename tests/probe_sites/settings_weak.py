"""The demo site (DEBUG on, no HSTS, insecure cookies) plus a media directory listing."""

from __future__ import annotations

import os
from pathlib import Path

from testproject.settings import *  # noqa: F403

ROOT_URLCONF = "tests.probe_sites.urls_weak"
MEDIA_ROOT = Path(os.environ["TESTPROJECT_MEDIA"])
