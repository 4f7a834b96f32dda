from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.test import override_settings
from django.test.utils import isolate_apps
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from django_chained import filenames
from django_chained.conf import ACTIVE_CONTENT_EXTENSIONS
from django_chained.storage import RandomFilenameMixin, RandomFileSystemStorage

STORED = re.compile(r"(?:(?P<dir>.+)/)?(?P<stem>[a-z2-7]{26,32})(?P<ext>\.[a-z0-9]+)?")


def parts(name) -> re.Match[str]:
    """The stored name's directory, random stem and extension; fails when it is not one of ours."""
    match = STORED.fullmatch(str(name))
    assert match, name
    return match


def save(storage, name, data=b"x", **kwargs):
    return storage.save(name, ContentFile(data), **kwargs)


@pytest.fixture
def storage(tmp_path):
    return RandomFileSystemStorage(location=tmp_path, base_url="/media/")


class TestRandomFileSystemStorage:
    def test_same_upload_name_gets_distinct_random_names(self, storage):
        first, second = (
            save(storage, "notes/Quarterly Report.PDF"),
            save(storage, "notes/Quarterly Report.PDF"),
        )
        assert first != second
        for name in (first, second):
            match = parts(name)
            assert match["dir"] == "notes"
            assert len(match["stem"]) == 32
            assert match["ext"] == ".pdf"
            assert "report" not in name.lower()
            assert "quarterly" not in name.lower()

    def test_content_round_trips(self, storage):
        name = save(storage, "a.txt", b"hello")
        with storage.open(name) as handle:
            assert handle.read() == b"hello"
        assert storage.url(name) == f"/media/{name}"

    @pytest.mark.parametrize("extension", ["html", "HTM", "svg", "js", "xml", "css"])
    def test_active_extension_stored_as_bin(self, storage, extension):
        assert save(storage, f"up/evil.{extension}").endswith(".bin")

    @pytest.mark.parametrize(
        "extension", ["xhtm", "es", "atom", "rss", "mml", "xul", "dtd", "XhTm", "ATOM"]
    )
    def test_script_capable_types_of_server_tables_stored_as_bin(
        self, storage, extension
    ):
        # Web servers serve these as XHTML, JavaScript, XML feeds, MathML, XUL and DTD.
        assert parts(save(storage, f"up/evil.{extension}"))["ext"] == ".bin"

    def test_default_location_is_media_root(self, tmp_path):
        with override_settings(MEDIA_ROOT=str(tmp_path)):
            storage = RandomFileSystemStorage()
            name = save(storage, "a.txt")
            assert (tmp_path / name).is_file()

    def test_active_extensions_setting_read_at_save_time(self, storage):
        with override_settings(CHAINED_ACTIVE_EXTENSIONS=[".TXT"]):
            assert save(storage, "a.txt").endswith(".bin")
            assert save(storage, "a.html").endswith(".html")

    def test_neutral_extension_is_a_class_attribute(self, tmp_path):
        class TextStorage(RandomFileSystemStorage):
            neutral_extension = ".txt"

        storage = TextStorage(location=tmp_path)
        assert save(storage, "a.svg").endswith(".txt")
        assert save(storage, "firmware.bin").endswith(".bin")

    def test_max_length_shortens_the_random_part(self, storage):
        name = save(storage, "notes/a.txt", max_length=6 + 27 + 4)
        assert len(name) == 37
        assert len(parts(name)["stem"]) == 27

    def test_max_length_never_goes_below_the_floor(self, storage):
        with pytest.raises(SuspiciousFileOperation, match="128 bits"):
            save(storage, "notes/a.txt", max_length=6 + 25 + 4)

    def test_traversal_refused(self, storage):
        with pytest.raises(SuspiciousFileOperation):
            storage.get_available_name("../outside.txt")

    def test_lone_surrogate_directory_refused_not_a_unicode_error(self, storage):
        # A JSON body can carry "\\ud800"; the file system cannot encode it.
        with pytest.raises(SuspiciousFileOperation, match="lone surrogate"):
            save(storage, "up/\ud800/a.txt")
        assert parts(save(storage, "up/\ud800.html"))["ext"] == ".bin"

    def test_get_valid_name_drops_the_original(self, storage):
        name = storage.get_valid_name("My Secret.HTML")
        assert parts(name)["ext"] == ".bin"
        assert "secret" not in name.lower()

    def test_no_existence_probe_before_saving(self, storage, monkeypatch):
        def probe(name):
            raise AssertionError("exists() called")

        monkeypatch.setattr(storage, "exists", probe)
        assert save(storage, "a.txt")

    @pytest.mark.parametrize("upload", ["n/x.txt", "n/x", "n/x.html", "a/b/c/x.tar.gz"])
    @pytest.mark.parametrize("stem_length", [26, 27, 31])
    def test_retries_after_collisions_keep_max_length(
        self, storage, monkeypatch, upload, stem_length
    ):
        # The stems ignore nothing of ``length``: a retry asking for the default 32 characters gets 32.
        # FileSystemStorage._save retries through get_available_name(name) without max_length.
        letters = iter("aaaab")
        asked: list[int] = []

        def stem(length: int = filenames.DEFAULT_STEM_LENGTH) -> str:
            asked.append(length)
            return next(letters) * length

        monkeypatch.setattr(filenames, "random_stem", stem)
        directory = upload.rpartition("/")[0]
        extension = storage.get_safe_extension(upload)
        max_length = len(directory) + 1 + stem_length + len(extension)
        first = save(storage, upload, max_length=max_length)
        second = save(storage, upload, max_length=max_length)
        assert first == f"{directory}/{'a' * stem_length}{extension}"
        assert second == f"{directory}/{'b' * stem_length}{extension}"
        assert (
            asked == [stem_length] * 5
        )  # one save, then three collisions and a free name
        assert (Path(storage.location) / second).read_bytes() == b"x"

    def test_probing_retries_keep_max_length(self, tmp_path, monkeypatch):
        class Probing(RandomFileSystemStorage):
            probe_existing = True

        storage = Probing(location=tmp_path)
        letters = iter("aab")
        monkeypatch.setattr(
            filenames, "random_stem", lambda length=32: next(letters) * length
        )
        assert (
            save(storage, "n/x.txt", max_length=2 + 27 + 4) == "n/" + "a" * 27 + ".txt"
        )
        assert (
            save(storage, "n/x.txt", max_length=2 + 27 + 4) == "n/" + "b" * 27 + ".txt"
        )


