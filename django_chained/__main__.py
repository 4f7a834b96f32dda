"""``python -m django_chained scan PATH``."""

from __future__ import annotations

import sys

from django_chained.cli import main

if __name__ == "__main__":
    sys.exit(main())
