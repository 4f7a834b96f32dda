"""Hostile upload names through the real ``RandomFileSystemStorage.save`` into a temporary MEDIA_ROOT.

Every stored name stays under the root, keeps no script-capable final extension, fits ``max_length``
and is new; anything else is refused with ``SuspiciousFileOperation``. 2,000 examples by default (a few
seconds); ``CHAINED_HOSTILE_LONG=1`` runs 20,000 (about a minute).
"""

from __future__ import annotations

import itertools
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from django_chained import filenames
from django_chained.active_content import is_active_type
from django_chained.conf import ACTIVE_CONTENT_EXTENSIONS
from django_chained.storage import RandomFileSystemStorage

EXAMPLES = 20_000 if os.environ.get("CHAINED_HOSTILE_LONG") == "1" else 2_000
ACTIVE = frozenset(ACTIVE_CONTENT_EXTENSIONS)
# Every extension a MIME table here knows, active or not: the assertions judge each by its type too.
if not mimetypes.inited:
    mimetypes.init()
KNOWN_EXTENSIONS = sorted(
    ACTIVE
    | {
        extension.lstrip(".").lower()
        for table in (mimetypes.types_map, mimetypes.common_types, mimetypes.suffix_map)
        for extension in table
    }
)

# Characters that change a path's meaning somewhere: separators, dots and their look-alikes that
# NFKC folds to ASCII (fullwidth, one-dot leader), controls, NUL, bidi overrides, zero-width space,
# and lone surrogates (a JSON string can carry them; they are not encodable as UTF-8).
TRICKY = (
    "/\\.:\x00\n\r\t\x1b\x7f\u202e\u200b\uff0e\uff0f\uff3c\u2024\u2025 ~%\ud800\udc80"
)
tricky_text = st.text(
    st.one_of(st.sampled_from(TRICKY), st.characters()),
    max_size=12,
)
segment = st.one_of(
    st.sampled_from(
        ["..", ".", "", "...", ". .", ".. ", "..\x00", "\uff0e\uff0e", "\u2025", "%2e%2e",
         "C:", "uploads", "2026", "CON", "\u202eabc", "\ud800x"]
    ),
    tricky_text,
)  # fmt: skip
directory = st.one_of(
    st.just(""),
    st.builds(
        lambda parts, separator, lead: lead + separator.join(parts) + separator,
        st.lists(segment, min_size=1, max_size=4),
        st.sampled_from(["/", "\\"]),
        st.one_of(st.just(""), st.sampled_from(["/", "\\", "\\\\", "//"])),
    ),
)


def case_variants(extension: str) -> st.SearchStrategy[str]:
    """``html``, ``HTML``, ``HtMl``: any mix of cases of ``extension``."""
    return st.lists(
        st.booleans(), min_size=len(extension), max_size=len(extension)
    ).map(
        lambda upper: "".join(
            c.upper() if u else c for c, u in zip(extension, upper, strict=True)
        )
    )


risky_extension = st.one_of(
    st.sampled_from(sorted(ACTIVE)), st.sampled_from(KNOWN_EXTENSIONS)
).flatmap(case_variants)
any_extension = st.one_of(
    risky_extension,
    st.sampled_from(["jpg", "png", "pdf", "txt", "gz", "bin", ""]),
    tricky_text,
)
filename = st.one_of(
    # stem.risky, stem.risky.harmless, stem.harmless.risky
    st.builds(lambda stem, ext: f"{stem}.{ext}", tricky_text, risky_extension),
    st.builds(
        lambda s, a, b: f"{s}.{a}.{b}", tricky_text, any_extension, any_extension
    ),
    # trailing dots and spaces that Windows and some servers strip
    st.builds(
        lambda stem, ext, tail: f"{stem}.{ext}{tail}",
        tricky_text,
        risky_extension,
        st.sampled_from([".", " ", ". .", "\x00", "\x00.jpg", "::$DATA", ";.jpg", "/"]),
    ),
    # fullwidth letters (NFKC "html"), zero-width joiners inside the extension
    st.sampled_from(
        ["x.\uff48\uff54\uff4d\uff4c", "x.ht\u200bml", "x.s\u0301vg", ".htaccess"]
    ),
    # very long names
    st.builds(
        lambda n, ext: "x" * n + "." + ext, st.integers(200, 5_000), risky_extension
    ),
    tricky_text,
)
max_length = st.one_of(st.none(), st.integers(min_value=1, max_value=300))


class CollidingStems:
    """Stands in for ``filenames.random_stem``: on request, a save's first stem repeats the last one.

    Saves that collide go through FileSystemStorage's retry, or ``probe_existing``'s, with real stems.
    """

    def __init__(self) -> None:
        self.real = filenames.random_stem
        self.collide = False
        self.calls = 0

    def __call__(self, length: int = filenames.DEFAULT_STEM_LENGTH) -> str:
        self.calls += 1
        if self.collide:
            self.collide = False
            return "a" * length
        return self.real(length)


class Probing(RandomFileSystemStorage):
    probe_existing = True


@pytest.fixture(scope="module")
def media(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, CollidingStems]]:
    sandbox = tmp_path_factory.mktemp("hostile")
    root = sandbox / "media"
    root.mkdir()
    stems = CollidingStems()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(filenames, "random_stem", stems)
        yield root, stems
    # Nothing was written beside the root, however the names tried to leave it.
    assert [p.name for p in sandbox.iterdir()] == ["media"]


seen: set[str] = set()
counter = itertools.count()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    directory=directory,
    filename=filename,
    max_length=max_length,
    collide=st.booleans(),
    probe=st.booleans(),
)
def test_hostile_upload_names(
    media: tuple[Path, CollidingStems],
    directory: str,
    filename: str,
    max_length: int | None,
    collide: bool,
    probe: bool,
) -> None:
    root, stems = media
    storage = (Probing if probe else RandomFileSystemStorage)(location=root)
    payload = f"upload {next(counter)}".encode()
    stems.collide, stems.calls = collide, 0
    try:
        name = storage.save(directory + filename, ContentFile(payload), max_length)
    except SuspiciousFileOperation as refusal:
        event(f"refused: {str(refusal).split(' ', 3)[:3]}")
        return
    event("stored")
    if stems.calls > 1:
        event("stored after a collision")
    path = Path(storage.path(name)).resolve()
    assert path.is_relative_to(root.resolve())
    assert path.read_bytes() == payload
    assert max_length is None or len(name) <= max_length
    basename = name.rpartition("/")[2]
    stem, _, extension = basename.partition(".")
    assert len(stem) >= filenames.MIN_STEM_LENGTH
    assert set(stem) <= set(filenames.ALPHABET)
    assert extension.lower() not in ACTIVE
    assert not is_active_type(mimetypes.guess_type(basename, strict=False)[0] or "")
    assert name not in seen
    seen.add(name)