class TestDeconstruction:
    def test_deconstructs_to_its_own_path(self, tmp_path):
        path, args, kwargs = RandomFileSystemStorage(
            location="/srv/media"
        ).deconstruct()
        assert path == "django_chained.storage.RandomFileSystemStorage"
        assert (args, kwargs) == ((), {"location": "/srv/media"})

    @isolate_apps("tests")
    def test_field_serialises_for_migrations(self):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField(upload_to="u/", storage=RandomFileSystemStorage())

        text, imports = MigrationWriter.serialize(Upload._meta.get_field("file"))
        assert "django_chained.storage.RandomFileSystemStorage()" in text
        assert "import django_chained.storage" in imports


class TestAnyBackend:
    """The mixin composes with any Storage: here Django's InMemoryStorage."""

    def make(self, **attrs):
        cls = type("RandomInMemory", (RandomFilenameMixin, InMemoryStorage), attrs)
        return cls()

    def test_names_random_on_another_backend(self):
        storage = self.make()
        name = save(storage, "docs/Payroll.svg", b"<svg/>")
        assert parts(name)["dir"] == "docs"
        assert name.endswith(".bin")
        assert storage.open(name).read() == b"<svg/>"

    def test_probe_retries_are_bounded(self):
        calls: list[str] = []

        def always_taken(self, name):
            calls.append(name)
            return True

        storage = self.make(probe_existing=True, exists=always_taken)
        with pytest.raises(SuspiciousFileOperation, match="8 random names"):
            storage.get_available_name("a.txt")
        assert len(calls) == 8 == len(set(calls))

    def test_probe_returns_first_free_name(self):
        taken: list[str] = []

        def first_taken(self, name):
            if taken:
                return False
            taken.append(name)
            return True

        storage = self.make(probe_existing=True, exists=first_taken)
        name = storage.get_available_name("a.txt")
        assert taken and name != taken[0]


