"""W258: implicit ModelSerializer relation fields to owned rows, written by views that never check them."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from django.test import override_settings

from django_chained.checks.code_rules import check_authorization_code
from django_chained.scan.python.access import W250
from django_chained.scan.python.implicit_relations import (
    W258,
    drop_checked_relations,
    subject_of,
)
from django_chained.scan.python.walker import scan_python
from django_chained.sourcetree.standalone import scan_tree

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


def candidates(source: str) -> list[str | None]:
    findings = scan_python("app/serializers.py", textwrap.dedent(source))
    return [f.subject for f in findings if f.id == W258.id]


LINK = """\
    from rest_framework import serializers
    from .models import ShareLink

    class ShareLinkSerializer(serializers.ModelSerializer):
        {declared}
        class Meta:
            model = ShareLink
            fields = ("id", "owner", "document", "expiration")
            {meta}
"""


def link(declared: str = "pass", meta: str = "") -> str:
    return LINK.format(declared=declared, meta=meta)


def test_each_listed_field_the_serializer_builds_itself_is_a_candidate():
    assert candidates(link()) == [
        "ShareLinkSerializer:ShareLink.document",
        "ShareLinkSerializer:ShareLink.expiration",
    ]


@pytest.mark.parametrize(
    ("declared", "meta"),
    [
        ("document = serializers.PrimaryKeyRelatedField(read_only=True)", ""),
        ("document = DocumentField()", ""),
        ("pass", 'read_only_fields = ["document"]'),
        ("pass", 'extra_kwargs = {"document": {"read_only": True}}'),
        (
            "def validate_document(self, doc):\n"
            '            if doc.owner != self.context["request"].user: raise PermissionDenied\n'
            "            return doc",
            "",
        ),
    ],
    ids=["read_only", "declared", "read_only_fields", "extra_kwargs", "validated"],
)
def test_a_field_declared_read_only_or_checked_is_no_candidate(declared, meta):
    assert "ShareLinkSerializer:ShareLink.document" not in candidates(
        link(declared, meta)
    )
    assert "ShareLinkSerializer:ShareLink.expiration" in candidates(
        link(declared, meta)
    )


def test_every_field_read_only_or_the_user_model_gives_no_candidate():
    every = link(meta="extra_kwargs = {k: {'read_only': True} for k in fields}")
    users = (
        link()
        .replace("import ShareLink", "import User")
        .replace("model = ShareLink", "model = User")
    )
    assert candidates(every) == candidates(users) == []


@pytest.mark.parametrize(
    ("fields", "declared", "subject"),
    [
        ('fields = "__all__"', "pass", "ShareLinkSerializer:ShareLink.*-"),
        (
            'exclude = ["slug", "expiration"]',
            "pass",
            "ShareLinkSerializer:ShareLink.*-expiration,slug",
        ),
        (
            'fields = "__all__"\n            read_only_fields = ["tags"]',
            "document = DocumentField()",
            "ShareLinkSerializer:ShareLink.*-document,tags",
        ),
    ],
    ids=["all", "exclude", "declared_and_read_only"],
)
def test_every_model_field_is_one_candidate_naming_what_it_leaves_out(
    fields, declared, subject
):
    source = link(declared).replace(
        'fields = ("id", "owner", "document", "expiration")', fields
    )
    assert candidates(source) == [subject]


def test_all_fields_read_only_or_a_listed_exclude_beside_fields_gives_no_every_field():
    every_read_only = link(
        meta="extra_kwargs = {k: {'read_only': True} for k in ('document',)}"
    ).replace(
        'fields = ("id", "owner", "document", "expiration")', 'fields = "__all__"'
    )
    # REST framework refuses ``fields`` with ``exclude``; the listed fields are what is read.
    both = link(meta='exclude = ["document"]')
    assert candidates(every_read_only) == []
    assert candidates(both) == [
        "ShareLinkSerializer:ShareLink.document",
        "ShareLinkSerializer:ShareLink.expiration",
    ]


def test_test_code_is_not_audited():
    findings = scan_python("app/tests/test_api.py", textwrap.dedent(link()))
    assert [f for f in findings if f.id == W258.id] == []


def candidate(serializer: str, model: str, field: str, line: int = 4):
    return W258.at(
        "serializers.py",
        line,
        subject=subject_of(serializer, model, field),
        serializer=serializer,
        model=model,
        field=field,
    )


RELATIONS = {
    ("ShareLink", "owner"): "Owner",
    ("ShareLink", "document"): "Document",
    ("ShareLink", "tags"): "Tag",
}
OWNED = {"ShareLink": True, "Document": True, "Tag": True, "Setting": False}


USERS_ROWS = {"ShareLink"}


def judged(found, *, rows=USERS_ROWS, owned=OWNED, unchecked=lambda s, f, r: True):
    return drop_checked_relations(
        found,
        lambda model, field: RELATIONS.get((model, field)),
        lambda model: [field for (owner, field) in RELATIONS if owner == model],
        rows.__contains__,
        owned.get,
        unchecked,
    )


def test_standing_fields_of_a_serializer_make_one_finding():
    other = replace(
        W258.at("x.py", 1, serializer="S", model="M", field="f"), id=W250.id
    )
    found = [
        candidate("ShareLinkSerializer", "ShareLink", "document"),
        candidate("ShareLinkSerializer", "ShareLink", "expiration"),  # no relation
        candidate("ShareLinkSerializer", "ShareLink", "tags"),
        other,
    ]
    (kept_other, merged) = judged(found)
    assert kept_other is other
    assert (merged.id, merged.line, merged.subject) == (
        W258.id,
        4,
        "ShareLinkSerializer:ShareLink.document, tags",
    )
    assert merged.message.startswith(
        "Serializer ShareLinkSerializer lets the client pick any row for "
        "ShareLink.document, tags:"
    )


@pytest.mark.parametrize(
    ("field", "standing"),
    [
        ("*-", "document, tags"),  # ``owner`` is who owns the row: W254's question
        ("*-document,slug", "tags"),
        ("*-document,tags", None),
    ],
)
def test_every_field_stands_for_the_models_relations_it_does_not_leave_out(
    field, standing
):
    found = judged([candidate("ShareLinkSerializer", "ShareLink", field)])
    assert [f.subject for f in found] == (
        [f"ShareLinkSerializer:ShareLink.{standing}"] if standing else []
    )


def test_every_field_keeps_only_the_relations_written_unchecked():
    found = [candidate("ShareLinkSerializer", "ShareLink", "*-")]
    kept = judged(found, unchecked=lambda s, f, r: f != "tags")
    assert [f.subject for f in kept] == ["ShareLinkSerializer:ShareLink.document"]


@pytest.mark.parametrize(
    ("rows", "owned", "unchecked"),
    [
        (USERS_ROWS, {**OWNED, "Document": False}, lambda s, f, r: True),
        (set(), OWNED, lambda s, f, r: True),
        (USERS_ROWS, OWNED, lambda s, f, r: False),
    ],
    ids=["related_unowned", "not_a_users_row", "checked_by_the_view"],
)
def test_a_finding_stands_only_for_a_users_row_an_owned_target_and_no_check(
    rows, owned, unchecked
):
    found = [candidate("ShareLinkSerializer", "ShareLink", "document")]
    assert len(judged(found)) == 1
    assert judged(found, rows=rows, owned=owned, unchecked=unchecked) == []


MODELS = """\
    from django.conf import settings
    from django.db import models

    class ModelWithOwner(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

        class Meta:
            abstract = True

    class Document(ModelWithOwner):
        title = models.CharField(max_length=9)

    class Label(models.Model):
        name = models.CharField(max_length=9)

    class ShareLink(ModelWithOwner):
        document = models.ForeignKey(Document, on_delete=models.CASCADE)
        label = models.ForeignKey(Label, on_delete=models.CASCADE)

    class Rule(models.Model):
        assign_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        remove_document = models.ForeignKey(Document, on_delete=models.CASCADE)
"""
SERIALIZERS = """\
    from rest_framework import serializers
    from .models import Rule, ShareLink

    class ShareLinkSerializer(serializers.ModelSerializer):
        class Meta:
            model = ShareLink
            fields = ["id", "document", "label"]

    class RuleSerializer(serializers.ModelSerializer):
        class Meta:
            model = Rule
            fields = ["id", "assign_owner", "remove_document"]

    class EveryLinkSerializer(serializers.ModelSerializer):
        class Meta:
            model = ShareLink
            {every}
"""
VIEWS = """\
    from rest_framework import viewsets
    from .base import PassUserMixin, WritableBase
    from .models import Document, Rule, ShareLink
    from .serializers import EveryLinkSerializer, RuleSerializer, ShareLinkSerializer

    class RuleViewSet(viewsets.ModelViewSet):
        queryset = Rule.objects.all()
        serializer_class = RuleSerializer

    class ShareLinkViewSet({bases}):
        queryset = ShareLink.objects.all()
        serializer_class = ShareLinkSerializer
        {method}

    class EveryLinkViewSet(viewsets.ModelViewSet):
        queryset = ShareLink.objects.all()
        serializer_class = EveryLinkSerializer
"""
BASE = """\
    from rest_framework import mixins, viewsets

    class PassUserMixin(viewsets.GenericViewSet):
        def get_serializer(self, *args, **kwargs):
            kwargs.setdefault("user", self.request.user)
            return super().get_serializer(*args, **kwargs)

    class WritableBase(mixins.CreateModelMixin, PassUserMixin):
        pass
"""


API = """\
    from django.core.exceptions import PermissionDenied
    from django.http import JsonResponse
    from rest_framework.decorators import api_view
    from rest_framework.response import Response
    from .models import ShareLink
    from .serializers import ShareLinkSerializer

"""


def scanned_lines(
    tmp_path,
    bases: str,
    method: str = "pass",
    every: str = 'exclude = ["document"]',
    api: str = "",
) -> list[int]:
    app = tmp_path / "site" / "app"
    app.mkdir(parents=True)
    for name, text in {
        "models.py": MODELS,
        "serializers.py": SERIALIZERS.replace("{every}", every),
        "base.py": BASE,
        "views.py": VIEWS.format(bases=bases, method=method),
        "api.py": API + textwrap.indent(textwrap.dedent(api), "    "),
    }.items():
        (app / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (app / "__init__.py").write_text("", encoding="utf-8")
    result = scan_tree(tmp_path / "site", use_cache=False)
    return [r.line or 0 for r in result.records if r.id == W258.id]


@pytest.mark.parametrize(
    ("bases", "method", "kept"),
    [
        ("viewsets.ModelViewSet, PassUserMixin", "pass", True),
        ("WritableBase", "pass", True),  # through a base of the tree
        ("viewsets.ReadOnlyModelViewSet", "pass", False),
        (
            "viewsets.ModelViewSet",
            "def perform_create(self, serializer):\n"
            '            if not self.request.user.has_perm("view", serializer.validated_data["document"]):\n'
            "                raise PermissionDenied()\n"
            "            serializer.save()",
            False,
        ),
        (
            "viewsets.ModelViewSet",
            "@staticmethod\n        def get_owner_objects():\n"
            "            return [(Document, 'document')]",
            False,
        ),
    ],
    ids=["model_viewset", "tree_base", "read_only", "perform_create", "owner_objects"],
)
def test_the_scan_keeps_fields_only_an_unchecked_writer_uses(
    tmp_path, bases, method, kept
):
    # ``label`` relates to a model without owner, and a Rule, which only assigns owners, is no
    # user's row: neither is ever kept. The ShareLinkSerializer class statement is line 4.
    assert scanned_lines(tmp_path, bases, method) == ([4] if kept else [])


@pytest.mark.parametrize(
    ("every", "kept"),
    [
        ('fields = "__all__"', True),
        ('exclude = ["label"]', True),
        ('exclude = ["document"]', False),
        ('fields = "__all__"\n            read_only_fields = ["document"]', False),
    ],
    ids=["all", "exclude_other", "exclude_document", "read_only"],
)
def test_the_scan_reads_every_field_from_the_models_module(tmp_path, every, kept):
    # EveryLinkSerializer is line 14; ``label`` relates to a model without owner.
    lines = scanned_lines(tmp_path, "viewsets.ReadOnlyModelViewSet", every=every)
    assert lines == ([14] if kept else [])


@pytest.mark.parametrize(
    ("api", "kept"),
    [
        (
            """\
            @api_view(["POST"])
            def share(request):
                serializer = ShareLinkSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                serializer.save(owner=request.user)
                return Response(serializer.data, status=201)
            """,
            True,
        ),
        (
            """\
            def edit_link(request, pk):
                link = ShareLink.objects.get(pk=pk, owner=request.user)
                form = ShareLinkSerializer(link, data=request.POST, partial=True)
                if form.is_valid():
                    form.save()
                return JsonResponse(form.errors)
            """,
            True,
        ),
        (
            """\
            @api_view(["GET"])
            def links(request):
                rows = ShareLink.objects.filter(owner=request.user)
                for row in rows:
                    row.save(update_fields=["seen"])
                return Response(ShareLinkSerializer(rows, many=True).data)
            """,
            False,
        ),
        (
            """\
            @api_view(["POST"])
            def share_checked(request):
                serializer = ShareLinkSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                if serializer.validated_data["document"].owner != request.user:
                    raise PermissionDenied()
                serializer.save(owner=request.user)
                return Response(serializer.data, status=201)
            """,
            False,
        ),
        (
            """\
            def import_links(rows):
                serializer = ShareLinkSerializer(data=rows, many=True)
                serializer.is_valid(raise_exception=True)
                serializer.save()
            """,
            False,
        ),
    ],
    ids=["api_view", "plain_view", "only_reads", "checks_the_row", "not_a_view"],
)
def test_the_scan_counts_function_views_saving_request_data(tmp_path, api, kept):
    lines = scanned_lines(tmp_path, "viewsets.ReadOnlyModelViewSet", api=api)
    assert lines == ([4] if kept else [])


def test_function_views_writing_are_kept_in_the_facts_cache(tmp_path):
    api = """\
        @api_view(["POST"])
        def share(request):
            serializer = ShareLinkSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            return Response(serializer.save().pk)
        """
    scanned_lines(tmp_path, "viewsets.ReadOnlyModelViewSet", api=api)
    cache = tmp_path / "cache"
    cold = scan_tree(tmp_path / "site", cache_dir=cache).records
    warm = scan_tree(tmp_path / "site", cache_dir=cache).records
    assert [r.line for r in warm if r.id == W258.id] == [4]
    assert warm == cold


def test_check_judges_with_the_registry_and_the_routed_views(scanned):
    with (
        scanned("implicit_relations_models.py"),
        override_settings(ROOT_URLCONF="tests.urlconfs.serializer_writers"),
    ):
        messages = [m for m in check_authorization_code() if m.id == W258.id]
    assert [(m.obj.rpartition(":")[2], m.msg) for m in messages] == [
        (
            "9",
            "Serializer FiledDocumentSerializer lets the client pick any row for "
            "Document.project: the implicit relation field accepts every row, and the "
            "views writing through it never check the one chosen.",
        ),
        (  # ``fields = "__all__"``: every relation but ``owner``, W254's question
            "27",
            "Serializer EveryDocumentSerializer lets the client pick any row for "
            "Document.project: the implicit relation field accepts every row, and the "
            "views writing through it never check the one chosen.",
        ),
        (  # written by an ``@api_view`` function
            "33",
            "Serializer PostedDocumentSerializer lets the client pick any row for "
            "Document.project: the implicit relation field accepts every row, and the "
            "views writing through it never check the one chosen.",
        ),
    ]
