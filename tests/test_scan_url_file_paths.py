"""W654: a file read or written at a path mapped from a URL under a root, without confining it."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

IMPORTS = """\
    import os
    import urllib.parse
    from pathlib import Path, PosixPath
    from django.conf import settings
    from django.utils._os import safe_join

"""
FIRST_LINE = 7
"""The file line of the snippet's first line, which ``found()`` numbers 0."""


def found(source: str, path: str = "app/export.py") -> list[int]:
    text = textwrap.dedent(IMPORTS) + textwrap.dedent(source)
    return [
        f.line - FIRST_LINE
        for f in scan_python(path, text)
        if f.id == "django_chained.W654"
    ]


def test_message_says_read_or_written_and_names_the_url_part():
    source = "def asset(url):\n    return open(settings.MEDIA_ROOT / url[len(settings.MEDIA_URL):]).read()\n"
    (finding,) = scan_python("app/export.py", textwrap.dedent(IMPORTS) + source)
    assert finding.line == FIRST_LINE + 1
    assert finding.message.startswith(
        "A file is read at a path that maps a URL (url[len(settings.MEDIA_URL):])"
    )
    assert "is_relative_to" in finding.hint and "safe_join" in finding.hint
    writer = "def dump(root, path, data):\n    Path(root, path.lstrip('/')).write_bytes(data)\n"
    (written,) = scan_python("app/export.py", textwrap.dedent(IMPORTS) + writer)
    assert "A file is written at a path" in written.message


@pytest.mark.parametrize(
    "statement",
    [
        "open(settings.STATIC_ROOT / url[len(settings.STATIC_URL):], 'rb')",
        "open(os.path.join(ROOT, url.removeprefix(settings.MEDIA_URL)))",
        "open(os.path.join(ROOT, url.replace(settings.MEDIA_URL, '')))",
        "Path(ROOT, urllib.parse.urlparse(url).path).read_bytes()",
        "Path(ROOT).joinpath(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).read_text()",
        "(Path(ROOT) / url.lstrip('/')).open('wb')",
        "open(str(Path(ROOT) / url.lstrip('/')), 'w')",
        "open(Path(ROOT) / str(urllib.parse.urlparse(url).path))",
        "PosixPath(ROOT, url.lstrip('/')).read_bytes()",
        "open(os.fspath(Path(ROOT) / url.lstrip('/')))",
        "(Path(ROOT) / url.lstrip('/')).write_text('')",
    ],
)
def test_url_paths_joined_under_a_root(statement):
    assert found(f"def copy(url):\n    {statement}\n") == [1]


def test_the_path_is_followed_through_names():
    source = """\
        def copy(url):
            relative = url[len(settings.MEDIA_URL):]
            target = Path(ROOT) / relative
            target = target.resolve()
            return open(target).read()
    """
    assert found(source) == [4]


@pytest.mark.parametrize(
    "guard",
    [
        "if not target.resolve().is_relative_to(ROOT): raise ValueError",
        "if Path(ROOT) not in target.resolve().parents: raise ValueError",
        "if not str(target).startswith(ROOT): raise ValueError",
        "if '..' in relative: raise ValueError",
        "assert os.path.commonpath([ROOT, target]) == ROOT",
    ],
)
def test_a_root_check_or_a_refusal_of_dots_confines_it(guard):
    source = f"""\
        def copy(url):
            relative = url[len(settings.MEDIA_URL):]
            target = Path(ROOT) / relative
            {guard}
            return open(target).read()
    """
    assert found(source) == []


@pytest.mark.parametrize(
    "statement",
    [
        "open(safe_join(ROOT, url.lstrip('/')))",
        "open(os.path.join(ROOT, os.path.basename(urllib.parse.urlparse(url).path)))",
        "open(os.path.join(ROOT, url))",  # a plain parameter: nothing says it is a URL
        "open(settings.MEDIA_ROOT / name[len(PREFIX):])",  # a prefix that is no URL setting
        "open(urllib.parse.urlparse(url).path)",  # not joined under a root: W651's concern
        "open(Path(ROOT) / 'index.html', 'w')",
    ],
)
def test_confined_or_not_a_url_mapped_under_a_root(statement):
    assert found(f"def copy(url, name):\n    {statement}\n") == []


def test_a_url_prefix_check_does_not_confine_the_path():
    """``url.startswith(MEDIA_URL)`` chooses the root; it says nothing about ``..`` after it."""
    source = """\
        def asset(url):
            if url.startswith(settings.MEDIA_URL):
                local = settings.MEDIA_ROOT / url[len(settings.MEDIA_URL):]
                return local.read_bytes()
    """
    assert found(source) == [3]


def test_test_code_is_not_looked_at():
    source = "def test_export(url):\n    open(Path(ROOT) / url.lstrip('/')).read()\n"
    assert found(source, path="app/tests/test_export.py") == []


@pytest.mark.parametrize(
    ("statement", "action"),
    [
        ("open(ROOT / url.lstrip('/'))", "read"),
        ("open(ROOT / url.lstrip('/'), 'wb')", "written"),
        ("(ROOT / url.lstrip('/')).open()", "read"),
        ("(ROOT / url.lstrip('/')).open(mode='a')", "written"),
        ("(ROOT / url.lstrip('/')).read_text()", "read"),
        ("(ROOT / url.lstrip('/')).write_bytes(b'')", "written"),
    ],
)
def test_each_way_of_opening_says_whether_it_reads_or_writes(statement, action):
    source = textwrap.dedent(IMPORTS) + f"def copy(url):\n    {statement}\n"
    (finding,) = scan_python("app/export.py", source)
    assert finding.message.startswith(f"A file is {action} at a path")


def test_names_are_followed_as_far_as_the_limit_and_no_further():
    def chain(links: int) -> str:
        names = [f"p{i}" for i in range(links)]
        lines = [f"    {names[0]} = ROOT / url.lstrip('/')"]
        lines += [f"    {b} = {a}" for a, b in zip(names[:-1], names[1:], strict=True)]
        return "def copy(url):\n" + "\n".join(lines) + f"\n    open({names[-1]})\n"

    assert found(chain(4)) == [5]
    assert found(chain(5)) == []


def test_decoders_are_followed_as_far_as_the_limit_and_no_further():
    def wrapped(times: int) -> str:
        return (
            "urllib.parse.unquote(" * times
            + "urllib.parse.urlparse(url).path"
            + ")" * times
        )

    assert found(f"def copy(url):\n    open(Path(ROOT, {wrapped(4)}))\n") == [1]
    assert found(f"def copy(url):\n    open(Path(ROOT, {wrapped(5)}))\n") == []
