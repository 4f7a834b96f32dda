"""W653: a stored file moved, copied or written to a destination built from data the server does not confine."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import TRIGGERS, scan_python

IMPORTS = """\
    import os
    import shutil
    from pathlib import Path
    from shutil import move
    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.template import Template

"""
FIRST_LINE = 9


def found(source: str, path: str = "app/views.py") -> list[tuple[str, int]]:
    text = textwrap.dedent(IMPORTS) + textwrap.dedent(source)
    return [
        (f.id.rsplit(".", 1)[1], f.line - FIRST_LINE)
        for f in scan_python(path, text)
        if f.id.endswith(("W650", "W653"))
    ]


def test_message_names_the_call_and_where_the_name_came_from():
    source = "def keep(request):\n    shutil.move(TMP, os.path.join(ROOT, request.GET['n']))\n"
    text = textwrap.dedent(IMPORTS) + source
    (finding,) = scan_python("app/views.py", text)
    assert (finding.id, finding.line) == ("django_chained.W653", FIRST_LINE + 1)
    assert finding.message.startswith(
        "move() puts a stored file at a path built from data the client sent"
    )
    assert "safe_join" in finding.hint and "is_relative_to" in finding.hint


def test_os_replace_alone_makes_a_file_worth_walking_and_a_strs_replace_does_not():
    replaced = (
        "import os\n\ndef keep(request, name):\n    os.replace(TMP, ROOT + name)\n"
    )
    cleaned = "def keep(request, name):\n    return name.replace(ROOT, '')\n"
    assert [f.line for f in scan_python("app/views.py", replaced)] == [4]
    assert TRIGGERS.search("os.replace(a, b)") is not None
    assert TRIGGERS.search(cleaned) is None


@pytest.mark.parametrize(
    "call",
    [
        "shutil.move(TMP, os.path.join(ROOT, name))",
        "shutil.copy(TMP, ROOT + '/' + name)",
        "shutil.copyfile(TMP, f'{ROOT}/{name}')",
        "shutil.copytree(TMP, Path(ROOT) / name)",
        "os.rename(TMP, os.path.join(ROOT, request.POST['to']))",
        "os.renames(TMP, os.path.join(ROOT, request.FILES['f'].name))",
        "os.replace(TMP, os.path.join(ROOT, request.POST['to']))",
        "move(TMP, os.path.join(ROOT, name))",
        "Path(TMP).rename(Path(ROOT) / name)",
    ],
)
def test_client_text_as_the_destination(call):
    assert found(f"def keep(request, name):\n    {call}\n") == [("W653", 1)]


@pytest.mark.parametrize(
    "call",
    [
        "shutil.move(os.path.join(ROOT, name), ARCHIVE)",  # the client picks what, not where
        "shutil.move(TMP, safe_join(ROOT, name))",
        "shutil.move(TMP, os.path.join(ROOT, os.path.basename(name)))",
        "shutil.move(TMP, default_storage.get_available_name(name))",
        "shutil.move(TMP, os.path.join(ROOT, 'fixed.pdf'))",
        "name.replace('/', '-')",
        "title.replace('a', 'b').rename",
        "copy(TMP, os.path.join(ROOT, name))",  # not known to be shutil's
        "os.replace(os.path.join(ROOT, name), ARCHIVE)",
        "os.replace(TMP, safe_join(ROOT, name))",
        "name.replace(TMP, os.path.join(ROOT, name))",  # a str's, two arguments all the same
    ],
)
def test_confined_fixed_or_unrelated(call):
    assert found(f"def keep(request, name):\n    title = name\n    {call}\n") == []


def test_a_root_check_of_the_destination_in_the_function_confines_it():
    source = """\
        def keep(request, name):
            target = os.path.realpath(os.path.join(ROOT, name))
            if os.path.commonpath([ROOT, target]) != ROOT:
                raise ValueError(target)
            shutil.move(TMP, target)
    """
    assert found(source) == []


def test_a_check_on_another_name_does_not_confine_the_destination():
    source = """\
        def keep(request, name):
            target = os.path.join(ROOT, name)
            if request.path.startswith("/api/"):
                pass
            shutil.move(TMP, target)
    """
    assert found(source) == [("W653", 4)]


REFILE = """\
    def refile(doc):
        {check}
        old = doc.source_path
        doc.filename = str(make_name(doc))
        {guard}
        shutil.move(old, doc.source_path)
"""


def test_a_row_refiled_under_a_name_computed_from_its_fields():
    assert found(REFILE.format(check="pass", guard="pass")) == [("W653", 5)]


def test_a_helper_of_the_file_checking_the_new_path_confines_it():
    check = "def within(path, root):\n            assert path.is_relative_to(root)"
    guard = "within(doc.source_path, settings.ORIGINALS_DIR)"
    assert found(REFILE.format(check=check, guard=guard)) == []


def test_a_helper_that_does_not_check_the_new_path_does_not_confine_it():
    check = "def within(path, root):\n            assert path.exists()"
    guard = "within(doc.source_path, settings.ORIGINALS_DIR)"
    assert found(REFILE.format(check=check, guard=guard)) == [("W653", 6)]


def test_a_name_the_row_gets_without_a_computation_is_not_a_rename():
    source = """\
        def restore(doc, old_name):
            old = doc.source_path
            doc.filename = old_name
            shutil.move(old, doc.source_path)
    """
    assert found(source) == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("profile.path_format.format(**fields)", [("W653", 2)]),
        ("fmt.format_map(fields)", [("W653", 2)]),
        ("Template(profile.text).render(fields)", [("W653", 2)]),
        ("'{title}.pdf'.format(**fields)", []),  # the format is source, not data
        ("Template('{{ title }}.pdf').render(fields)", []),
    ],
)
def test_names_rendered_from_a_template_that_is_data(template, expected):
    source = f"""\
        def export(profile, fmt, fields):
            name = {template}
            default_storage.save(os.path.join('exports', name), CONTENT)
    """
    assert found(source) == expected


def test_the_clients_own_name_in_a_write_stays_w650():
    source = "def keep(request):\n    open(os.path.join(ROOT, request.GET['n']), 'w')\n"
    assert found(source) == [("W650", 1)]


def test_test_code_is_not_reported():
    source = "def test_keep(request, name):\n    shutil.move(TMP, ROOT + name)\n"
    assert found(source, path="app/tests/test_views.py") == []
