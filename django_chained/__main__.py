"""``python -m django_chained scan PATH``.

``python -m`` puts the current directory first on ``sys.path``, so a scanned repository's ``django/``,
``argparse.py`` or ``__future__.py`` would be imported in place of the real ones. The entry is dropped
before anything else is imported; that is why this module and the package's ``__init__`` have no
``from __future__`` import (``sys`` and ``os`` are loaded before any script runs).
"""

import os
import sys

if not getattr(sys.flags, "safe_path", False) and sys.path[:1] in ([""], [os.getcwd()]):
    del sys.path[0]

from django_chained.program import run  # noqa: E402

if __name__ == "__main__":
    sys.exit(run())
