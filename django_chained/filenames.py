"""Unguessable upload names: a random stem from ``secrets`` plus an extension that cannot run as script.

Pure functions, no storage and no settings: ``django_chained.storage`` wires them into Django's naming hooks.
"""

from __future__ import annotations

import math
import posixpath
import re
import secrets
from collections.abc import Iterable

from django.core.exceptions import SuspiciousFileOperation

#: Lower-case RFC 4648 base32: safe on every file system, in URLs and on case-insensitive disks.
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
BITS_PER_CHAR = 5
#: The entropy floor: a stem is never shorter than this many random bits.
MIN_ENTROPY_BITS = 128
MIN_STEM_LENGTH = math.ceil(MIN_ENTROPY_BITS / BITS_PER_CHAR)  # 26 characters, 130 bits
#: The length used when nothing forces a shorter name (160 bits); shortened down to the floor for ``max_length``.
DEFAULT_STEM_LENGTH = 32
#: What replaces an active-content extension: ``application/octet-stream`` everywhere, so browsers download it.
NEUTRAL_EXTENSION = ".bin"
#: Extensions kept as they are must be short, plain ASCII letters and digits.
_PLAIN_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")
_BYTE_TO_CHAR = bytes(ord(ALPHABET[byte % 32]) for byte in range(256))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_OUR_STEM = re.compile(rf"[{ALPHABET}]{{{MIN_STEM_LENGTH},{DEFAULT_STEM_LENGTH}}}")


def random_stem(length: int = DEFAULT_STEM_LENGTH) -> str:
    """``length`` characters of ``ALPHABET``, every one carrying 5 bits from ``secrets``."""
    if length < MIN_STEM_LENGTH:
        raise ValueError(
            f"a stem of {length} characters is below the {MIN_ENTROPY_BITS}-bit floor"
        )
    # One random byte per character, keeping its low 5 bits: 256 is a multiple of 32, so uniform.
    return secrets.token_bytes(length).translate(_BYTE_TO_CHAR).decode("ascii")


def normalise_extensions(extensions: Iterable[str]) -> frozenset[str]:
    """``{"html", "svg"}`` from any mix of ``".HTML"``, ``"svg"``: how users may write the setting."""
    return frozenset(e.strip().lstrip(".").lower() for e in extensions)


def safe_extension(
    filename: str, active: frozenset[str], neutral: str = NEUTRAL_EXTENSION
) -> str:
    """The extension to store ``filename`` under: ``".jpg"``, ``""`` or ``neutral``.

    Only the last suffix counts (``shell.php.jpg`` is a ``.jpg``; servers that honour inner suffixes
    are why no inner suffix is kept). A suffix that is not plain ASCII, or is active content, turns neutral.
    """
    basename = filename.replace("\\", "/").rpartition("/")[2]
    _, dot, extension = basename.rpartition(".")
    if not dot or not extension:
        return ""
    if not _PLAIN_EXTENSION.fullmatch(extension):
        return neutral
    extension = extension.lower()
    return neutral if extension in active else f".{extension}"


def split_directory(name: str) -> tuple[str, str]:
    """``("notes/2026", "a.txt")`` from ``"notes/2026/a.txt"``; refuses directories that leave the storage root.

    Control characters (NUL, newline ...) are refused too: no ``upload_to`` produces them, and a
    directory named ``"\\n"`` would be created on disk from a hostile name. So are lone surrogates
    (``"\\ud800"`` from a JSON string): the file system and URL quoting cannot encode them.
    """
    name = str(name).replace("\\", "/")
    directory, _, filename = name.rpartition("/")
    if directory.startswith("/") or ".." in directory.split("/"):
        raise SuspiciousFileOperation(
            f"Detected path traversal attempt in {directory!r}"
        )
    if _CONTROL.search(directory):
        raise SuspiciousFileOperation(
            f"Detected a control character in the directory {directory!r}"
        )
    if _SURROGATE.search(directory):
        raise SuspiciousFileOperation(
            f"Detected a lone surrogate, which is not text, in the directory {directory!r}"
        )
    directory = posixpath.normpath(directory) if directory else ""
    return ("" if directory == "." else directory), filename


def stem_length_for(
    directory: str, extension: str, max_length: int | None, previous: str = ""
) -> int:
    """How many random characters fit: the default, or fewer for ``max_length``, never under the floor.

    ``previous`` is the stem of the name being replaced: when Django retries a save without passing
    ``max_length`` again (``FileSystemStorage._save`` on a collision), reusing a stem length we chose
    keeps the retry inside the limit the first attempt honoured.
    """
    length = DEFAULT_STEM_LENGTH
    if max_length is None:
        if _OUR_STEM.fullmatch(previous):
            length = len(previous)
        return length
    overhead = len(directory) + (1 if directory else 0) + len(extension)
    length = min(length, max_length - overhead)
    if length < MIN_STEM_LENGTH:
        raise SuspiciousFileOperation(
            f"No random file name of {MIN_ENTROPY_BITS} bits fits max_length={max_length} "
            f"under {directory!r}; raise the field's max_length or shorten upload_to."
        )
    return length


def random_name(directory: str, extension: str, stem_length: int) -> str:
    """``directory/<random stem><extension>``; just the file name when ``directory`` is empty."""
    filename = random_stem(stem_length) + extension
    return f"{directory}/{filename}" if directory else filename
