"""Cost of saving small files with RandomFileSystemStorage against Django's plain FileSystemStorage.

Run: ``python benchmarks/storage.py [--rounds 100] [--files 2000] [--dir /dev/shm]``.
Each variant saves ``--files`` small files (``ContentFile`` of 64 bytes) into its own temporary directory,
``files / rounds`` per round; every round runs the variants in a shuffled order, so they share the machine's
state. Reported per variant: the median round time per save (robust to a busy machine), the total, and the
ratio of medians against the same run's plain FileSystemStorage with distinct upload names
(target for RandomFileSystemStorage: <= 1.05).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

ANCHOR = "FileSystemStorage, distinct names"
PAYLOAD = b"x" * 64


def configure() -> None:
    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        INSTALLED_APPS=[],  # the storage needs no app registry
        MEDIA_URL="/media/",
    )
    django.setup()


def variants(root: Path) -> dict[str, tuple[object, Callable[[int], str]]]:
    """Label -> (storage, upload name for the i-th save)."""
    from django.core.files.storage import FileSystemStorage

    from django_chained.storage import RandomFileSystemStorage

    class ProbingRandomStorage(RandomFileSystemStorage):
        probe_existing = True

    def make(label: str, cls: type) -> object:
        location = root / label.replace(" ", "_").replace(",", "")
        location.mkdir()
        return cls(location=location)

    return {
        ANCHOR: (make(ANCHOR, FileSystemStorage), lambda i: f"up/file{i}.txt"),
        "FileSystemStorage, same name": (
            make("fs same", FileSystemStorage),
            lambda i: "up/report.txt",
        ),
        "RandomFileSystemStorage": (
            make("random", RandomFileSystemStorage),
            lambda i: "up/report.txt",
        ),
        "RandomFileSystemStorage, probe_existing": (
            make("random probe", ProbingRandomStorage),
            lambda i: "up/report.txt",
        ),
    }


def run(rounds: int, files: int, parent: str | None) -> dict[str, list[float]]:
    from django.core.files.base import ContentFile

    per_round = files // rounds
    with tempfile.TemporaryDirectory(dir=parent) as tmp:
        chosen = variants(Path(tmp))
        times: dict[str, list[float]] = {label: [] for label in chosen}
        counters = dict.fromkeys(chosen, 0)
        order = list(chosen)
        for _ in range(rounds):
            random.shuffle(order)
            for label in order:
                storage, name_for = chosen[label]
                start = counters[label]
                began = time.perf_counter()
                for index in range(start, start + per_round):
                    storage.save(name_for(index), ContentFile(PAYLOAD))  # type: ignore[attr-defined]
                times[label].append(time.perf_counter() - began)
                counters[label] += per_round
    return times


def naming_only(
    parent: str | None, repeats: int = 7, number: int = 2000
) -> dict[str, float]:
    """Best-of-``repeats`` seconds per ``get_available_name()`` call: the naming cost without the write."""
    with tempfile.TemporaryDirectory(dir=parent) as tmp:
        chosen = variants(Path(tmp))
        best = dict.fromkeys(chosen, float("inf"))
        for _ in range(repeats):
            for label in random.sample(list(chosen), len(chosen)):
                storage, name_for = chosen[label]
                began = time.perf_counter()
                for index in range(number):
                    storage.get_available_name(name_for(index), max_length=100)  # type: ignore[attr-defined]
                best[label] = min(best[label], (time.perf_counter() - began) / number)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument(
        "--dir", default=None, help="where to create the storages (default: TMPDIR)"
    )
    options = parser.parse_args()
    configure()
    run(2, 100, options.dir)  # warm-up: imports, first directory creation
    times = run(options.rounds, options.files, options.dir)
    per_round = options.files // options.rounds
    anchor = statistics.median(times[ANCHOR])
    print(
        f"{per_round * options.rounds} saves of {len(PAYLOAD)} bytes per variant, "
        f"{options.rounds} interleaved rounds of {per_round}"
    )
    for label, rounds in times.items():
        median = statistics.median(rounds)
        print(
            f"{label:42} median {median / per_round * 1e6:6.1f} us/save"
            f"  total {sum(rounds):6.3f} s  ratio {median / anchor:5.3f}"
        )
    naming = naming_only(options.dir)
    print("get_available_name() alone, best of 7 x 2000 calls (no file written)")
    for label, seconds in naming.items():
        print(
            f"{label:42} {seconds * 1e6:6.2f} us/call  ratio {seconds / naming[ANCHOR]:5.3f}"
        )


if __name__ == "__main__":
    main()
