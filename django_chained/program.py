"""The ``django-chained`` program: the command line run as a process of its own.

A process that ends when its scan does needs no cyclic garbage collection: the scan pauses the
collector anyway, the start-up imports create tens of thousands of objects that would set it off
(about 0.015 s), and the interpreter's last collection at exit would walk every object left
(about 0.06 s after a cold scan of Django's source). ``cli.main`` stays a plain function for
callers in Python; this is what the console script and ``python -m django_chained`` run.
"""

from __future__ import annotations

import gc


def run() -> int:
    """Entry point of the ``django-chained`` console script and ``python -m django_chained``."""
    gc.disable()
    from django_chained.cli import main

    try:
        return main()
    finally:
        gc.freeze()  # the process ends next: nothing is left for its last collection to walk
