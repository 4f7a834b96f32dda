"""The walk of the tree, done in a child process while this one imports the scan.

Before a cold scan's workers can start, this process spends about 0.12 s importing the scan and
0.03 s walking the tree (Django's own source: 2,600 folders), on one core; the other is idle. A
child forked before those imports walks the tree meanwhile and sends back what it found, as plain
strings. Whatever goes wrong in it (it fails, dies or sends something else) costs only speed: the
walk is then done here, as it would have been.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django_chained.paths import resolved
from django_chained.sourcetree.cores import available_cores, can_fork
from django_chained.sourcetree.tree_walk import Walk, walk


class EarlyWalk:
    """A walk of ``root`` running in a child process; ``result()`` waits for it."""

    def __init__(self, root: Path, exclude: tuple[str, ...]) -> None:
        self.root = root
        self.exclude = exclude
        self.started = time.time_ns()
        """Before the child looked at any folder (``scan.cache.scan_started``'s clock)."""
        self._pipe, out = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # pragma: no cover - runs in the child, which never returns
            os.close(self._pipe)
            _child(root, exclude, out)
        os.close(out)

    def result(self) -> Walk:
        """What the child found, or a walk done here when it found nothing usable."""
        data = bytearray()
        with contextlib.suppress(OSError):
            while chunk := os.read(self._pipe, 1 << 20):
                data += chunk
        self._end(kill=False)
        try:
            return _walk_of(pickle.loads(data))
        except Exception:  # noqa: BLE001 - a child that failed or died: walk here
            return walk(self.root, self.exclude, record=True)

    def cancel(self) -> None:
        """Stop the child, when its walk is not wanted after all."""
        self._end(kill=True)

    def _end(self, kill: bool) -> None:
        if self._pid == 0:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        os.close(self._pipe)
        self._pid = 0


def start_walk(
    root: Path, exclude: Sequence[str], jobs: int | None, cache_dir: Path | None
) -> EarlyWalk | None:
    """A child walking ``root``, when there is a core to spare and no kept walk to try first."""
    from django_chained.sourcetree.walk_cache import cache_file

    top = resolved(root)
    if (jobs or available_cores()) < 2 or not can_fork():
        return None
    if cache_dir is not None and cache_file(cache_dir, top, tuple(exclude)).exists():
        return None  # a warm scan: the kept walk most likely holds
    try:
        return EarlyWalk(top, tuple(exclude))
    except OSError:  # no process or pipe to spare: walk here, later
        return None


def _child(root: Path, exclude: tuple[str, ...], out: int) -> None:
    status = 1
    try:
        found = walk(root, exclude, record=True)
        plain = (
            [str(p) for p in found.python_files],
            [str(p) for p in found.template_files],
            [(str(p), why) for p, why in found.unreadable],
            [str(p) for p in found.deployment_files],
            found.listed,
        )
        with os.fdopen(out, "wb") as stream:
            stream.write(pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)


def _walk_of(plain: Any) -> Walk:
    python, templates, unreadable, deployment, listed = plain
    return Walk(
        python_files=[Path(p) for p in python],
        template_files=[Path(p) for p in templates],
        unreadable=[(Path(p), why) for p, why in unreadable],
        deployment_files=[Path(p) for p in deployment],
        listed=listed,
    )
