"""W257: views that send rows of an owned model listed without any relation to the user."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from django_chained.checks.code_rules import check_authorization_code
from django_chained.scan.python.access import W250
from django_chained.scan.python.listed_rows import W257, drop_unowned_listings
from django_chained.scan.python.walker import scan_python
from django_chained.sourcetree.standalone import scan_tree
from tests.function_info_spy import functions_read_by

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"
#: The line of listed_rows_models.py whose model (Document) has an owner of its own.
KEPT_LINES = [12]


def w257(source: str) -> list[tuple[int, str | None]]:
    findings = scan_python("app/views.py", textwrap.dedent(source))
    return [(f.line, f.subject) for f in findings if f.id == W257.id]


def test_names_the_view_and_the_model_and_the_fix():
    source = """\
        from django.http import JsonResponse
        from .models import MailRule

        def rule_search(request):
            rules = MailRule.objects.filter(name__icontains=request.GET["q"])
            return JsonResponse({"rules": list(rules.values("name"))})
    """
    (finding,) = scan_python("app/views.py", textwrap.dedent(source))
    assert (finding.id, finding.line, finding.subject) == (W257.id, 5, "MailRule")
    assert finding.message == (
        "View rule_search() returns MailRule rows listed without relating them to "
        "request.user: every user's rows that match are sent."
    )
    assert "owner=request.user" in finding.hint
    assert "get_objects_for_user" in finding.hint


LISTING = """\
    from rest_framework.response import Response
    from .models import MailRule, Tag

    {decorator}
    def search(request):
        query = request.GET["q"]
        {gate}
        rules = MailRule.objects.filter(name__icontains=query){narrowing}
        return Response({{"rules": list(rules.values("name"))}})
"""


def listing(decorator: str = "", gate: str = "pass", narrowing: str = "") -> str:
    return LISTING.format(decorator=decorator, gate=gate, narrowing=narrowing)


@pytest.mark.parametrize(
    ("decorator", "gate", "narrowing"),
    [
        ("@staff_member_required", "pass", ""),
        ("@permission_required('mail.view_all_rules')", "pass", ""),
        ("", "if not request.user.is_superuser: raise PermissionDenied", ""),
        (
            "",
            "if not request.user.has_perm('mail.audit'): return HttpResponseForbidden()",
            "",
        ),
        ("", "if not all_permitted(query): return HttpResponseForbidden()", ""),
        ("", "pass", ".filter(owner=request.user)"),
        ("", "pass", ".filter(account__team__in=request.user.teams.all())"),
        ("", "pass", "\n        rules = rules.filter(owner=request.user)"),
        (
            "",
            "pass",
            "\n        rules = get_objects_for_user(request.user, 'view_rule', rules)",
        ),
    ],
    ids=[
        "staff_decorator",
        "permission_decorator",
        "superuser_denial",
        "permission_denial",
        "denial_on_a_computed_condition",
        "owner_filter",
        "filter_through_the_user",
        "narrowed_later",
        "permission_helper",
    ],
)
def test_a_gate_or_a_relation_to_the_user_silences_it(decorator, gate, narrowing):
    assert w257(listing()) == [(8, "MailRule")]
    assert w257(listing(decorator, gate, narrowing)) == []


def test_a_login_alone_is_no_gate():
    source = listing(
        "@login_required", "if not request.user.is_authenticated: return redirect('/')"
    )
    assert w257(source) == [(8, "MailRule")]


VIEW_CLASS = """\
    from rest_framework.response import Response
    from rest_framework.views import APIView
    from .models import MailRule

    class RuleSearch(APIView):
        {permissions}

        def get(self, request):
            rules = MailRule.objects.filter(name__icontains=request.GET["q"])
            return Response({{"rules": list(rules.values("name"))}})
"""


@pytest.mark.parametrize(
    ("permissions", "reported"),
    [
        ("permission_classes = []", True),
        ("permission_classes = (permissions.IsAuthenticated,)", True),
        ("permission_classes = [IsAuthenticated, IsMailAdmin]", False),
        ("permission_classes = [IsAdminUser]", False),
        ("def get_permissions(self): return [IsMailAdmin()]", False),
    ],
    ids=["none", "login", "own_class", "admin", "get_permissions"],
)
def test_permission_classes_beyond_a_login_gate_the_view(permissions, reported):
    found = w257(VIEW_CLASS.format(permissions=permissions))
    assert found == ([(9, "MailRule")] if reported else [])


MODEL_PERMISSION = """\
    from rest_framework.response import Response
    from .models import MailRule, Tag

    def search(request):
        query = request.GET["q"]
        {sibling}
        rules = (
            MailRule.objects.filter(name__icontains=query)
            if request.user.has_perm("mail.view_mailrule")
            else []
        )
        return Response({{"rules": list(rules), "tags": list(tags)}})
