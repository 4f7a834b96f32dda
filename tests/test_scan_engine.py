"""scan_paths(): bad input becomes one I004 Info per file, suppression, the on-disk cache, no Django needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from django.core.checks import INFO, WARNING

from django_chained.report.record import Record
from django_chained.scan import cache as cache_module
from django_chained.scan import engine
from django_chained.scan.cache import ScanCache, default_cache_dir
from django_chained.scan.engine import ScanResult, scan_paths
from django_chained.scan.findings import REPORTING_ACCEPTED, Finding, visible
from django_chained.scan.suppress import apply_suppressions
from django_chained.untrusted_files import read_regular_file

FIXTURES = Path(__file__).parent / "fixtures" / "scan"
ROOT = Path(__file__).resolve().parent.parent
RISKY = "from django.utils.safestring import mark_safe\n\ndef f(request):\n    return mark_safe(request.GET['v'])\n"


def write(path: Path, content: str | bytes) -> str:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def problem_reasons(result: ScanResult) -> list[str]:
    return [p.message for p in result.problems]


class TestBadInput:
    def test_syntax_error_is_one_info_at_its_line_and_the_scan_goes_on(self, tmp_path):
        broken = write(tmp_path / "broken.py", "x = 1\ndef f(: mark_safe\n")
        good = write(tmp_path / "good.py", RISKY)
        result = scan_paths([broken, good])
        (problem,) = result.problems
        assert problem.id == "django_chained.I004"
        assert problem.level == INFO
        assert problem.location == f"{broken}:2"
        assert "syntax error" in problem.message
        assert [f.id for f in result.findings] == ["django_chained.W301"]

    def test_python_2_print_message_ends_in_one_full_stop(self, tmp_path):
        legacy = write(tmp_path / "legacy.py", 'print "hello"\n')
        (problem,) = scan_paths([legacy]).problems
        assert problem.message.endswith("Did you mean print(...).")

    def test_non_utf8_bytes(self, tmp_path):
        path = write(tmp_path / "latin.py", "x = 1\ny = 'caf\xe9'\n".encode("latin-1"))
        (problem,) = scan_paths([path]).problems
        assert "not valid UTF-8" in problem.message
        assert problem.line == 2

    def test_nul_byte(self, tmp_path):
        path = write(tmp_path / "nul.py", b"x = 1\n\x00\n")
        (problem,) = scan_paths([path]).problems
        assert "NUL byte" in problem.message
        assert problem.line == 2

    def test_file_over_max_bytes(self, tmp_path):
        path = write(tmp_path / "big.py", RISKY)
        result = scan_paths([path], max_bytes=10)
        assert "over CHAINED_SCAN_MAX_BYTES (10)" in problem_reasons(result)[0]
        assert result.findings == ()

    def test_expression_deep_enough_for_recursion_error(self, tmp_path):
        path = write(tmp_path / "deep.py", "mark_safe(" + "-" * 200_000 + "1)\n")
        (problem,) = scan_paths([path]).problems
        assert problem.id == "django_chained.I004"

    def test_recursion_error_in_the_walk(self, tmp_path, monkeypatch):
        def explode(*args, **kwargs):
            raise RecursionError

        monkeypatch.setattr(engine, "scan_python", explode)
        (problem,) = scan_paths([write(tmp_path / "x.py", RISKY)]).problems
        assert "nested too deeply" in problem.message

    def test_a_failing_rule_is_reported_not_raised(self, tmp_path, monkeypatch):
        def broken_rule(*args, **kwargs):
            raise KeyError("oops")

        monkeypatch.setattr(engine, "scan_python", broken_rule)
        (problem,) = scan_paths([write(tmp_path / "x.py", RISKY)]).problems
        assert "scanner failed (KeyError" in problem.message

    def test_symlink_loop(self, tmp_path):
        loop = tmp_path / "loop.py"
        os.symlink(tmp_path / "other.py", loop)
        os.symlink(loop, tmp_path / "other.py")
        (problem,) = scan_paths([str(loop)]).problems
        assert "symlink loop" in problem.message

    def test_missing_file(self, tmp_path):
        (problem,) = scan_paths([str(tmp_path / "gone.py")]).problems
        assert "cannot be read" in problem.message

    def test_unreadable_file(self, tmp_path, monkeypatch):
        path = write(tmp_path / "x.py", RISKY)

        def deny(*args):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("django_chained.untrusted_files.os.open", deny)
        (problem,) = scan_paths([path]).problems
        assert "Permission denied" in problem.message

    def test_utf8_bom_is_accepted(self, tmp_path):
        path = write(tmp_path / "bom.py", b"\xef\xbb\xbf" + RISKY.encode())
        result = scan_paths([path])
        assert result.problems == ()
        assert len(result.findings) == 1


def raising(error):
    def fail(*args, **kwargs):
        raise error

    return fail


def unscannable(tmp_path, monkeypatch, cause):
    """A path that fails to scan for ``cause``, and the scan options that make it fail."""
    path = tmp_path / "x.py"
    if cause == "symlink_loop":
        os.symlink(tmp_path / "other.py", path)
        os.symlink(path, tmp_path / "other.py")
        return str(path), {}
    if cause == "special":
        os.mkfifo(path)
        return str(path), {}
    if cause in {"too_deep", "scanner_failed"}:
        error = RecursionError if cause == "too_deep" else KeyError
        monkeypatch.setattr(engine, "scan_python", raising(error()))
    contents: dict[str, str | bytes] = {
        "syntax": "def f(:\n",
        "nul_byte": b"x = 1\n\x00\n",
        "not_utf8": "y = 'caf\xe9'\n".encode("latin-1"),
    }
    content = contents.get(cause, RISKY)
    if cause == "unreadable":
        monkeypatch.setattr(
            "django_chained.untrusted_files.os.open", raising(PermissionError(13, "no"))
        )
    return write(path, content), {"max_bytes": 10} if cause == "too_large" else {}


HINT_WORDS = {
    "syntax": "Fix the syntax error",
    "too_large": "Raise CHAINED_SCAN_MAX_BYTES",
    "symlink_loop": "symlink",
    "special": "Only regular files are read",
    "unreadable": "readable by the user running the checks",
    "nul_byte": "binary or corrupted",
    "not_utf8": "Re-encode the file as UTF-8",
    "too_deep": "Split the deeply nested expression",
    "scanner_failed": "django-chained bug",
}


@pytest.mark.parametrize("cause", sorted(HINT_WORDS))
def test_each_cause_of_i004_gets_a_hint_that_fits_it(tmp_path, monkeypatch, cause):
    path, options = unscannable(tmp_path, monkeypatch, cause)
    (problem,) = scan_paths([path], **options).problems
    assert problem.id == "django_chained.I004"
    assert HINT_WORDS[cause] in problem.hint
    assert problem.hint.endswith("CHAINED_SCAN_EXCLUDE; the rest of the scan went on.")
    others = [words for other, words in HINT_WORDS.items() if other != cause]
    assert not any(words in problem.hint for words in others)
    if cause != "not_utf8":
        assert "UTF-8" not in problem.hint


def test_the_missing_file_hint_is_the_unreadable_one(tmp_path):
    (problem,) = scan_paths([str(tmp_path / "gone.py")]).problems
    assert HINT_WORDS["unreadable"] in problem.hint


class TestSuppression:
    def test_reasoned_suppression_keeps_id_level_and_fingerprint(self):
        result = scan_paths([str(FIXTURES / "suppressed.py")])
        by_line = {f.line: f for f in result.findings if f.id == "django_chained.W301"}
        assert by_line[5].suppressed_reason == "value is sanitised by bleach upstream"
        assert by_line[9].suppressed_reason == "value is sanitised by bleach upstream"
        message = by_line[5].to_check_message()
        assert (message.id, message.level) == ("django_chained.W301", WARNING)
        record = Record.from_check_message(message)
        unaccepted = Record.from_finding(replace(by_line[5], suppressed_reason=None))
        assert record.fingerprint == unaccepted.fingerprint
        assert (record.accepted, record.accepted_inline) == (
            "value is sanitised by bleach upstream",
            True,
        )

    def test_accepted_findings_reach_reports_only(self):
        finding = Finding(
            "django_chained.W401", "a.py", 3, "m", "h", suppressed_reason="why"
        )
        assert visible([finding]) == []
        token = REPORTING_ACCEPTED.set(True)
        try:
            assert visible([finding]) == [finding]
        finally:
            REPORTING_ACCEPTED.reset(token)

    def test_suppression_without_reason_does_not_count_and_is_reported(self):
        result = scan_paths([str(FIXTURES / "suppressed.py")])
        at_13 = {f.id: f for f in result.findings if f.line == 13}
        assert at_13["django_chained.W301"].suppressed_reason is None
        assert at_13["django_chained.W301"].to_check_message().level == WARNING
        assert at_13["django_chained.W005"].message == (
            "Inline suppression of django_chained.W301 gives no reason, so it does not count."
        )

    def test_suppression_matching_no_finding_is_reported(self):
        result = scan_paths([str(FIXTURES / "suppressed.py")])
        unused = sorted(
            (f.line, f.message)
            for f in result.findings
            if f.id == "django_chained.W006"
        )
        assert unused == [
            (
                17,
                "Inline suppression of django_chained.W401 matches no finding on this line.",
            ),
            (
                37,
                "Inline suppression of django_chained.W401 matches no finding on this line.",
            ),
            (
                42,
                "Inline suppression of django_chained.W251 matches no finding on this line.",
            ),
        ]

    def test_suppression_of_an_id_no_code_rule_reports_says_where_to_accept_it(
        self, tmp_path
    ):
        path = write(
            tmp_path / "views.py",
            "class V:  # chained: ignore[W201] public catalogue\n    pass\n",
        )
        (problem,) = scan_paths([path]).findings
        assert (problem.id, problem.line) == ("django_chained.W006", 1)
        assert "CHAINED_ACCEPTED_RISKS" in problem.hint

    def test_suppression_quoted_in_a_string_is_not_one(self, tmp_path):
        path = write(
            tmp_path / "docs.py", 'HELP = "write # chained: ignore[W401] why"\n'
        )
        assert scan_paths([path]).findings == ()

    def test_template_suppression_without_reason_is_reported(self, tmp_path):
        page = write(
            tmp_path / "page.html",
            "<p>{{ bio|safe }}</p> {# chained: ignore[W330] #}\n",
        )
        ids = sorted(f.id for f in scan_paths([], [page]).findings)
        # No view sets bio, so the W330 of the line becomes an I333.
        assert ids == ["django_chained.I333", "django_chained.W005"]

    def test_suppression_of_another_id_does_not_count(self):
        result = scan_paths([str(FIXTURES / "suppressed.py")])
        assert {f.line: f for f in result.findings}[17].suppressed_reason is None

    def test_suppression_on_any_line_of_a_multi_line_call_counts(self):
        by_line = {
            f.line: f for f in scan_paths([str(FIXTURES / "suppressed.py")]).findings
        }
        assert (by_line[21].end_line, by_line[28].end_line) == (24, 30)
        assert by_line[21].suppressed_reason == "table comes from a fixed enum"
        assert by_line[28].suppressed_reason == "table comes from a fixed enum"

    def test_suppression_outside_the_call_does_not_count(self):
        by_line = {
            f.line: f for f in scan_paths([str(FIXTURES / "suppressed.py")]).findings
        }
        assert by_line[34].suppressed_reason is None

    def test_condition_spans_its_test_not_its_body(self):
        by_line = {
            f.line: f for f in scan_paths([str(FIXTURES / "suppressed.py")]).findings
        }
        assert by_line[41].end_line is None
        assert by_line[41].suppressed_reason is None
        assert by_line[48].suppressed_reason == "demo-only flag"

    def test_finding_without_a_line_is_never_suppressed(self):
        finding = Finding("django_chained.W401", "a.py", 0, "m", "h")
        comments = {1: "# chained: ignore[W401] reason"}
        assert apply_suppressions([finding], comments) == [finding]

    def test_span_survives_the_cache(self, tmp_path):
        paths = [str(FIXTURES / "suppressed.py")]
        cold = scan_paths(paths, cache_dir=tmp_path)
        warm = scan_paths(paths, cache_dir=tmp_path)
        assert warm.parsed == 0
        assert warm.findings == cold.findings

    def test_template_suppression(self, tmp_path, monkeypatch):
        from django_chained.scan.findings import Finding

        def scanner(source, path):
            return [Finding("django_chained.W399", path, 2, "m", "h")]

        monkeypatch.setattr(engine, "_template_scanner", lambda: scanner)
        page = write(
            tmp_path / "page.html",
            "<p>\n{{ x|safe }} {# chained: ignore[django_chained.W399] trusted CMS HTML #} <b>\n",
        )
        (finding,) = scan_paths([], [page]).findings
        assert finding.suppressed_reason == "trusted CMS HTML"


class TestTemplates:
    def test_templates_go_through_the_template_scanner(self, tmp_path, monkeypatch):
        seen = []

        def scanner(source, path):
            seen.append((source, path))
            return []

        monkeypatch.setattr(engine, "_template_scanner", lambda: scanner)
        page = write(tmp_path / "page.html", "{{ x }}")
        result = scan_paths([], [page])
        assert seen == [("{{ x }}", page)]
        assert result.files == 1

    def test_bad_template_is_one_info(self, tmp_path):
        page = write(tmp_path / "page.html", b"<p>\xff</p>")
        (problem,) = scan_paths([], [page]).problems
        assert "not valid UTF-8" in problem.message

    def test_syntax_error_in_a_file_no_rule_looks_at_is_still_one_info(self, tmp_path):
        """The pre-filter only spares the walk: every bad file is reported, whatever it mentions."""
        broken = write(tmp_path / "x.py", "def f(:\n")
        clean = write(tmp_path / "y.py", "def f(a):\n    return a\n")
        result = scan_paths([broken, clean])
        assert [p.location for p in result.problems] == [f"{broken}:1"]
        assert "syntax error" in result.problems[0].message
        assert result.findings == ()

    def test_too_deep_nesting_in_a_file_no_rule_looks_at_is_one_info(self, tmp_path):
        path = write(tmp_path / "deep.py", "x = " + "(" * 300 + "1" + ")" * 300 + "\n")
        (problem,) = scan_paths([path]).problems
        assert problem.location == f"{path}:1"


@pytest.fixture
def reads(monkeypatch):
    """The files the engine read the bytes of."""
    seen: list[str] = []

    def spy(path, *args, **kwargs):
        seen.append(str(path))
        return read_regular_file(path, *args, **kwargs)

    monkeypatch.setattr(engine, "read_regular_file", spy)
    return seen


@pytest.fixture
def later(monkeypatch):
    """Scans start long after the files were written: their signatures are trusted."""
    real = cache_module.scan_started
    monkeypatch.setattr(engine, "scan_started", lambda: real() + 60 * 10**9)


class TestCache:
    def test_warm_run_scans_no_file_and_gives_the_same_result(self, tmp_path):
        path = write(tmp_path / "x.py", RISKY)
        cold = scan_paths([path], cache_dir=tmp_path / "cache")
        warm = scan_paths([path], cache_dir=tmp_path / "cache")
        assert (cold.parsed, warm.parsed) == (1, 0)
        assert warm.findings == cold.findings

    def test_problems_are_cached_too(self, tmp_path):
        path = write(tmp_path / "x.py", "def f(: mark_safe\n")
        cold = scan_paths([path], cache_dir=tmp_path / "cache")
        warm = scan_paths([path], cache_dir=tmp_path / "cache")
        assert warm.parsed == 0
        assert warm.problems == cold.problems

    def test_changed_file_is_rescanned(self, tmp_path):
        path = tmp_path / "x.py"
        write(path, RISKY)
        scan_paths([str(path)], cache_dir=tmp_path / "cache")
        write(path, "x = 1\n")
        os.utime(path, ns=(1, 1))
        result = scan_paths([str(path)], cache_dir=tmp_path / "cache")
        assert (result.parsed, result.findings) == (1, ())

    def test_same_size_edit_with_the_mtime_restored_is_rescanned(self, tmp_path):
        """What ``git checkout``, ``rsync -t`` or an archive leave: other bytes, same size and mtime."""
        path = tmp_path / "x.py"
        write(path, RISKY)
        before = os.stat(path)
        scan_paths([str(path)], cache_dir=tmp_path / "cache")
        safe = "# " + "x" * (len(RISKY.encode()) - 3) + "\n"
        write(path, safe)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = os.stat(path)
        assert (after.st_size, after.st_mtime_ns) == (
            before.st_size,
            before.st_mtime_ns,
        )
        result = scan_paths([str(path)], cache_dir=tmp_path / "cache")
        assert (result.parsed, result.findings) == (1, ())

    def test_unchanged_status_spares_reading_the_file(self, tmp_path, reads, later):
        path = write(tmp_path / "x.py", RISKY)
        cold = scan_paths([path], cache_dir=tmp_path / "cache")
        signing = scan_paths([path], cache_dir=tmp_path / "cache")
        warm = scan_paths([path], cache_dir=tmp_path / "cache")
        assert reads == [path]
        assert (warm.parsed, warm.findings) == (0, cold.findings)
        assert signing.findings == cold.findings

    def test_a_file_hashed_while_racy_is_signed_once_it_is_not(
        self, tmp_path, reads, monkeypatch
    ):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")  # just written: not signed
        real = cache_module.scan_started
        monkeypatch.setattr(engine, "scan_started", lambda: real() + 60 * 10**9)
        scan_paths([path], cache_dir=tmp_path / "cache")  # bytes match: signed now
        warm = scan_paths([path], cache_dir=tmp_path / "cache")
        assert reads == [path, path]
        assert (warm.parsed, len(warm.findings)) == (0, 1)

    def test_same_size_edit_with_the_mtime_restored_is_read_though_signed(
        self, tmp_path, reads, later
    ):
        """The ctime an edit sets cannot be restored: the signature no longer matches."""
        path = tmp_path / "x.py"
        write(path, RISKY)
        scan_paths([str(path)], cache_dir=tmp_path / "cache")
        scan_paths([str(path)], cache_dir=tmp_path / "cache")
        before = os.stat(path)
        write(path, "# " + "x" * (len(RISKY.encode()) - 3) + "\n")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        result = scan_paths([str(path)], cache_dir=tmp_path / "cache")
        assert (result.parsed, result.findings) == (1, ())
        assert len(reads) == 2

    def test_a_file_changed_just_before_the_scan_is_read_every_time(
        self, tmp_path, reads
    ):
        path = write(tmp_path / "x.py", RISKY)
        for _ in range(3):
            assert scan_paths([path], cache_dir=tmp_path / "cache").findings
        assert reads == [path] * 3

    def test_without_a_ctime_that_moves_every_file_is_read(
        self, tmp_path, reads, later, monkeypatch
    ):
        monkeypatch.setattr(cache_module, "CTIME_IS_CHANGE", False)
        path = write(tmp_path / "x.py", RISKY)
        for _ in range(3):
            assert scan_paths([path], cache_dir=tmp_path / "cache").parsed <= 1
        assert reads == [path] * 3

    def test_a_signature_edited_into_the_cache_file_is_a_miss(
        self, tmp_path, reads, later
    ):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")
        scan_paths([path], cache_dir=tmp_path / "cache")
        (cache_file,) = (tmp_path / "cache").glob("scan-*.json")
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        (entry,) = data["files"].values()
        entry[3][1] += 1  # another mtime
        cache_file.write_text(json.dumps(data), encoding="utf-8")
        assert scan_paths([path], cache_dir=tmp_path / "cache").parsed == 0
        assert len(reads) == 2

    def test_touched_but_unchanged_file_is_not_rescanned(self, tmp_path):
        path = write(tmp_path / "x.py", RISKY)
        cold = scan_paths([path], cache_dir=tmp_path / "cache")
        os.utime(path, ns=(1, 1))
        warm = scan_paths([path], cache_dir=tmp_path / "cache")
        assert (warm.parsed, warm.findings) == (0, cold.findings)

    def test_other_engine_version_is_ignored(self, tmp_path, monkeypatch):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")
        monkeypatch.setattr(engine, "engine_version", lambda: "other")
        assert scan_paths([path], cache_dir=tmp_path / "cache").parsed == 1

    def test_other_size_limit_is_a_different_cache(self, tmp_path):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")
        other = scan_paths([path], cache_dir=tmp_path / "cache", max_bytes=10_000)
        assert other.parsed == 1
        smaller = scan_paths([path], cache_dir=tmp_path / "cache", max_bytes=5)
        assert (smaller.parsed, smaller.findings) == (0, ())
        assert [p.id for p in smaller.problems] == ["django_chained.I004"]

    def test_corrupt_cache_file_is_ignored(self, tmp_path):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")
        (cache_file,) = (tmp_path / "cache").iterdir()
        cache_file.write_text("{not json", encoding="utf-8")
        assert len(scan_paths([path], cache_dir=tmp_path / "cache").findings) == 1

    def test_malformed_entry_is_rescanned(self, tmp_path):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")
        (cache_file,) = (tmp_path / "cache").iterdir()
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        (entry,) = data["files"].values()
        entry[1] = [["too", "short"]]
        cache_file.write_text(json.dumps(data), encoding="utf-8")
        result = scan_paths([path], cache_dir=tmp_path / "cache")
        assert (result.parsed, len(result.findings)) == (1, 1)

    def test_unwritable_cache_dir_only_costs_speed(self, tmp_path):
        blocker = tmp_path / "file"
        blocker.write_text("", encoding="utf-8")
        path = write(tmp_path / "x.py", RISKY)
        result = scan_paths([path], cache_dir=blocker / "cache")
        assert len(result.findings) == 1

    def test_cache_is_created_on_demand(self, tmp_path):
        scan_paths([write(tmp_path / "x.py", "")], cache_dir=tmp_path / "a" / "b")
        assert list((tmp_path / "a" / "b").glob("scan-*.json"))

    def test_cached_findings_take_the_path_as_given(self, tmp_path, monkeypatch):
        path = write(tmp_path / "x.py", RISKY)
        scan_paths([path], cache_dir=tmp_path / "cache")
        monkeypatch.chdir(tmp_path)
        warm = scan_paths(["x.py"], cache_dir=tmp_path / "cache")
        assert warm.parsed == 0
        assert warm.findings[0].path == "x.py"

    def test_cache_names_differ_per_tree(self, tmp_path):
        one = ScanCache(tmp_path, ["/a/x.py", "/a/y.py"], "v")
        two = ScanCache(tmp_path, ["/b/x.py"], "v")
        assert one.file != two.file

    def test_default_cache_dir_is_per_user(self, monkeypatch, tmp_path):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        assert default_cache_dir() == tmp_path / "django-chained"
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert default_cache_dir() == tmp_path / "home" / ".cache" / "django-chained"


class TestScanResult:
    def test_for_concern_filters_by_hundreds_digit(self):
        result = scan_paths(
            [str(FIXTURES / "sql_positive.py"), str(FIXTURES / "xss_positive.py")]
        )
        assert {f.id[-3] for f in result.for_concern(4)} == {"4"}
        assert {f.id[-3] for f in result.for_concern(3)} == {"3"}
        assert len(result.for_concern(4)) + len(result.for_concern(3)) == len(
            result.findings
        )

    def test_concern_zero_is_the_problems(self, tmp_path):
        result = scan_paths([write(tmp_path / "x.py", b"\x00")])
        assert result.for_concern(0) == list(result.problems)
        assert result.messages(0)[0].id == "django_chained.I004"

    def test_messages_carry_path_and_line(self):
        (message, *_) = scan_paths([str(FIXTURES / "sql_positive.py")]).messages(4)
        assert message.obj.startswith(str(FIXTURES / "sql_positive.py") + ":")


def test_engine_version_is_stable_within_a_run():
    assert engine.engine_version() == engine.engine_version()
    assert len(engine.engine_version()) == 20


def test_standalone_scan_needs_no_django_settings(tmp_path):
    code = (
        "import sys\n"
        "from django_chained.scan import scan_paths\n"
        "r = scan_paths([sys.argv[1]], [])\n"
        "print(r.findings[0].id)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    completed = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "xss_positive.py")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.stdout.strip() == "django_chained.W301", completed.stderr


@pytest.mark.parametrize("name", ["page.html", "page.txt"])
def test_real_template_scanner_runs(tmp_path, name):
    page = write(tmp_path / name, "{% autoescape off %}{{ x }}{% endautoescape %}")
    result = scan_paths([], [page])
    assert result.problems == ()


def test_real_template_finding_suppressed_with_reason(tmp_path):
    page = write(
        tmp_path / "page.html",
        "<div>\n<p>{{ bio|safe }}</p> {# chained: ignore[django_chained.W330] sanitised with nh3 #}\n</div>\n",
    )
    (finding,) = scan_paths([], [page]).findings
    # No view sets bio: the line is an I333, still accepted by the W330 suppression.
    assert (finding.id, finding.line) == ("django_chained.I333", 2)
    assert finding.suppressed_reason == "sanitised with nh3"


def _status(mtime_ns: int, ctime_ns: int) -> os.stat_result:
    fields = SimpleNamespace(
        st_size=5, st_mtime_ns=mtime_ns, st_ctime_ns=ctime_ns, st_ino=7, st_dev=9
    )
    return cast(os.stat_result, fields)


@pytest.mark.parametrize(
    ("mtime", "ctime", "signed"),
    [
        (0, 0, True),
        (cache_module.RACY_NS - 1, 0, True),  # changed just before the racy window
        (cache_module.RACY_NS, 0, False),  # at its edge: its tick may not be over
        (0, cache_module.RACY_NS, False),  # the ctime counts as much as the mtime
    ],
)
def test_a_signature_only_for_a_file_settled_before_the_racy_window(
    mtime, ctime, signed
):
    started = 2 * cache_module.RACY_NS
    found = cache_module.signature(_status(mtime, ctime), started)
    assert (found == [5, mtime, ctime, 7, 9]) if signed else found is None
