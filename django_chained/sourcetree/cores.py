"""How many processes a scan may run at once, and whether it may fork them."""

from __future__ import annotations

import os
import sys


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - Linux has the affinity call


def can_fork() -> bool:
    """Linux only: elsewhere forking a process that has imported this much is not safe enough."""
    return sys.platform == "linux" and hasattr(os, "fork")
