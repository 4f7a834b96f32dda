"""W253: forms and serializers that let the client set privileged fields, in one file and across files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from django_chained.checks.code_rules import check_authorization_code
from django_chained.privileges import installed_privileged_fields
from django_chained.scan.python.form_fields import W253, drop_unprivileged_forms
from django_chained.scan.python.privileges import USER_FIELDS, privileged_among
from django_chained.scan.python.walker import scan_python
from django_chained.sourcetree.file_facts import extract
from django_chained.sourcetree.privileged_models import privileged_model_judge
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree import parse_files

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"
#: Lines of privileged_models.py whose form leaves a privilege of the installed User writable.
KEPT_LINES = [12, 36]

PROFILE_FORM = """\
    from django import forms
    from django.contrib.auth.models import User

    class ProfileForm(forms.ModelForm):
        class Meta:
            model = User
            fields = "__all__"
"""


def w253(source: str, path: str = "app/forms.py") -> list[tuple[int, str | None]]:
    findings = scan_python(path, textwrap.dedent(source))
    return [(f.line, f.subject) for f in findings if f.id == W253.id]


def test_names_the_form_the_model_and_the_fields():
    (finding,) = scan_python("app/forms.py", textwrap.dedent(PROFILE_FORM))
    assert finding.id == "django_chained.W253"
    assert finding.line == 7
    assert finding.message == (
        "ModelForm ProfileForm lets the client set groups, is_staff, is_superuser, "
        "user_permissions of User."
    )
    assert "read-only" in finding.hint


@pytest.mark.parametrize("path", ["app/admin.py", "app/admin/users.py"])
def test_forms_of_admin_modules_are_not_audited(path):
    assert w253(PROFILE_FORM, path) == []
    assert w253(PROFILE_FORM, "app/forms.py") == [(7, None)]


def test_a_model_of_another_file_is_named_with_what_the_form_leaves_out():
    source = """\
        from rest_framework import serializers
        from .models import Member

        class MemberSerializer(serializers.ModelSerializer):
            class Meta:
                model = Member
                exclude = ("password",)
                read_only_fields = ["is_staff"]
    """
    assert w253(source) == [(7, "Member -is_staff -password")]


def test_a_field_list_that_is_not_literal_is_not_judged():
    source = """\
        from django import forms
        from django.contrib.auth.models import User

        class ProfileForm(forms.ModelForm):
            class Meta:
                model = User
                fields = BaseMeta.fields + ("is_staff",)
    """
    assert w253(source) == []


def _finding(subject: str | None):
    return W253.at("forms.py", 3, subject=subject, kind="ModelForm", form="F",
                   fields="every field", model="M")  # fmt: skip


@pytest.mark.parametrize(
    ("subject", "privileges", "kept"),
    [
        ("Member", frozenset({"is_staff"}), True),
        ("Member -password", frozenset({"is_staff"}), True),
        ("Member -is_staff", frozenset({"is_staff"}), False),
        ("Member", frozenset(), False),
        ("Member", None, False),  # no such model known: nothing shown to be wrong
        (None, None, True),  # judged in its own file already
    ],
)
def test_drop_unprivileged_forms(subject, privileges, kept):
    finding = _finding(subject)
    assert drop_unprivileged_forms([finding], lambda name: privileges) == (
        [finding] if kept else []
    )


def test_privileged_among_counts_groups_only_beside_another_privilege():
    assert privileged_among(["name", "groups"]) == frozenset()
    assert privileged_among(["is_admin", "groups", "role", "owner"]) == {
        "is_admin",
        "groups",
    }


def test_installed_models_privileges():
    assert installed_privileged_fields("User") == USER_FIELDS
    assert installed_privileged_fields("Group") == frozenset()
    assert installed_privileged_fields("NoSuchModel") is None


def test_tree_models_privileges_follow_bases_in_the_tree(tmp_path):
    models = tmp_path / "shop" / "models.py"
    models.parent.mkdir()
    models.write_text(
        textwrap.dedent("""\
            from django.contrib.auth.models import AbstractBaseUser, AbstractUser, PermissionsMixin
            from django.db import models

            class Member(AbstractUser):
                pass

            class Account(AbstractBaseUser, PermissionsMixin):
                email = models.EmailField()

            class Flagged(models.Model):
                is_admin = models.BooleanField()

            class Store(Flagged):
                name = models.CharField(max_length=9)

            class Order(models.Model):
                owner = models.ForeignKey("Member", on_delete=models.CASCADE)
        """),
        encoding="utf-8",
    )
    read = [extract(path, tree, "shop.models") for path, tree in parse_files([models])]
    judge = privileged_model_judge(read, None)
    assert judge("Member") == USER_FIELDS
    assert judge("Account") == frozenset({"is_superuser", "groups", "user_permissions"})
    assert judge("Store") == frozenset({"is_admin"})
    assert judge("Order") == frozenset()
    assert judge("User") == USER_FIELDS  # django.contrib.auth of startproject
    assert judge("Gadget") is None


def test_check_and_scan_judge_other_files_models_alike(scanned, tmp_path):
    with scanned("privileged_models.py"):
        checked = sorted(
            int(m.obj.rpartition(":")[2])
            for m in check_authorization_code()
            if m.id == W253.id
        )
    tree = tmp_path / "site"
    (tree / "app").mkdir(parents=True)
    (tree / "app" / "forms.py").write_bytes(
        (FIXTURES / "privileged_models.py").read_bytes()
    )
    scanned_tree = scan_tree(tree, use_cache=False)
    standalone = sorted(r.line or 0 for r in scanned_tree.records if r.id == W253.id)
    assert checked == standalone == KEPT_LINES
