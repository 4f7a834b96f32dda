"""W651: each response class that serves a file opened from a path the request names."""

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
