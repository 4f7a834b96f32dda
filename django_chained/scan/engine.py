"""Scan given files: read each once, run every rule, suppress inline-accepted findings, cache per file.

Works without Django settings: the caller passes the file lists, the cache directory and the size limit.
"""

from __future__ import annotations

import ast
import errno
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.core.checks import CheckMessage

from django_chained.scan.cache import (
    ContentKey,
    FileResult,
    ScanCache,
    content_key,
    scan_started,
    signature,
)
from django_chained.scan.findings import Finding, visible
from django_chained.scan.identity_cookies import judge_identity_cookies
from django_chained.scan.python.walker import Parser, parse, scan_python
from django_chained.scan.rule import UNSCANNABLE, UNSCANNABLE_HINTS
from django_chained.scan.safe_filter_judgement import Cached, judge_safe_filters
from django_chained.scan.script_forms import judge_script_submitted_forms
from django_chained.scan.suppress import (
    apply_suppressions,
    python_comments,
    template_comments,
)
from django_chained.scan.views_cache import ViewsCache
from django_chained.untrusted_files import (
    FileTooLarge,
    NotRegularFile,
    read_regular_file,
    special_kind,
)

TemplateScanner = Callable[[str, str], list[Finding]]

DEFAULT_MAX_BYTES = 1_000_000


def _template_scanner() -> TemplateScanner | None:
    try:
        from django_chained.scan.templates import scan_template
    except ImportError:  # pragma: no cover - the template rules ship with the engine
        return None
    return scan_template


@cache
@cache
def engine_version() -> str:
    """Changes whenever any rule or the engine changes, so stale cache entries are never reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:20]


@cache
def rule_ids() -> frozenset[str]:
    """The IDs the code and template rules report: the only ones an inline suppression can accept."""
    from django_chained.rules.catalogue import ids_running_in

    return ids_running_in("code", "template")


@dataclass(frozen=True)
class Stores:
    """The engine's per-file stores for one set of files: findings, and what the |safe pass read."""

    scan: ScanCache
    views: ViewsCache


