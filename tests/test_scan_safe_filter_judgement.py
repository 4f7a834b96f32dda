"""W330 stays a warning only with evidence of visitor text; untraceable values are I333, constants nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from django.core.checks.messages import INFO, WARNING

from django_chained.scan import scan_paths
from django_chained.scan.template_references import (
    Reference,
    references,
    template_name,
)

SITE = Path(__file__).parent / "fixtures" / "scan" / "safe_filter_site"
EXPECT = re.compile(r"\{# expect: (\w+) #\}")


def _scan(root: Path) -> list[tuple[str, int, str]]:
    python = sorted(str(p) for p in root.rglob("*.py"))
    templates = sorted(str(p) for p in root.rglob("*.html"))
    result = scan_paths(python, templates)
    return sorted(
        (Path(f.path).relative_to(root).as_posix(), f.line, f.id.rsplit(".", 1)[1])
        for f in result.findings
        if f.path.endswith(".html")
    )


def _expected(root: Path) -> list[tuple[str, int, str]]:
    return sorted(
        (path.relative_to(root).as_posix(), number, match[1])
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for match in EXPECT.finditer(line)
    )


def test_site_fixture_findings_are_exactly_the_marked_lines():
    assert _scan(SITE) == _expected(SITE)


def test_levels_and_what_the_info_asks_to_confirm(tmp_path):
    python = [str(p) for p in SITE.rglob("*.py")]
    templates = [str(p) for p in SITE.rglob("*.html")]
    findings = {
        (Path(f.path).name, f.line): f for f in scan_paths(python, templates).findings
    }
    assert findings[("search.html", 3)].level == WARNING
    names = findings[("base.html", 8)]
    assert names.level == INFO
    assert "confirm that names is built with format_html()/escape()" in names.message
    assert "|json_script" in names.message  # it sits inside <script>
    assert "|json_script" not in findings[("search.html", 4)].message


def test_a_template_no_view_renders_is_info(tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>{{ bio|safe }}</p>\n")
    (finding,) = scan_paths([], [str(page)]).findings
    assert (finding.id, finding.level) == ("django_chained.I333", INFO)


def test_request_data_in_a_function_view_keeps_the_warning(tmp_path):
    (tmp_path / "views.py").write_text(
        "from django.shortcuts import render\n"
        "def page(request):\n"
        "    context = {}\n"
        "    context['bio'] = request.POST['bio']\n"
        "    return render(request, 'page.html', context)\n"
    )
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>{{ bio|safe }}</p>\n")
    (finding,) = scan_paths([str(tmp_path / "views.py")], [str(page)]).findings
    assert finding.id == "django_chained.W330"


def test_constant_context_is_not_reported_but_a_changed_key_is(tmp_path):
    views = tmp_path / "views.py"
    views.write_text(
        "from django.views.generic import TemplateView\n"
        "class Page(TemplateView):\n"
        "    template_name = 'page.html'\n"
        "    def get_context_data(self, **kwargs):\n"
        "        return {'icon': '<i class=\"star\"></i>', 'count': len([1])}\n"
    )
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>{{ icon|safe }}{{ count|safe }}{{ other|safe }}</p>\n")
    ids = [f.id for f in scan_paths([str(views)], [str(page)]).findings]
    assert ids == ["django_chained.I333"]  # only other, which no view sets


def test_i333_accepted_inline_needs_no_w006(tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<p>{{ bio|safe }}</p>{# chained: ignore[I333] sanitised with nh3 in the view #}\n"
    )
    (finding,) = scan_paths([], [str(page)]).findings
    assert finding.id == "django_chained.I333"
    assert finding.suppressed_reason == "sanitised with nh3 in the view"


def test_template_name_is_the_path_under_the_last_templates_folder():
    assert template_name("app/templates/board/x.html") == "board/x.html"
    assert template_name("templates/a/templates/b.html") == "b.html"
    assert template_name("loose.html") == "loose.html"


def test_each_use_on_a_line_is_judged(tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>{{ bio|safe }} and {{ bio|safe }}</p>\n")
    ids = [f.id for f in scan_paths([], [str(page)]).findings]
    assert ids == ["django_chained.I333", "django_chained.I333"]


def test_the_info_names_the_filter(tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<ul>{% for tag in tags|safeseq %}<li>{{ tag }}</li>{% endfor %}</ul>\n"
    )
    (finding,) = scan_paths([], [str(page)]).findings
    assert finding.message.startswith("|safeseq outputs tags unescaped")


def test_a_view_value_nested_too_deeply_is_info_not_a_crash(tmp_path):
    terms = " + ".join(["'a'"] * 900)  # parses, but is deeper than the tracer's stack
    views = tmp_path / "views.py"
    views.write_text(
        "from django.views.generic import TemplateView\n"
        "class Page(TemplateView):\n"
        "    template_name = 'page.html'\n"
        "    def get_context_data(self, **kwargs):\n"
        f"        kwargs['x'] = {terms}\n"
        "        return kwargs\n"
    )
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>{{ x|safe }}</p>\n")
    findings = scan_paths([str(views)], [str(page)]).findings
    assert [f.id for f in findings if f.path == str(page)] == ["django_chained.I333"]


def test_cycles_and_odd_shapes_end_in_info(tmp_path):
    views = tmp_path / "views.py"
    views.write_text(
        "class A(B):\n"
        "    template_name = 'a.html'\n"
        "    def rows(self):\n"
        "        return self.rows()\n"
        "    def get_context_data(self, **kwargs):\n"
        "        x = x\n"
        "        kwargs['x'] = x\n"
        "        kwargs['y'] = self.rows()\n"
        "        return kwargs\n"
        "class B(A):\n"
        "    template_name = 5\n"
    )
    (tmp_path / "broken.py").write_bytes(b"def f(:\n\x00")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "a.html").write_text(
        '{% extends "b.html" %}<p>{{ x|safe }}{{ y|safe }}</p>\n'
    )
    (folder / "b.html").write_text('{% extends "a.html" %}<p>{{ x|safe }}</p>\n')
    python = [str(views), str(tmp_path / "broken.py")]
    findings = scan_paths(python, [str(folder / "a.html"), str(folder / "b.html")])
    pages = [f.id for f in findings.findings if f.path.endswith(".html")]
    assert pages == ["django_chained.I333"] * 3


def _project(
    tmp_path: Path, views: str, pages: dict[str, str]
) -> list[tuple[str, int, str]]:
    (tmp_path / "views.py").write_text(views)
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text)
    return _scan(tmp_path)


def test_a_mixins_other_subclasses_do_not_feed_the_template(tmp_path):
    views = (
        "from django.views.generic import TemplateView\n"
        "class Shared(TemplateView):\n"
        "    pass\n"
        "class Page(Shared):\n"
        "    template_name = 'page.html'\n"
        "class Other(Shared):\n"
        "    template_name = 'other.html'\n"
        "    def get_context_data(self, **kwargs):\n"
        "        kwargs['x'] = self.request.GET['x']\n"
        "        return kwargs\n"
    )
    found = _project(tmp_path, views, {"page.html": "<p>{{ x|safe }}</p>\n"})
    assert found == [("templates/page.html", 1, "I333")]


def test_a_rows_own_json_method_is_not_a_json_encoder(tmp_path):
    views = (
        "import json\n"
        "from django.views.generic import TemplateView\n"
        "class Page(TemplateView):\n"
        "    template_name = 'page.html'\n"
        "    def get_context_data(self, **kwargs):\n"
        "        kwargs['tables'] = json.dumps([t.jsondict() for t in self.get_tables()])\n"
        "        return kwargs\n"
    )
    page = "<script>var t = {{ tables|safe }};</script>\n"
    assert _project(tmp_path, views, {"page.html": page}) == [
        ("templates/page.html", 1, "I333")
    ]


def test_include_bindings_are_judged_where_they_are_written(tmp_path):
    views = (
        "from django.views.generic import TemplateView\n"
        "class Page(TemplateView):\n"
        "    template_name = 'page.html'\n"
        "    def get_context_data(self, **kwargs):\n"
        "        kwargs['bio'] = self.request.POST['bio']\n"
        "        return kwargs\n"
    )
    pages = {
        "page.html": (
            '{% include "literal.html" with text="<b>hi</b>" %}\n'
            '{% trans "Hello" as hello %}{% include "captured.html" with text=hello %}\n'
            '{% include "visitor.html" with text=bio %}\n'
            '{% include "nothing.html" with other=bio only %}\n'
            '{% include "escaped.html" with text=bio|force_escape %}\n'
        ),
        "literal.html": "<p>{{ text|safe }}</p>\n",
        "captured.html": "<p>{{ text|safe }}</p>\n",
        "visitor.html": "<p>{{ text|safe }}</p>\n",
        "nothing.html": "<p>{{ text|safe }}</p>\n",
        "escaped.html": "<p>{{ text|safe }}</p>\n",
    }
    assert _project(tmp_path, views, pages) == [
        ("templates/nothing.html", 1, "I333"),
        ("templates/visitor.html", 1, "W330"),
    ]


def test_references_read_from_a_template():
    source = (
        '{% extends "base.html" %}{% include "a.html" with x=y z="1" only %}'
        "{% include name %}{% include 'b.html' %}"
    )
    assert references(source) == [
        Reference("base.html", extends=True),
        Reference(
            "a.html", extends=False, bindings=(("x", "y"), ("z", '"1"')), only=True
        ),
        Reference("b.html", extends=False),
    ]


def test_each_python_file_is_parsed_once(tmp_path, monkeypatch):
    views = tmp_path / "views.py"
    views.write_text(
        "from django.views.generic import TemplateView\n"
        "class Page(TemplateView):\n"
        "    template_name = 'page.html'\n"
    )
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>{{ bio|safe }}</p>\n")
    parsed: list[str] = []
    real_parse = ast.parse

    def counting_parse(source: Any, *args: Any, **options: Any) -> Any:
        filename = args[0] if args else options.get("filename", "<unknown>")
        if filename == str(views):
            parsed.append(filename)
        return real_parse(source, *args, **options)

    monkeypatch.setattr(ast, "parse", counting_parse)
    findings = scan_paths([str(views)], [str(page)]).findings
    assert [f.id for f in findings] == ["django_chained.I333"]
    assert parsed == [str(views)]


def test_a_component_is_constant_only_if_every_way_to_it_is(tmp_path):
    views = (
        "from django.views.generic import TemplateView\n"
        "class A(TemplateView):\n"
        "    template_name = 'a.html'\n"
        "class B(TemplateView):\n"
        "    template_name = 'b.html'\n"
    )
    pages = {
        # a.html names the text itself before including: a translated literal.
        "a.html": '{% blocktrans asvar text %}Hi{% endblocktrans %}{% include "note.html" %}\n'
        '{% include "card.html" with text="<b>x</b>" %}\n',
        # b.html passes on a text its view does not set: the scan cannot tell what it holds.
        "b.html": '{% include "card.html" %}\n',
        "note.html": "<p>{{ text|safe }}</p>\n",
        "card.html": "<p>{{ text|safe }}</p>\n",
    }
    assert _project(tmp_path, views, pages) == [("templates/card.html", 1, "I333")]


def test_an_include_chain_deeper_than_the_stack_is_info_not_a_crash(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    depth = 1200
    for number in range(depth):
        (folder / f"t{number}.html").write_text(
            f'{{% include "t{number + 1}.html" %}}\n'
        )
    (folder / f"t{depth}.html").write_text("<p>{{ x|safe }}</p>\n")
    pages = sorted(str(p) for p in folder.iterdir())
    (finding,) = scan_paths([], pages).findings
    assert (Path(finding.path).name, finding.id) == (
        f"t{depth}.html",
        "django_chained.I333",
    )
