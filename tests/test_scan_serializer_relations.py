"""W255: REST framework relation fields whose queryset is every row of a model users own."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from django_chained.checks.code_rules import check_authorization_code
from django_chained.scan.python.access import W250
from django_chained.scan.python.serializer_relations import (
    W255,
    drop_unowned_relations,
)
from django_chained.scan.python.walker import scan_python
from django_chained.sourcetree.file_facts import extract
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree import parse_files
from django_chained.sourcetree.twins import owned_model_judge

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"
#: The line of serializer_models.py whose model (Document) has an owner of its own.
KEPT_LINES = [9]

MODELS = """\
    from django.conf import settings
    from django.db import models

    class Project(models.Model):
        members = models.ManyToManyField(settings.AUTH_USER_MODEL)

    class Document(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Team(models.Model):
        members = models.ManyToManyField(settings.AUTH_USER_MODEL)

    class Milestone(models.Model):
        team = models.ForeignKey(Team, on_delete=models.CASCADE)

    class Label(models.Model):
        name = models.CharField(max_length=9)
"""


def w255(source: str) -> list[tuple[int, str | None]]:
    findings = scan_python("app/serializers.py", textwrap.dedent(source))
    return [(f.line, f.subject) for f in findings if f.id == W255.id]


def test_names_the_serializer_the_field_and_the_model():
    source = """\
        from rest_framework import serializers
        from .models import Document

        class ShareSerializer(serializers.Serializer):
            document = serializers.PrimaryKeyRelatedField(
                queryset=Document.objects.all(),
            )
    """
    (finding,) = scan_python("app/serializers.py", textwrap.dedent(source))
    assert (finding.id, finding.line, finding.subject) == (W255.id, 6, "Document")
    assert finding.message == (
        "Serializer ShareSerializer lets the client pick any Document for document: "
        "the field's queryset is every row, not the rows the user may use."
    )
    assert ".queryset = Model.objects.filter(owner=request.user)" in finding.hint
    assert "validate_<field>()" in finding.hint
    assert "limit_serializer_choices" in finding.hint


TWO_FIELDS = """\
    from rest_framework import serializers
    from .models import Document, Folder

    class MoveSerializer(serializers.Serializer):
        document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())
        folder = serializers.PrimaryKeyRelatedField(queryset=Folder.objects.all())
"""


@pytest.mark.parametrize(
    "method",
    [
        """\
        def validate_document(self, document):
            if document.owner != self.context["request"].user:
                raise serializers.ValidationError("Not yours.")
            return document
        """,
        """\
        def validate(self, attrs):
            if not attrs["document"].can_view(self.context["request"].user):
                raise PermissionDenied()
            return attrs
        """,
        """\
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["document"].queryset = Document.objects.filter(owner=self.user)
        """,
    ],
    ids=["validate_field", "validate", "init"],
)
def test_narrowing_one_field_leaves_the_other_reported(method):
    source = textwrap.dedent(TWO_FIELDS) + textwrap.indent(
        textwrap.dedent(method), "    "
    )
    assert w255(source) == [(6, "Folder")]
    assert w255(TWO_FIELDS) == [(5, "Document"), (6, "Folder")]


def test_a_validator_that_looks_at_nobody_narrows_nothing():
    source = textwrap.dedent(TWO_FIELDS) + textwrap.indent(
        textwrap.dedent("""\
            def validate_document(self, document):
                return document.pk
            def validate(self, attrs):
                attrs["document"] = attrs["document"].latest_version
                return attrs
        """),
        "    ",
    )
    assert w255(source) == [(5, "Document"), (6, "Folder")]


def test_a_queryset_assigned_to_an_unknown_field_narrows_every_field():
    source = textwrap.dedent(TWO_FIELDS) + textwrap.indent(
        textwrap.dedent("""\
            def get_fields(self):
                fields = super().get_fields()
                for field in fields.values():
                    field.queryset = field.queryset.filter(owner=self.user)
                return fields
        """),
        "    ",
    )
    assert w255(source) == []


def test_test_code_is_not_audited():
    findings = scan_python("app/tests/test_api.py", textwrap.dedent(TWO_FIELDS))
    assert [f for f in findings if f.id == W255.id] == []


@pytest.mark.parametrize(
    ("subject", "owned", "kept"),
    [
        ("Document", True, True),
        ("Milestone", False, False),
        ("Order", None, False),  # no such model known: nothing shown to be wrong
        (None, None, False),
    ],
)
def test_drop_unowned_relations(subject, owned, kept):
    finding = W255.at(
        "serializers.py", 3, subject=subject, serializer="S", field="f", model="M"
    )
    # Another rule's finding passes untouched, whatever its subject.
    other = replace(
        W255.at("x.py", 1, serializer="S", field="f", model="M"), id=W250.id
    )
    assert drop_unowned_relations([finding, other], lambda name: owned) == (
        [finding, other] if kept else [other]
    )


def test_tree_judge_of_direct_owners(tmp_path):
    models = tmp_path / "plan" / "models.py"
    models.parent.mkdir()
    models.write_text(textwrap.dedent(MODELS), encoding="utf-8")
    read = [extract(path, tree, "plan.models") for path, tree in parse_files([models])]
    direct = owned_model_judge(read, None, depth=1)
    anywhere = owned_model_judge(read, None)
    assert [direct(n) for n in ("Document", "Project", "Milestone", "Label")] == [
        True,
        True,
        False,
        False,
    ]
    assert anywhere("Milestone") is True
    assert direct("Order") is None


def test_check_and_scan_judge_the_models_alike(scanned, tmp_path):
    with scanned("serializer_models.py"):
        checked = sorted(
            int(m.obj.rpartition(":")[2])
            for m in check_authorization_code()
            if m.id == W255.id
        )
    tree = tmp_path / "site"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "serializers.py").write_bytes(
        (FIXTURES / "serializer_models.py").read_bytes()
    )
    (tree / "app" / "models.py").write_text(textwrap.dedent(MODELS), encoding="utf-8")
    scanned_tree = scan_tree(tree, use_cache=False)
    standalone = sorted(r.line or 0 for r in scanned_tree.records if r.id == W255.id)
    assert checked == standalone == KEPT_LINES
