"""Settings and URLconfs that turn ``testproject`` into the probe tests' deliberately weak sites."""

from __future__ import annotations
