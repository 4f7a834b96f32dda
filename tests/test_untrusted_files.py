"""Reading an untrusted tree's files: regular files only, the size limit before a byte is read."""

from __future__ import annotations

import os
import threading

import pytest

from django_chained.untrusted_files import (
    FileTooLarge,
    NotRegularFile,
    read_regular_file,
    read_text_file,
)


def finishes(function, *args):
    """What ``function(*args)`` returned or raised, asserting it did not block (a FIFO would)."""
    outcome: list[object] = []

    def call():
        try:
            outcome.append(function(*args))
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcome.append(error)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the read blocked"
    return outcome[0]


def test_regular_file_read_whole(tmp_path):
    path = tmp_path / "a.py"
    path.write_bytes(b"X = 1\n")
    assert read_regular_file(path, 6) == b"X = 1\n"


def test_symlink_to_a_regular_file_is_followed(tmp_path):
    (tmp_path / "real.py").write_bytes(b"X = 1\n")
    os.symlink(tmp_path / "real.py", tmp_path / "link.py")
    assert read_regular_file(tmp_path / "link.py", 100) == b"X = 1\n"


def test_fifo_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    error = finishes(read_regular_file, tmp_path / "pipe.py", 100)
    assert isinstance(error, NotRegularFile)
    assert error.strerror == "it is a FIFO (named pipe), not a regular file"


def test_symlink_to_a_device_refused(tmp_path):
    os.symlink("/dev/zero", tmp_path / "x.py")
    error = finishes(read_regular_file, tmp_path / "x.py", 10**9)
    assert isinstance(error, NotRegularFile)
    assert error.kind == "a character device"


def test_directory_refused(tmp_path):
    with pytest.raises(NotRegularFile, match="a directory"):
        read_regular_file(tmp_path, 100)


def test_over_the_limit_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.py"
    path.write_bytes(b"x" * 11)
    monkeypatch.setattr("django_chained.untrusted_files.os.open", pytest.fail)
    with pytest.raises(FileTooLarge) as caught:
        read_regular_file(path, 10)
    assert (caught.value.size, caught.value.limit) == (11, 10)
    assert caught.value.strerror == "11 bytes, over the limit of 10"


def test_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "edge.py"
    path.write_bytes(b"x" * 10)
    assert read_regular_file(path, 10) == b"x" * 10


def test_file_grown_after_the_size_check_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.py"
    path.write_bytes(b"x" * 50)
    real_stat, real_fstat = os.stat, os.fstat

    class Shrunk:
        def __init__(self, status):
            self.st_mode, self.st_size = status.st_mode, 5

    monkeypatch.setattr(
        "django_chained.untrusted_files.os.stat", lambda p: Shrunk(real_stat(p))
    )
    monkeypatch.setattr(
        "django_chained.untrusted_files.os.fstat", lambda fd: Shrunk(real_fstat(fd))
    )
    with pytest.raises(FileTooLarge) as caught:
        read_regular_file(path, 10)
    assert caught.value.size == 11  # it read one byte over the limit, never the rest


def test_file_swapped_for_a_fifo_after_the_first_look_refused(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.py")
    regular = os.stat(__file__)
    monkeypatch.setattr("django_chained.untrusted_files.os.stat", lambda path: regular)
    error = finishes(read_regular_file, tmp_path / "pipe.py", 10**9)
    assert isinstance(error, NotRegularFile)


def test_text_drops_the_bom_and_refuses_bad_utf8(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfDjango==5.2\n")
    assert read_text_file(tmp_path / "bom.txt") == "Django==5.2\n"
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9\n")
    with pytest.raises(UnicodeDecodeError):
        read_text_file(tmp_path / "latin.txt")
