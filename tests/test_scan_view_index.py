"""Which functions the |safe pass reads as rendering templates: only those spanning a render call's line."""

from __future__ import annotations

import ast
import textwrap

from django_chained.scan.view_index import read_module, render_lines

SOURCE = textwrap.dedent(
    """\
    from django.shortcuts import render

    def listing(request):
        return render(request, "list.html")

    @cached(render_to_string("key.txt"))
    def decorated(request):
        return None

    class Pages:
        def page(self, request):
            return TemplateResponse(request, template_name="page.html")

    def plain(request):
        return HttpResponse("no template")
    """
)


def renderers(lines):
    module = read_module(ast.parse(SOURCE), "app/views.py", lines)
    return {ref.name: names for names, ref in module.renderers}


def test_the_lines_naming_a_render_call():
    assert render_lines(SOURCE) == [1, 4, 6, 12]
    assert render_lines("def f():\n    rendered = renderer()\n") == []


def test_functions_spanning_a_render_line_are_read():
    expected = {
        "listing": ("list.html",),
        "decorated": ("key.txt",),
        "page": ("page.html",),
    }
    assert renderers(render_lines(SOURCE)) == expected
    assert renderers(None) == expected


def test_a_function_spanning_no_given_line_is_not_searched():
    assert renderers([4]) == {"listing": ("list.html",)}
    assert renderers([6]) == {"decorated": ("key.txt",)}
    assert renderers([]) == {}
