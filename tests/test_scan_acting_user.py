"""W254: the acting user read from what the client sent, and the shapes that stay quiet."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from django_chained.checks.code_rules import check_authorization_code
from django_chained.scan.python.identity import W254
from django_chained.scan.python.walker import scan_python
from django_chained.sourcetree.standalone import scan_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"

HEAD = "from django.contrib.auth.models import User\nfrom django.contrib.auth import login\n"


def w254(body: str, path: str = "app/views.py") -> list[int]:
    source = HEAD + textwrap.dedent(body)
    return [f.line for f in scan_python(path, source) if f.id == W254.id]


def test_message_names_the_view_the_field_and_the_source():
    source = HEAD + textwrap.dedent("""\
        def send(request):
            Message.objects.create(sender_id=request.POST["sender"])
    """)
    (finding,) = scan_python("app/views.py", source)
    assert finding.id == "django_chained.W254"
    assert finding.line == 4
    assert finding.message == (
        "send() takes the acting user (sender_id=) from request.POST, which the client controls."
    )
    assert "request.user" in finding.hint


@pytest.mark.parametrize(
    "body",
    [
        # a user fetched by a client's id, then used as the creator
        """\
        def post(request):
            author = User.objects.get(pk=request.POST["author"])
            Post.objects.create(author=author, text="")
        """,
        # DRF: the serializer saved with an owner from the body
        """\
        def perform(request):
            serializer.save(owner_id=request.data["owner"])
        """,
        # a query parameter and a cookie
        """\
        def mark(request):
            note.created_by_id = request.GET.get("user_id")
        """,
        """\
        def who(request):
            request.user = User.objects.get(username=request.COOKIES["user"])
        """,
    ],
)
def test_client_chosen_actors_are_reported(body):
    assert len(w254(body)) == 1


@pytest.mark.parametrize(
    "body",
    [
        # the web server's REMOTE_USER is no client data
        """\
        def remote(request):
            login(request, User.objects.get(username=request.META["REMOTE_USER"]))
        """,
        # a reset link's token checked before the password is set
        """\
        def reset(request):
            user = User.objects.get(pk=request.POST["uid"])
            if default_token_generator.check_token(user, request.POST["token"]):
                user.set_password(request.POST["password"])
        """,
        # a row of another model picked by the client is the server's: its owner is not the client's text
        """\
        def copy(request):
            source = Note.objects.get(pk=request.POST["note"], owner=request.user)
            Note.objects.create(owner=source.owner, text=source.text)
        """,
        # not a field that records who acted
        """\
        def invite(request):
            Invite.objects.create(recipient_id=request.POST["recipient"], sender=request.user)
        """,
        # a superuser acting for someone
        """\
        def act_for(request):
            if request.user.is_superuser:
                Message.objects.create(sender_id=request.POST["sender"])
        """,
    ],
)
def test_shapes_that_do_not_take_the_actor_from_the_client(body):
    assert w254(body) == []


def test_test_code_and_admin_methods_are_not_audited():
    body = """\
        def send(request):
            Message.objects.create(sender_id=request.POST["sender"])
    """
    assert w254(body, "app/tests/test_views.py") == []
    admin = """\
        class MessageAdmin(ModelAdmin):
            def save_model(self, request, obj, form, change):
                obj.sender_id = request.POST["sender"]
    """
    assert w254(admin, "app/views.py") == []
    assert w254(body, "app/views.py") == [4]


def test_check_and_scan_report_the_same_lines(scanned, tmp_path):
    fixture = FIXTURES / "acting_user_positive.py"
    expected = [
        number
        for number, line in enumerate(fixture.read_text("utf-8").splitlines(), 1)
        if "expect: W254" in line
    ]
    with scanned(fixture.name):
        checked = [
            int(m.obj.rpartition(":")[2])
            for m in check_authorization_code()
            if m.id == W254.id
        ]
    tree = tmp_path / "site" / "app"
    tree.mkdir(parents=True)
    (tree / "views.py").write_bytes(fixture.read_bytes())
    records = scan_tree(tree.parent, use_cache=False).records
    standalone = [r.line or 0 for r in records if r.id == W254.id]
    assert sorted(checked) == sorted(standalone) == expected
