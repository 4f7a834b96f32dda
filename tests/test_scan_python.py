"""The Python rules, on positive and negative fixtures: each finding at its marked line, nothing else."""

from __future__ import annotations

import ast
import re
import textwrap
import warnings
from pathlib import Path

import django
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from django_chained.scan.identity_cookies import judge_identity_cookies
from django_chained.scan.python import walker
from django_chained.scan.python.walker import TRIGGERS, scan_python

FIXTURES = Path(__file__).parent / "fixtures" / "scan"
RULE_FIXTURES = sorted(
    p for p in FIXTURES.glob("*.py") if p.stem.endswith(("_positive", "_negative"))
)
EXPECT = re.compile(r"expect: (\w+)")


def expected(text: str) -> set[tuple[int, str]]:
    return {
        (number, f"django_chained.{check_id}")
        for number, line in enumerate(text.splitlines(), start=1)
        for check_id in EXPECT.findall(line)
    }


def found(path: Path, **kwargs) -> set[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    # One file's findings as the engine reports them: its project pass pairs cookie setters and readers.
    findings = judge_identity_cookies(scan_python(str(path), text, **kwargs))
    return {(f.line, f.id) for f in findings}


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_findings_are_exactly_the_marked_lines(fixture):
    assert found(fixture) == expected(fixture.read_text(encoding="utf-8"))


def test_negative_fixtures_mark_nothing():
    negatives = [p for p in RULE_FIXTURES if p.stem.endswith("_negative")]
    assert negatives
    assert all(not expected(p.read_text(encoding="utf-8")) for p in negatives)


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_findings_say_what_and_how_to_fix_in_full_sentences(fixture):
    """Reports print the message and the hint as they are: neither may be cut short."""
    text = fixture.read_text(encoding="utf-8")
    for finding in judge_identity_cookies(scan_python(str(fixture), text)):
        assert finding.message.endswith("."), finding.message
        assert finding.hint.endswith("."), finding.hint


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_pruned_walk_equals_exhaustive_walk_on_fixtures(fixture):
    assert found(fixture) == found(fixture, exhaustive=True)


def test_pruned_walk_equals_exhaustive_walk_on_django_source():
    """The pre-filter and the pruned walk never drop a finding on a real tree.

    A third of Django's files, to keep the suite fast; ``benchmarks/scan.py`` compares all of them.
    """
    root = Path(django.__file__).parent
    pruned: set[tuple[str, int, str]] = set()
    exhaustive: set[tuple[str, int, str]] = set()
    for path in sorted(root.rglob("*.py"))[::3]:
        text = path.read_text(encoding="utf-8")
        pruned |= {(f.path, f.line, f.id) for f in scan_python(str(path), text)}
        exhaustive |= {
            (f.path, f.line, f.id)
            for f in scan_python(str(path), text, exhaustive=True)
        }
    assert pruned
    assert pruned == exhaustive


def test_every_rule_id_has_a_positive_fixture():
    marked = set()
    for fixture in RULE_FIXTURES:
        marked |= {i for _, i in expected(fixture.read_text(encoding="utf-8"))}
    defined = set()
    for module in (
        Path(__file__).parent.parent / "django_chained" / "scan" / "python"
    ).glob("*.py"):
        defined |= set(
            re.findall(r'id="(django_chained\.\w+)"', module.read_text("utf-8"))
        )
    assert defined
    assert defined <= marked


def test_w250_names_the_fetched_model():
    path = FIXTURES / "access_models.py"
    findings = scan_python(str(path), path.read_text(encoding="utf-8"))
    assert [(f.line, f.subject) for f in findings] == [
        (11, "Group"),
        (15, "Document"),
        (19, "Project"),
        (23, "Order"),
        (27, None),
        (32, "Group"),
    ]


@pytest.mark.parametrize(
    ("call", "model"),
    [
        ("Article.objects.get(pk=pk)", "Article"),
        (
            "blog.models.Article._default_manager.select_related('a').get(pk=pk)",
            "Article",
        ),
        ("get_object_or_404(Article.objects.filter(live=True), pk=pk)", "Article"),
        ("get_object_or_404(klass=Article, pk=pk)", "Article"),
        ("get_object_or_404(self.model, pk=pk)", None),
        ("self.model.objects.get(pk=pk)", None),
        ("get_object_or_404(qs, pk=pk)", None),
        ("get_object_or_404(make_queryset(), pk=pk)", None),
    ],
)
def test_w250_subject_only_when_the_code_names_a_model_class(call, model):
    source = f"def view(request, pk):\n    return {call}\n"
    (finding,) = scan_python("views.py", source)
    assert (finding.id, finding.subject) == ("django_chained.W250", model)


def test_w650_path_write_only_when_the_client_names_the_path():
    source = textwrap.dedent(
        """\
        def view(request):
            (Path(settings.MEDIA_ROOT) / "report.txt").write_text(text)
            (Path(settings.MEDIA_ROOT) / request.POST["name"]).write_bytes(data)
        """
    )
    assert [(f.id, f.line) for f in scan_python("views.py", source)] == [
        ("django_chained.W650", 3)
    ]


def test_file_without_trigger_words_is_not_walked(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("walked")

    monkeypatch.setattr(walker._Walker, "walk", fail)
    assert scan_python("x.py", "def f(a):\n    return a + 1\n") == []


def test_file_without_trigger_words_still_reports_its_syntax_error():
    with pytest.raises(SyntaxError):
        scan_python("x.py", "def f(:\n")


def test_compiler_warnings_about_scanned_code_are_not_shown():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scan_python("x.py", 'PATTERN = "\\d+"\n') == []


def test_trigger_words_inside_identifiers_do_not_count():
    assert not TRIGGERS.search("executed = reopened + raw_data + extras")


def test_imported_alias_is_followed():
    text = (
        "from django.utils.safestring import mark_safe as trusted\n"
        "def f(request):\n"
        "    return trusted(request.GET['v'])\n"
    )
    assert [(f.line, f.id) for f in scan_python("x.py", text)] == [
        (3, "django_chained.W301")
    ]


def test_a_line_naming_only_an_alias_is_walked():
    """The alias is a trigger word of its own: the call's line names nothing else."""
    text = (
        "from django.utils.safestring import mark_safe as trusted\n"
        "def f(request):\n"
        "    value = request.GET['v']\n"
        "    return trusted(value)\n"
    )
    assert [(f.line, f.id) for f in scan_python("x.py", text)] == [
        (4, "django_chained.W301")
    ]


def test_syntax_error_propagates_for_the_engine_to_report():
    with pytest.raises(SyntaxError):
        scan_python("x.py", "def f(:\n    mark_safe(x)\n")


def test_messages_name_what_was_found():
    text = "def f(c, t):\n    c.execute('SELECT * FROM %s' % t)\n"
    (finding,) = scan_python("x.py", text)
    assert finding.message == "cursor.execute() runs SQL built with %-formatting."
    assert finding.hint
    assert finding.location == "x.py:2"


def test_message_names_request_text_used_as_the_sql_itself():
    text = "def view(request):\n    cursor.execute(request.GET['q'])\n"
    (finding,) = scan_python("x.py", text)
    assert finding.message == (
        "cursor.execute() runs SQL built with request data (not passed as params)."
    )


def test_variable_message_names_the_assignment_line():
    text = "def f(c, t):\n    q = f'SELECT {t}'\n    c.execute(q)\n"
    (finding,) = scan_python("x.py", text)
    assert "in 'q', line 2" in finding.message


def test_long_elif_chain_is_walked_without_recursion_limit():
    branches = "".join(f"    elif v == {i}:\n        pass\n" for i in range(1500))
    text = f"def f(v, c):\n    if v:\n        pass\n{branches}    else:\n        c.execute('x' + v)\n"
    (finding,) = scan_python("x.py", text)
    assert (finding.line, finding.id) == (text.count("\n"), "django_chained.W401")


def _fixture_statements() -> tuple[list[str], list[str]]:
    imports, body = [], []
    for fixture in RULE_FIXTURES:
        tree = ast.parse(fixture.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports.append(ast.unparse(node))
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                body += [ast.unparse(stmt) for stmt in node.body]
    return imports, body


IMPORTS, STATEMENTS = _fixture_statements()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=12),
    st.sampled_from(["request, pk", "self, request, **kwargs", "cursor, value"]),
)
def test_pruned_walk_equals_exhaustive_walk_on_recombined_statements(
    statements, params
):
    """Fixture statements recombined into new functions give the same findings either way."""
    body = textwrap.indent("\n".join(statements), "    ")
    text = (
        "\n".join(IMPORTS)
        + f"\n\n\nclass View:\n  def handle({params}):\n"
        + textwrap.indent(body, "  ")
        + "\n"
    )
    pruned = {(f.line, f.id) for f in scan_python("x.py", text)}
    assert pruned == {
        (f.line, f.id) for f in scan_python("x.py", text, exhaustive=True)
    }
