"""W309: request data sent as HTML as it came, through a formatting helper, or with response.write()."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python


def found(source: str, path: str = "app/views.py") -> list[tuple[str, int]]:
    findings = scan_python(path, textwrap.dedent(source))
    return [(f.id.rsplit(".", 1)[1], f.line) for f in findings if "W30" in f.id]


@pytest.mark.parametrize(
    "content",
    [
        "request.GET['q']",
        "request.GET.get('q', '')",
        "request.POST.getlist('tags')",
        "self_made",
        "slug",
    ],
)
def test_request_text_sent_as_it_came(content):
    source = f"""\
        def view(request, slug):
            self_made = request.GET.get("q")
            return HttpResponse({content})
    """
    assert found(source) == [("W309", 3)]


def test_a_name_escaped_on_some_path_is_not_raw():
    source = """\
        def view(request):
            q = request.GET.get("q")
            if q:
                q = escape(q)
            else:
                q = "nothing"
            return HttpResponse(q)
    """
    assert found(source) == []


def test_a_name_defaulting_to_a_literal_is_still_raw():
    source = """\
        def view(request):
            q = request.GET.get("q")
            if not q:
                q = "nothing"
            return HttpResponse(q)
    """
    assert found(source) == [("W309", 5)]


def test_message_says_what_is_sent():
    source = "def view(request):\n    return HttpResponse(request.GET['q'])\n"
    (finding,) = scan_python("app/views.py", source)
    assert finding.message == (
        "HttpResponse() sends the request's text unchanged as HTML, without escaping."
    )
    assert "format_html()" in finding.hint


@pytest.mark.parametrize(
    "content_type",
    ["'text/plain'", "'application/json'", "'text/csv; charset=utf-8'"],
)
def test_a_content_type_other_than_html_is_not_reported(content_type):
    source = f"def view(request):\n    return HttpResponse(request.GET['q'], content_type={content_type})\n"
    assert found(source) == []


def test_an_html_content_type_is_reported():
    source = "def view(request):\n    return HttpResponse(request.GET['q'], content_type='text/html')\n"
    assert found(source) == [("W309", 2)]


def test_w305_keeps_markup_formatted_in_the_view():
    source = "def view(request):\n    return HttpResponse('<p>' + request.GET['q'] + '</p>')\n"
    assert found(source) == [("W305", 2)]


HELPERS = """\
    def heading(text, level=1):
        return f"<h{level}>{text}</h{level}>"

    def quoted(text):
        label = "<em>%s</em>" % text
        return label

    def safe_heading(text):
        return format_html("<h1>{}</h1>", text)

    def escaped(text):
        return "<p>" + escape(text) + "</p>"

    def plain(text):
        return "Hello " + text

"""


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("heading(request.GET['q'])", [("W309", 18)]),
        ("heading(level=2, text=request.GET['q'])", [("W309", 18)]),
        ("quoted(request.GET['q'])", [("W309", 18)]),
        ("heading('Search', level=request.GET['n'])", [("W309", 18)]),
        ("heading('Search')", []),
        ("safe_heading(request.GET['q'])", []),
        ("escaped(request.GET['q'])", []),
        ("plain(request.GET['q'])", []),
        ("heading(*request.GET.getlist('q'))", []),
    ],
)
def test_helpers_formatting_request_data_into_markup(call, expected):
    source = HELPERS + f"    def view(request):\n        return HttpResponse({call})\n"
    assert found(source) == expected


def test_helper_message_names_the_helper():
    source = (
        HELPERS
        + "    def view(request):\n        return HttpResponse(heading(request.GET['q']))\n"
    )
    (finding,) = scan_python("app/views.py", textwrap.dedent(source))
    assert "that heading() formats into markup" in finding.message


@pytest.mark.parametrize(
    ("response", "written", "expected"),
    [
        ("HttpResponse()", "'<li>' + request.GET['q'] + '</li>'", [("W309", 3)]),
        ("HttpResponse()", "request.GET['q']", [("W309", 3)]),
        ("HttpResponse(content_type='text/plain')", "request.GET['q']", []),
        ("HttpResponse()", "'<li>static</li>'", []),
        ("open('log.html', 'w')", "'<li>' + request.GET['q']", []),
    ],
)
def test_response_write(response, written, expected):
    source = f"""\
        def view(request):
            response = {response}
            response.write({written})
            return response
    """
    assert found(source) == expected


def test_test_code_is_not_reported():
    source = "def view(request):\n    return HttpResponse(request.GET['q'])\n"
    assert found(source, path="app/tests/test_views.py") == []
