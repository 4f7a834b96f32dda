"""The ``django-chained`` program: the command line run as a process of its own.

A process that ends when its scan does needs no cyclic garbage collection: the scan pauses the
collector anyway, and the start-up imports create tens of thousands of objects that would set it
off (about 0.015 s). Nor does it need the interpreter's orderly teardown, which frees every module
and every object the scan kept, one by one (0.01 to 0.02 s after a cold scan of Django's source):
once the report is written and the standard streams are flushed, the process leaves at once, as
mypy's does. ``cli.main`` stays a plain function for callers in Python; this is what the console
script and ``python -m django_chained`` run.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys


def run(leave: bool = True) -> int:
    """Entry point of the ``django-chained`` console script and ``python -m django_chained``.

    With ``leave`` (the default) the process ends here with the command's status; without it
    (tests), the status is returned and the remaining objects are frozen out of the last collection.
    """
    gc.disable()
    from django_chained.cli import main

    status = main()
    if leave:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # closed, or a reader gone
                stream.flush()
        os._exit(status)
    gc.freeze()  # nothing is left for the last collection to walk
    return status
