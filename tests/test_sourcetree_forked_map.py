"""``forked_map``: every result once, from several children, whatever they meet; none left running."""

from __future__ import annotations

import os
import signal
import time

import pytest

from django_chained.sourcetree.forked_map import batches, forked_map


def square_and_pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def slowly(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough for every child to start before the batches run out
    return square_and_pid(item)


def test_every_item_once_from_several_children():
    results = list(forked_map(slowly, range(300), 3))
    assert sorted(value for value, _ in results) == [i * i for i in range(300)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids
    assert 1 < len(pids) <= 3  # the batches were shared out


@pytest.mark.parametrize("items", [[], [5]])
def test_no_item_or_one(items):
    assert [v for v, _ in forked_map(square_and_pid, items, 2)] == [
        i * i for i in items
    ]


@pytest.mark.parametrize("count", [0, 1, 7, 992, 200_000])
@pytest.mark.parametrize("jobs", [2, 3, 16])
def test_batches_cover_every_item_once_and_shrink_to_one(count, jobs):
    found = batches(count, jobs)
    assert [i for start, size in found for i in range(start, start + size)] == list(
        range(count)
    )
    sizes = [size for _, size in found]
    assert sizes == sorted(sizes, reverse=True)
    assert not sizes or sizes[-1] == 1
    assert len(found) * 8 < 65536  # all of them fit in a pipe before any child reads


def test_large_results_and_meanwhile_before_reading():
    seen: list[int] = []
    results = forked_map(
        lambda n: "x" * 100_000, range(40), 2, meanwhile=lambda: seen.append(1)
    )
    assert sum(len(r) for r in results) == 4_000_000
    assert seen == [1]


def dies_on_seven(item: int) -> int:
    if item == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def fails_on_seven(item: int) -> int:
    if item == 7:
        raise RuntimeError("a bug")
    return item


@pytest.mark.parametrize("function", [dies_on_seven, fails_on_seven])
def test_a_child_that_dies_or_raises_loses_only_its_batch(function):
    """The batch it was in is never yielded (the caller scans those items); every other one is."""
    [(start, size)] = [(a, n) for a, n in batches(100, 2) if a <= 7 < a + n]
    results = sorted(forked_map(function, range(100), 2))
    assert results == [i for i in range(100) if not start <= i < start + size]
    assert size > 1 and len(results) == 100 - size


def children_of_this_process() -> set[int]:
    me = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if stat.read().rsplit(")", 1)[1].split()[1] == me:
                        found.add(int(entry))
            except OSError:
                continue
    return found


def slow(item: int) -> int:
    time.sleep(0.05)
    return item


def test_leaving_early_or_a_failing_meanwhile_leaves_no_child():
    before = children_of_this_process()
    results = forked_map(slow, range(40), 2)
    assert next(results) in range(40)
    results.close()  # as when the caller stops reading
    assert children_of_this_process() == before

    def fails() -> None:
        raise ImportError("a broken install")

    with pytest.raises(ImportError):
        list(forked_map(slow, range(40), 2, meanwhile=fails))
    assert children_of_this_process() == before
