"""``function(item)`` for every item, in forked child processes, each batch's results sent back as it is done.

The cold scan's one use of several processes, lighter than ``concurrent.futures``' pool: no thread
feeding a queue, no thread collecting results, no process left to shut down. The batches wait in
one pipe that every child reads from (all written before the first child starts, so each eight-byte
read takes one whole batch), so a child that meets slow files simply takes fewer of them. Batches
shrink as the work runs out (a quarter of what is left, shared by the children): the first are
large, so few results are sent, and the last hold one item each, so no child finishes long before
the others. Each child writes its results to a pipe of its own as length-prefixed pickles, and the
parent reads them as they come. A child that raises or dies stops there: the results it sent are
kept, the batch it was working on is never yielded, and the caller does those items itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import struct
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

_BATCH = struct.Struct("<II")  # the first item's index, how many items
_LENGTH = struct.Struct("<Q")
#: Results a child may write before the parent reads (it runs ``meanwhile`` first), where Linux allows.
PIPE_BYTES = 1 << 20


def forked_map(
    function: Callable[[_T], _R],
    items: Sequence[_T],
    jobs: int,
    *,
    meanwhile: Callable[[], object] = lambda: None,
) -> Generator[_R, None, None]:
    """Yield ``function(item)`` for the items, in no fixed order, computed by ``jobs`` forked children.

    ``meanwhile`` runs in this process once the children have started. Leaving the iteration early,
    or an exception (``meanwhile``'s included), kills the children that are still running.
    """
    queue, feed = os.pipe()
    os.write(feed, b"".join(_BATCH.pack(*b) for b in batches(len(items), jobs)))
    os.close(feed)
    children: dict[int, int] = {}  # the read end of each child's results → its pid
    finished: set[int] = set()  # those read to their end: the child exits, or has died
    try:
        for _ in range(jobs):
            results, out = os.pipe()
            _widen(out)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which never returns
                _child(function, items, queue, out)
            os.close(out)
            children[results] = pid
        meanwhile()
        yield from _collect(children, finished)
    finally:
        os.close(queue)
        for results, pid in children.items():
            if results not in finished:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(results)


def batches(count: int, jobs: int) -> list[tuple[int, int]]:
    """``(first index, size)`` of each batch: a quarter of what is left shared by ``jobs``, at least one."""
    found = []
    start = 0
    while start < count:
        size = max(1, (count - start) // (4 * jobs))
        found.append((start, size))
        start += size
    return found


def _child(
    function: Callable[[_T], _R], items: Sequence[_T], queue: int, out: int
) -> None:
    """Serve batches until none is left, then leave without running the parent's exit handlers."""
    status = 1
    try:
        with os.fdopen(out, "wb") as stream:
            while len(record := os.read(queue, _BATCH.size)) == _BATCH.size:
                start, size = _BATCH.unpack(record)
                done = [function(item) for item in items[start : start + size]]
                payload = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
                stream.write(_LENGTH.pack(len(payload)) + payload)
                stream.flush()
        status = 0
    finally:
        os._exit(status)


def _collect(children: dict[int, int], finished: set[int]) -> Iterator[_R]:
    """Each result, as its batch's payload arrives, until every child's pipe is closed (``finished``)."""
    pending = {results: bytearray() for results in children}
    with selectors.DefaultSelector() as selector:
        for results in children:
            selector.register(results, selectors.EVENT_READ)
        while pending:
            for key, _ in selector.select():
                results = key.fd
                chunk = os.read(results, PIPE_BYTES)
                if not chunk:
                    # The child is done, or died mid-batch: a partial payload is dropped.
                    selector.unregister(results)
                    del pending[results]
                    finished.add(results)
                    continue
                buffer = pending[results]
                buffer += chunk
                while len(buffer) >= _LENGTH.size:
                    (size,) = _LENGTH.unpack_from(buffer)
                    if len(buffer) < _LENGTH.size + size:
                        break
                    payload = bytes(buffer[_LENGTH.size : _LENGTH.size + size])
                    del buffer[: _LENGTH.size + size]
                    yield from pickle.loads(payload)


def _widen(pipe: int) -> None:
    """Let a child write all its results before the parent starts reading, where Linux allows it."""
    # Other systems, or a lower limit: the child waits for the parent to read, as pipes do.
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
