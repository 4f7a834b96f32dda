from __future__ import annotations

import math
from collections import Counter

import pytest
from django.core.exceptions import SuspiciousFileOperation

from django_chained import filenames

ACTIVE = frozenset({"html", "svg", "js"})


class TestRandomStem:
    def test_default_length_and_alphabet(self):
        stem = filenames.random_stem()
        assert len(stem) == filenames.DEFAULT_STEM_LENGTH == 32
        assert set(stem) <= set(filenames.ALPHABET)

    def test_floor_length_carries_at_least_128_bits(self):
        assert filenames.MIN_STEM_LENGTH == 26
        assert filenames.MIN_STEM_LENGTH * filenames.BITS_PER_CHAR >= 128
        assert (filenames.MIN_STEM_LENGTH - 1) * filenames.BITS_PER_CHAR < 128
        assert len(filenames.random_stem(26)) == 26

    def test_below_floor_refused(self):
        with pytest.raises(ValueError, match="128-bit floor"):
            filenames.random_stem(25)

    def test_stems_differ(self):
        assert len({filenames.random_stem() for _ in range(1000)}) == 1000

    def test_shortest_stem_measures_at_least_128_bits(self):
        # Over a million floor-length characters: a table folding bytes onto 16 symbols (104 bits)
        # or favouring some symbols shows up as a too frequent symbol. Uniform 32 symbols measure
        # 5 bits a character within 0.02; the 128-bit floor over 26 characters needs 4.92.
        stems = [
            filenames.random_stem(filenames.MIN_STEM_LENGTH) for _ in range(40_000)
        ]
        counts = Counter("".join(stems))
        assert set(counts) == set(filenames.ALPHABET)
        assert len(counts) == 2**filenames.BITS_PER_CHAR == 32
        most_likely = max(counts.values()) / sum(counts.values())
        assert -math.log2(most_likely) * filenames.MIN_STEM_LENGTH >= 128
        for position in range(filenames.MIN_STEM_LENGTH):
            assert len({stem[position] for stem in stems}) == 32, position

    def test_every_character_position_varies(self):
        stems = [filenames.random_stem(26) for _ in range(400)]
        assert all(len({s[i] for s in stems}) > 4 for i in range(26))


class TestNormaliseExtensions:
    def test_dots_case_and_spaces_removed(self):
        assert filenames.normalise_extensions([".HTML", " svg ", "Js"]) == {
            "html",
            "svg",
            "js",
        }


class TestSafeExtension:
    @pytest.mark.parametrize(
        ("filename", "expected"),
        [
            ("photo.JPG", ".jpg"),
            ("report.pdf", ".pdf"),
            ("archive.tar.gz", ".gz"),
            ("shell.php.jpg", ".jpg"),
            ("dir\\page.png", ".png"),
            ("a/b/c.txt", ".txt"),
        ],
    )
    def test_harmless_extension_kept_lower_cased(self, filename, expected):
        assert filenames.safe_extension(filename, ACTIVE) == expected

    @pytest.mark.parametrize(
        "filename",
        ["page.html", "PAGE.HTML", "x.jpg.html", ".html", "logo.Svg", "app.js"],
    )
    def test_active_extension_neutralised(self, filename):
        assert filenames.safe_extension(filename, ACTIVE) == ".bin"

    @pytest.mark.parametrize(
        "filename",
        [
            "x.ht ml",
            "x.html ",
            "x.\u202elmth",
            "x.\uff48tml",  # full-width letter
            "x.\u212aa",  # Kelvin sign lower-cases to ASCII "k"
            "x.abcdefghijk",
            "x.h-t",
        ],
    )
    def test_odd_extension_neutralised(self, filename):
        assert filenames.safe_extension(filename, ACTIVE) == ".bin"

    def test_neutral_extension_chosen_by_the_caller(self):
        assert filenames.safe_extension("a.html", ACTIVE, ".txt") == ".txt"
        assert filenames.safe_extension("a.h t", ACTIVE, ".txt") == ".txt"
        assert filenames.safe_extension("a.bin", ACTIVE, ".txt") == ".bin"

    @pytest.mark.parametrize("filename", ["README", "trailing.", "", "dir.d/file"])
    def test_no_extension_stays_empty(self, filename):
        assert filenames.safe_extension(filename, ACTIVE) == ""


class TestSplitDirectory:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("a.txt", ("", "a.txt")),
            ("notes/a.txt", ("notes", "a.txt")),
            ("notes/./2026//a.txt", ("notes/2026", "a.txt")),
            ("notes\\a.txt", ("notes", "a.txt")),
            ("./a.txt", ("", "a.txt")),
        ],
    )
    def test_directory_kept_and_normalised(self, name, expected):
        assert filenames.split_directory(name) == expected

    @pytest.mark.parametrize(
        "name",
        ["../a.txt", "notes/../../a.txt", "/etc/passwd", "\\\\srv\\a", "a\x00b/c"],
    )
    def test_escaping_directory_refused(self, name):
        with pytest.raises(SuspiciousFileOperation):
            filenames.split_directory(name)

    @pytest.mark.parametrize("name", ["\n\\", "\n/a.txt", "up/\r\x1b/a.txt", "a\x7f/b"])
    def test_control_characters_in_the_directory_refused(self, name):
        with pytest.raises(SuspiciousFileOperation, match="control character"):
            filenames.split_directory(name)

    @pytest.mark.parametrize("name", ["\ud800/a.txt", "up/x\udc80/a.txt", "a/\udfff/b"])
    def test_lone_surrogates_in_the_directory_refused(self, name):
        with pytest.raises(SuspiciousFileOperation, match="lone surrogate"):
            filenames.split_directory(name)

    def test_control_characters_in_the_file_name_are_dropped_with_it(self):
        assert filenames.split_directory("up/a\nb.txt") == ("up", "a\nb.txt")


class TestStemLengthFor:
    def test_default_without_max_length(self):
        assert filenames.stem_length_for("notes", ".txt", None) == 32

    def test_shortened_to_fit(self):
        # "notes/" + 28 + ".txt" == 38
        assert filenames.stem_length_for("notes", ".txt", 38) == 28

    def test_exactly_the_floor_fits(self):
        assert filenames.stem_length_for("", ".txt", 30) == 26

    def test_below_floor_raises(self):
        with pytest.raises(SuspiciousFileOperation, match="max_length=29"):
            filenames.stem_length_for("", ".txt", 29)

    def test_retry_keeps_the_length_of_our_previous_stem(self):
        assert filenames.stem_length_for("", ".txt", None, previous="a" * 27) == 27

    @pytest.mark.parametrize("previous", ["a" * 25, "a" * 33, "A" * 27, "report"])
    def test_foreign_previous_stem_ignored(self, previous):
        assert filenames.stem_length_for("", ".txt", None, previous=previous) == 32


class TestRandomName:
    def test_with_and_without_directory(self):
        assert filenames.random_name("notes", ".txt", 26).startswith("notes/")
        name = filenames.random_name("", "", 26)
        assert "/" not in name and len(name) == 26