def stores(
    paths: Iterable[str],
    cache_dir: str | os.PathLike[str] | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Stores:
    """The stores of these (Python and template) files: under ``cache_dir``, or in memory without it."""
    keys = [os.path.abspath(path) for path in paths]
    directory = None if cache_dir is None else Path(cache_dir)
    # Only a file is written with its version; hashing the engine's sources costs 2 ms.
    version = "" if directory is None else f"{engine_version()}:{max_bytes}"
    return Stores(
        ScanCache(directory, keys, version), ViewsCache(directory, keys, version)
    )


@dataclass(frozen=True)
class ScanResult:
    """What a scan found, and the files it could not scan (``django_chained.I004`` Infos)."""

    findings: tuple[Finding, ...]
    problems: tuple[Finding, ...]
    files: int = 0
    parsed: int = 0
    """Files scanned this time (the others' bytes matched their cached result)."""

    def for_concern(self, concern: int) -> list[Finding]:
        """The findings whose ID's hundreds digit is ``concern`` (0 gives the problems)."""
        pool = self.problems if concern == 0 else self.findings
        return [f for f in pool if f.id[-3] == str(concern)]

    def messages(self, concern: int) -> list[CheckMessage]:
        """The check messages of one concern; inline-accepted findings only while a report asks for them."""
        return [f.to_check_message() for f in visible(self.for_concern(concern))]


def _problem(path: str, cause: str, reason: str, line: int = 1) -> FileResult:
    """The I004 Info for ``path``, with the hint that fits ``cause`` (a key of ``UNSCANNABLE_HINTS``)."""
    # Python's own messages may end in punctuation ("Did you mean print(...)?"); the template adds a full stop.
    finding = UNSCANNABLE.at(path, line, reason=reason.rstrip(".?! "))
    return [], replace(finding, hint=UNSCANNABLE_HINTS[cause])


def _status(path: str) -> os.stat_result | FileResult:
    """The file's status, or the I004 result saying why it cannot be read."""
    try:
        status = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _problem(path, "symlink_loop", "it is a symlink loop")
        return _unreadable(path, error)
    kind = special_kind(status.st_mode)
    if kind is not None:
        return _problem(path, "special", f"it is {kind}, not a regular file")
    return status


def _unreadable(path: str, error: OSError) -> FileResult:
    return _problem(
        path, "unreadable", f"it cannot be read ({error.strerror or error})"
    )


def _too_large(path: str, size: int, max_bytes: int) -> FileResult:
    return _problem(
        path, "too_large", f"{size} bytes, over CHAINED_SCAN_MAX_BYTES ({max_bytes})"
    )


def _read(path: str, size: int, max_bytes: int) -> bytes | FileResult:
    if size > max_bytes:
        return _too_large(path, size, max_bytes)
    try:
        data = read_regular_file(path, max_bytes)
    except FileTooLarge as error:  # it grew, or was swapped, since it was stat()ed
        return _too_large(path, error.size, max_bytes)
    except NotRegularFile as error:
        return _problem(path, "special", str(error.strerror))
    except OSError as error:
        return _unreadable(path, error)
    return data


def _decode(path: str, data: bytes) -> str | FileResult:
    if b"\0" in data:
        return _problem(
            path,
            "nul_byte",
            "it contains a NUL byte",
            data.count(b"\n", 0, data.index(b"\0")) + 1,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _problem(
            path, "not_utf8", f"it is not valid UTF-8 (byte {error.start})", line
        )


def scan_file(
    path: str,
    kind: str,
    size: int,
    max_bytes: int = DEFAULT_MAX_BYTES,
    parser: Parser = parse,
) -> FileResult:
    """Findings of one file (``kind`` ``"python"`` or ``"template"``), or the reason it was skipped."""
    data = _read(path, size, max_bytes)
    if not isinstance(data, bytes):
        return data
    return scan_bytes(path, kind, data, parser)


def scan_bytes(path: str, kind: str, data: bytes, parser: Parser) -> FileResult:
    """Findings of one file's bytes, or the I004 saying why they could not be scanned."""
    text = _decode(path, data)
    if not isinstance(text, str):
        return text
    try:
        if kind == "python":
            findings = scan_python(path, text, parser=parser)
        else:
            scanner = _template_scanner()
            findings = scanner(text, path) if scanner else []
    except SyntaxError as error:
        return _problem(path, "syntax", f"syntax error: {error.msg}", error.lineno or 1)
    except (RecursionError, MemoryError):
        return _problem(path, "too_deep", "it is nested too deeply to parse")
    except Exception as error:  # a rule must never stop the whole scan
        return _problem(
            path,
            "scanner_failed",
            f"the scanner failed ({type(error).__name__}: {error})",
        )
    if findings:
        lines = text.splitlines()
        findings = [finding.with_code(lines) for finding in findings]
    if "chained:" in text:
        comments = (
            python_comments(text) if kind == "python" else template_comments(text)
        )
        findings = apply_suppressions(findings, comments, path, rule_ids())
    return findings, None


def scan_paths(
    py_files: Iterable[str],
    template_files: Iterable[str] = (),
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    parser: Parser = parse,
    unparsed: Callable[[bytes, str], None] | None = None,
    hashed: Callable[[str, ContentKey], None] | None = None,
    given: Stores | None = None,
) -> ScanResult:
    """Scan the files (never importing them); reuse cached results of unchanged files when ``cache_dir`` is set.

    ``parser`` parses each Python file scanned this time (``(text, path)`` → tree), and ``unparsed`` gets
    the bytes of each Python file whose result came from the cache (``(data, path)``): the standalone scan
    passes both, so its own readers never read or parse a file twice. ``hashed`` gets the content key of
    each Python file read while a cache is in use (``(path, key)``), so the readers' cache needs no hash of its own.
    ``given`` stores are used instead of those under ``cache_dir`` (the standalone scan fills them first).
    """
    work = [(path, "python") for path in py_files]
    work += [(path, "template") for path in template_files]
    keys = [os.path.abspath(path) for path, _ in work]
    if given is None and cache_dir is not None and keys:
        given = stores(keys, cache_dir, max_bytes)
    store = given.scan if given is not None and keys else None
    findings: list[Finding] = []
    problems: list[Finding] = []
    parsed = 0
    trees: dict[str, ast.Module] = {}
    contents: dict[str, ContentKey] = {}

    def parse_and_keep(text: str, path: str) -> ast.Module:
        trees[path] = tree = parser(text, path)
        return tree

    started = scan_started()

    def stored(path: str, kind: str, key: str, status: os.stat_result) -> FileResult:
        """The file's result from the store, scanning it when the store has none for its bytes."""
        assert store is not None
        nonlocal parsed
        signed = signature(status, started)
        # Bytes hashed before, of a file whose status has not changed since, are not read again.
        content = store.content_of(key, signed)
        result = None if content is None else store.get(key, content, path)
        if content is None or result is None:
            data = _read(path, status.st_size, max_bytes)
            if not isinstance(data, bytes):
                return data
            content = content_key(data)
            result = store.get(key, content, path)
            if result is None:
                result = scan_bytes(path, kind, data, parse_and_keep)
                parsed += 1
                store.put(key, content, result, signed)
            else:
                store.sign(key, signed)
                if unparsed is not None and kind == "python":
                    unparsed(data, path)
        contents[path] = content
        if hashed is not None and kind == "python":
            hashed(path, content)
        return result

    for (path, kind), key in zip(work, keys, strict=True):
        status = _status(path)
        if not isinstance(status, os.stat_result):
            result = status  # the I004 for a file that cannot be read
        elif store is not None:
            result = stored(path, kind, key, status)
        else:
            data = _read(path, status.st_size, max_bytes)
            if isinstance(data, bytes):
                result = scan_bytes(path, kind, data, parse_and_keep)
                parsed += 1
            else:
                result = data
        findings.extend(result[0])
        if result[1] is not None:
            problems.append(result[1])
    if store:
        store.save()
    # The trees parsed above serve the project-wide |safe pass; what it read of unchanged files is cached.
    python_files = [path for path, kind in work if kind == "python"]
    views = given.views if given is not None and keys else None
    findings = judge_safe_filters(
        findings,
        python_files,
        [path for path, kind in work if kind == "template"],
        max_bytes,
        trees,
        Cached(views, contents) if views is not None else None,
    )
    if views is not None:
        views.save()
    findings = judge_script_submitted_forms(findings, max_bytes)
    findings = judge_identity_cookies(findings)
    return ScanResult(tuple(findings), tuple(problems), len(work), parsed)
