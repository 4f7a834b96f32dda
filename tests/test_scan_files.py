"""W650/W651: writes to, and responses serving, a file whose path the request names."""

from __future__ import annotations

import pytest

from django_chained.scan.python.walker import scan_python


@pytest.mark.parametrize(
    "response", ["FileResponse", "HttpResponse", "StreamingHttpResponse"]
)
def test_response_serving_a_client_path(response):
    source = (
        f"def view(request):\n    return {response}(open(request.GET['f'], 'rb'))\n"
    )
    (finding,) = scan_python("app/views.py", source)
    assert finding.id == "django_chained.W651"
    assert finding.message.startswith(
        f"{response}() serves a file from a path taken from the request"
    )


def test_response_serving_a_fixed_path_is_not_reported():
    source = "def view(request):\n    return StreamingHttpResponse(open('report.csv', 'rb'))\n"
    assert scan_python("app/views.py", source) == []


@pytest.mark.parametrize("mode", ["'w'", "mode='w'", "mode='ab'", "'r+'"])
def test_open_for_writing_a_client_path(mode):
    source = f"def view(request):\n    open(request.GET['f'], {mode}).write('x')\n"
    assert [f.id for f in scan_python("app/views.py", source)] == [
        "django_chained.W650"
    ]


@pytest.mark.parametrize("mode", ["", ", 'rb'", ", mode='r'"])
def test_open_for_reading_a_client_path_is_not_a_write(mode):
    source = f"def view(request):\n    open(request.GET['f']{mode}).read()\n"
    assert scan_python("app/views.py", source) == []
