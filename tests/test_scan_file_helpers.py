"""W652: a view passes a path built from the request to a helper of its module that opens the file."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

HELPER = """\
    import os
    from django.http import FileResponse

    def send_file(path, inline=False):
        return FileResponse(open(path, "rb"), as_attachment=not inline)

"""


def found(source: str, path: str = "app/views.py") -> list[tuple[str, int]]:
    text = textwrap.dedent(HELPER) + textwrap.dedent(source)
    findings = scan_python(path, text)
    return [(f.id.rsplit(".", 1)[1], f.line) for f in findings if "W65" in f.id]


def test_reported_at_the_views_call_naming_the_helper():
    source = "def download(request):\n    return send_file(request.GET['f'])\n"
    text = textwrap.dedent(HELPER) + source
    (finding,) = scan_python("app/views.py", text)
    assert (finding.id, finding.line) == ("django_chained.W652", 8)
    assert finding.message.startswith(
        "send_file() opens the file at a path this view builds"
    )
    assert "safe_join" in finding.hint


@pytest.mark.parametrize(
    "call",
    [
        "send_file(os.path.join(ROOT, request.GET['f']))",
        "send_file(path=request.POST['path'])",
        "send_file(f'{ROOT}/{name}', inline=True)",
        "send_file(ROOT + '/' + name)",
    ],
)
def test_client_text_reaching_the_helper(call):
    source = f"def download(request, name):\n    return {call}\n"
    assert found(source) == [("W652", 8)]


@pytest.mark.parametrize(
    "call",
    [
        "send_file(safe_join(ROOT, name))",
        "send_file(os.path.join(ROOT, os.path.basename(name)))",
        "send_file(os.path.join(ROOT, get_valid_filename(name)))",
        "send_file(get_object_or_404(Doc, pk=name).file.path)",
        "send_file(os.path.join(ROOT, 'terms.pdf'))",
        "send_file(*parts)",  # which parameter gets the client's text is unknown
        "send_file(inline=name)",  # a flag, not the path
    ],
)
def test_confined_or_fixed_paths(call):
    source = f"def download(request, name):\n    parts = [name]\n    return {call}\n"
    assert found(source) == []


def test_a_check_in_the_view_confines_the_path():
    source = """\
        def download(request, name):
            path = os.path.realpath(os.path.join(ROOT, name))
            if not path.startswith(ROOT):
                raise Http404
            return send_file(path)
    """
    assert found(source) == []


@pytest.mark.parametrize(
    "opened",
    [
        "os.path.join(ROOT, os.path.basename(path))",
        "safe_join(ROOT, path)",
        "os.path.join(ROOT, get_valid_filename(path))",
    ],
)
def test_a_helper_confining_the_name_itself_is_not_reported(opened):
    source = f"""\
        def serve(path):
            return FileResponse(open({opened}, "rb"))

        def download(request):
            return serve(request.GET["f"])
    """
    assert found(source) == []


def test_a_helper_opening_for_writing_is_w650_at_its_write():
    helper = "def log(path, line):\n    open(path, 'a').write(line)\n\n"
    source = helper + "def view(request):\n    log(request.GET['f'], 'x')\n"
    findings = scan_python("app/views.py", source)
    assert [(f.id, f.line) for f in findings] == [("django_chained.W650", 2)]


UPLOAD_HELPER = """\
    def handle_uploaded_file(f, folder="uploads"):
        with {opened} as destination:
            for chunk in f.chunks():
                destination.write(chunk)

    def upload(request):
        handle_uploaded_file({argument})
"""


@pytest.mark.parametrize(
    "opened",
    [
        'open(os.path.join(settings.MEDIA_ROOT, folder, f.name), "wb+")',
        'open(f"{settings.MEDIA_ROOT}/{f.name}", mode="wb")',
    ],
)
def test_an_upload_written_under_its_name_by_a_helper(opened):
    source = UPLOAD_HELPER.format(opened=opened, argument='request.FILES["file"]')
    findings = scan_python("app/views.py", textwrap.dedent(source))
    assert [(f.id, f.line) for f in findings] == [("django_chained.W650", 2)]


@pytest.mark.parametrize(
    ("opened", "argument"),
    [
        (
            'open(os.path.join(ROOT, os.path.basename(f.name)), "wb")',
            'request.FILES["file"]',
        ),
        (
            'open(os.path.join(ROOT, get_valid_filename(f.name)), "wb")',
            'request.FILES["file"]',
        ),
        (
            'open(os.path.join(ROOT, f"{uuid4().hex}.bin"), "wb")',
            'request.FILES["file"]',
        ),
        (
            'open(os.path.join(ROOT, f.name), "rb")',
            'request.FILES["file"]',
        ),  # read: W652's
        ('open(os.path.join(ROOT, f.name), "wb")', "Document.objects.get(pk=1).file"),
    ],
)
def test_an_upload_helper_that_names_the_file_itself(opened, argument):
    source = UPLOAD_HELPER.format(opened=opened, argument=argument)
    ids = [f.id for f in scan_python("app/views.py", textwrap.dedent(source))]
    assert "django_chained.W650" not in ids


def test_an_upload_helper_write_bytes_under_the_clients_name():
    source = """\
        def store(upload):
            (Path(ROOT) / upload.name).write_bytes(upload.read())

        def upload(request):
            store(request.FILES["avatar"])
    """
    findings = scan_python("app/views.py", textwrap.dedent(source))
    assert [(f.id, f.line) for f in findings] == [("django_chained.W650", 2)]


def test_an_upload_helper_no_view_calls_is_not_reported():
    source = UPLOAD_HELPER.format(
        opened='open(os.path.join(ROOT, f.name), "wb")', argument="attachment"
    ).replace("def upload(request):", "def import_mail(attachment):")
    assert scan_python("app/mail.py", textwrap.dedent(source)) == []


def test_a_helper_opening_twice_is_reported_once():
    source = """\
        def size_and_bytes(path):
            with open(path, "rb") as first:
                size = len(first.read())
            return size, open(path, "rb").read()

        def view(request, name):
            return HttpResponse(size_and_bytes(name)[1])
    """
    assert [f.line for f in scan_python("app/views.py", textwrap.dedent(source))] == [7]


def test_a_call_outside_a_view_is_not_reported():
    source = "def nightly(name):\n    return send_file(name)\n"
    assert found(source) == []


def test_test_code_is_not_reported():
    source = "def download(request):\n    return send_file(request.GET['f'])\n"
    assert found(source, path="app/tests/test_views.py") == []


def test_a_helper_taking_request_is_the_view_w651_judges():
    source = """\
        def serve(request, path):
            return FileResponse(open(path, "rb"))

        def download(request, name):
            return serve(request, name)
    """
    ids = [f.id for f in scan_python("app/views.py", textwrap.dedent(source))]
    assert ids == ["django_chained.W651"]


@pytest.mark.parametrize(
    "check",
    [
        "if ROOT not in path.parents:\n        raise Http404",
        "if '..' in name:\n        raise Http404",
        "path = safe_join(ROOT, name)",
    ],
)
def test_the_confinements_w654_knows_confine_here_too(check):
    source = f"""\
def download(request, name):
    path = Path(ROOT, name).resolve()
    {check}
    return send_file(path)
"""
    assert found(source) == []
    unchecked = "def download(request, name):\n    path = Path(ROOT, name).resolve()\n    return send_file(path)\n"
    assert found(unchecked) == [("W652", 9)]