class TestFileField:
    @isolate_apps("tests")
    def test_upload_to_directory_kept_original_name_dropped(self, tmp_path):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField(
                upload_to="private/%Y/",
                storage=RandomFileSystemStorage(location=tmp_path),
            )

        instance = Upload()
        instance.file.save("Alice Medical Record.html", ContentFile(b"x"), save=False)
        name = str(instance.file.name)
        match = parts(name)
        assert re.fullmatch(r"private/\d{4}", match["dir"])
        assert match["ext"] == ".bin"
        assert "alice" not in name.lower()
        assert len(name) <= 100

    @isolate_apps("tests")
    def test_field_max_length_too_small_raises(self, tmp_path):
        class Upload(models.Model):  # noqa: DJ008
            file = models.FileField(
                upload_to="a/very/long/upload/to/directory/",
                max_length=40,
                storage=RandomFileSystemStorage(location=tmp_path),
            )

        with pytest.raises(SuspiciousFileOperation):
            Upload().file.save("a.txt", ContentFile(b"x"), save=False)


# Hostile names, by class: traversal, absolute, NUL bytes, 10,000 characters, right-to-left
# overrides, Windows reserved names, empty names, names that are only an extension.
HOSTILE_DIRS = st.sampled_from(
    ["", "uploads/", "../", "../../etc/", "/abs/", "up/../../", "C:\\", "\\\\srv\\share\\",
     "up/\x00/", "CON/", "up/./x/"]
)  # fmt: skip
HOSTILE_FILES = st.one_of(
    st.sampled_from(
        ["..", ".", "", "passwd", "CON", "nul.txt", "COM1.html", "aux.", "LPT9.svg",
         ".html", ".svg", ".htaccess", ".", "x.\u202egpj.html", "\u202elmth.jpg",
         "a\x00.html", "a.txt\x00.html", "..\\..\\win.ini", "evil.HTML", "x" * 10_000 + ".js",
         "y" * 10_000, "z." + "j" * 10_000, "\n\\", "\n/x.txt", "a\r\x1b/b.txt"]
    ),
    st.text(max_size=40),
    st.builds(lambda stem, ext: f"{stem}.{ext}", st.text(max_size=20),
              st.sampled_from(ACTIVE_CONTENT_EXTENSIONS)),
)  # fmt: skip
MAX_LENGTHS = st.one_of(st.none(), st.integers(min_value=1, max_value=300))
ACTIVE = frozenset(ACTIVE_CONTENT_EXTENSIONS)


@pytest.fixture(scope="module")
def hostile_storage(tmp_path_factory):
    root = tmp_path_factory.mktemp("root") / "media"
    root.mkdir()
    return RandomFileSystemStorage(location=root), set()


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(directory=HOSTILE_DIRS, filename=HOSTILE_FILES, max_length=MAX_LENGTHS)
def test_hostile_names_stay_inside_fit_and_never_repeat(
    hostile_storage, directory, filename, max_length
):
    storage, seen = hostile_storage
    try:
        name = save(storage, directory + filename, max_length=max_length)
    except SuspiciousFileOperation:
        event("refused")
        return
    event("stored")
    root = os.path.realpath(storage.location)
    assert os.path.commonpath([root, os.path.realpath(storage.path(name))]) == root
    assert max_length is None or len(name) <= max_length
    match = parts(name)
    assert (match["ext"] or "").lstrip(".") not in ACTIVE
    assert name not in seen
    seen.add(name)
    assert os.path.isfile(storage.path(name))


@pytest.mark.parametrize(
    "filename",
    ["CON", "nul.txt", ".html", ".htaccess", "\u202elmth.jpg", "a\x00.html",
     "x" * 10_000 + ".js", "win.ini", "aux."],
)  # fmt: skip
def test_hostile_file_names_are_stored_under_a_random_name(storage, filename):
    name = save(storage, "uploads/" + filename, max_length=100)
    match = parts(name)
    assert match["dir"] == "uploads"
    assert (match["ext"] or "") in {"", ".bin", ".txt", ".jpg", ".htaccess", ".ini"}
    assert os.path.isfile(storage.path(name))