"""


def test_a_model_permission_is_a_gate_unless_the_view_scopes_other_rows():
    alone = MODEL_PERMISSION.format(sibling="tags = []")
    scoped = MODEL_PERMISSION.format(
        sibling="tags = Tag.objects.filter(owner=request.user, name__icontains=query)"
    )
    assert w257(alone) == []
    assert w257(scoped) == [(8, "MailRule")]


def test_a_choice_between_every_row_and_the_users_own_is_a_gate():
    source = MODEL_PERMISSION.format(
        sibling="tags = Tag.objects.filter(owner=request.user)"
    ).replace("else []", "else MailRule.objects.filter(owner=request.user)")
    assert w257(source) == []


@pytest.mark.parametrize(
    "body",
    [
        'return JsonResponse({"n": Note.objects.filter(done=True).count()})',
        'notes = Note.objects.all()\nreturn get_object_or_404(notes, pk=request.GET["pk"])',
        "Note.objects.filter(stale=True).delete()\nreturn JsonResponse({})",
        "doc = get_object_or_404(Document, pk=pk, owner=request.user)\n"
        'return render(request, "d.html", {"notes": Note.objects.filter(document=doc)})',
        'return render(request, "n.html", {"notes": Note.objects.filter(board=self.board)})',
        'return render(request, "n.html", {"notes": Note.objects.filter(board=pk)})',
        'return render(request, "n.html", {"notes": Note.objects.filter(board=pk.board)})',
    ],
    ids=[
        "count",
        "one_row",
        "not_sent",
        "rows_of_a_fetched_object",
        "view_attribute",
        "parent_named_by_the_url",
        "attribute_of_a_url_kwarg",
    ],
)
def test_rows_not_sent_or_reached_through_an_object_are_not_judged(body):
    source = "def notes(request, pk=None):\n" + textwrap.indent(body, "    ") + "\n"
    assert w257(source) == []


def test_public_rows_and_rows_behind_a_secret_are_not_judged():
    source = listing()
    public = source.replace(
        "name__icontains=query", "is_public=True, name__icontains=query"
    )
    secret = source.replace("name__icontains=query", "share_token=query")
    assert w257(public) == w257(secret) == []


def test_a_listing_that_never_reaches_the_response_is_not_reported():
    source = """\
        def refresh(request):
            for note in Note.objects.filter(stale=True):
                note.refresh()
            return JsonResponse({"ok": True})
    """
    assert w257(source) == []


def test_test_code_and_non_views_are_not_audited():
    source = listing()
    assert (
        w257(source.replace("def search(request)", "def search(query_request)")) == []
    )
    findings = scan_python("app/tests/test_views.py", textwrap.dedent(source))
    assert [f for f in findings if f.id == W257.id] == []


@pytest.mark.parametrize(
    ("subject", "owned", "attributed", "kept"),
    [
        ("MailRule", True, False, True),
        ("Question", True, True, False),  # only a created_by: often a public catalogue
        ("Milestone", False, False, False),
        ("Order", None, False, False),  # no such model known
        (None, None, False, False),
    ],
)
def test_drop_unowned_listings(subject, owned, attributed, kept):
    finding = W257.at("views.py", 3, subject=subject, function="f", model="M")
    other = replace(W257.at("x.py", 1, function="f", model="M"), id=W250.id)
    judged = drop_unowned_listings(
        [finding, other], lambda name: owned, lambda name: attributed
    )
    assert judged == ([finding, other] if kept else [other])


MODELS = """\
    from django.conf import settings
    from django.db import models

    class Team(models.Model):
        members = models.ManyToManyField(settings.AUTH_USER_MODEL)

    class Document(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Milestone(models.Model):
        team = models.ForeignKey(Team, on_delete=models.CASCADE)

    class Label(models.Model):
        created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
"""


def test_check_and_scan_judge_the_models_alike(scanned, tmp_path):
    with scanned("listed_rows_models.py"):
        checked = sorted(
            int(m.obj.rpartition(":")[2])
            for m in check_authorization_code()
            if m.id == W257.id
        )
    tree = tmp_path / "site"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "views.py").write_bytes(
        (FIXTURES / "listed_rows_models.py").read_bytes()
    )
    (tree / "app" / "models.py").write_text(textwrap.dedent(MODELS), encoding="utf-8")
    scanned_tree = scan_tree(tree, use_cache=False)
    standalone = sorted(r.line or 0 for r in scanned_tree.records if r.id == W257.id)
    # Label is only attributed in the tree (created_by), so the scan drops it as check does
    # the test app's Label, which has no owner at all.
    assert checked == standalone == KEPT_LINES


def test_only_functions_whose_lines_name_a_manager_are_walked(monkeypatch):
    from django_chained.scan.python import listed_rows

    read = functions_read_by(monkeypatch, listed_rows)
    source = textwrap.dedent("""\
        def notes(request):
            return render(request, "notes.html", {"notes": Note.objects.all()})

        def about(request):
            return render(request, "about.html", {"version": VERSION})
    """)
    scan_python("notes/views.py", source)
    assert read == ["notes"]
