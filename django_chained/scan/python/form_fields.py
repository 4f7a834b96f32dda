"""W253: a ModelForm or ModelSerializer that lets the client set privileged fields (mass assignment).

A form decides which model fields a POST may write. ``fields = "__all__"`` and ``exclude`` leave
every other field writable, ``is_staff`` and ``user_permissions`` included; an explicit list that
names one is reported only on a form a user fills in for themself (sign-up, profile, account):
elsewhere, in all the real code we read, it was an administrator's user-management form.
When the model is defined in another file, the finding names it (``subject``) and is kept only
once the models say it has privileged fields the form leaves writable (``drop_unprivileged_forms``).
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable, Iterable, Set

from django_chained.scan.findings import Finding
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.privileges import (
    GROUPS,
    PERMISSIONS_MIXIN_FIELDS,
    USER_FIELDS,
    privileged_among,
)
from django_chained.scan.python.roles import base_names, is_test_code
from django_chained.scan.python.syntax import call_name, literal_item
from django_chained.scan.python.user_model import (
    imported_user_model_names,
    is_get_user_model,
)
from django_chained.scan.rule import Rule

W253 = Rule(
    id="django_chained.W253",
    message="{kind} {form} lets the client set {fields} of {model}.",
    hint="List only the fields the user may set in Meta.fields, and make privileged ones read-only (read_only_fields, read_only=True, or a disabled form field).",
)

_FORM_BASE = re.compile(r"(?:ModelForm|ModelSerializer)$")
#: Django's admin form for users: its ``Meta`` is ``"__all__"`` by design, behind the admin's permissions.
_ADMIN_FORMS = frozenset({"UserChangeForm", "AdminPasswordChangeForm"})
#: Forms a user fills in for themself: an explicit list naming a privilege there is a grant to anyone.
_SELF_SERVICE = re.compile(
    r"Sign_?[uU]p|Regist|Profile|Account|Preference|^Me[A-Z]|Self|^Own[A-Z]"
)
_READ_ONLY_VALUES = frozenset({"SerializerMethodField", "ReadOnlyField", "HiddenField"})
_EVERY_FIELD = "every field, privileged ones included,"
_LEFT_OUT = " -"


def listed_strings(node: ast.expr | None) -> list[str] | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


def class_assignments(body: Iterable[ast.stmt]) -> dict[str, ast.expr]:
    found: dict[str, ast.expr] = {}
    for stmt in body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = stmt.value
        elif (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and stmt.value is not None
        ):
            found[stmt.target.id] = stmt.value
    return found


def _keyword_true(call: ast.Call, *names: str) -> bool:
    return any(
        k.arg in names and isinstance(k.value, ast.Constant) and k.value.value is True
        for k in call.keywords
    )


def _fields_item(node: ast.expr) -> str | None:
    """``"x"`` of ``self.fields["x"]``."""
    return literal_item(node, "fields")


def read_only_fields(cls: ast.ClassDef, meta: dict[str, ast.expr]) -> set[str]:
    """Fields the form will not write: read-only, disabled, removed, whatever their place in ``Meta``."""
    names = set(listed_strings(meta.get("read_only_fields")) or ())
    extra = meta.get("extra_kwargs")
    if isinstance(extra, ast.DictComp):  # {k: {"read_only": True} for k in fields}
        names.add("*")
    elif isinstance(extra, ast.Dict):
        for key, value in zip(extra.keys, extra.values, strict=True):
            if (
                isinstance(key, ast.Constant)
                and isinstance(value, ast.Dict)
                and any(
                    isinstance(k, ast.Constant)
                    and k.value == "read_only"
                    and isinstance(v, ast.Constant)
                    and v.value is True
                    for k, v in zip(value.keys, value.values, strict=True)
                )
            ):
                names.add(str(key.value))
    for name, value in class_assignments(cls.body).items():
        if isinstance(value, ast.Call) and (
            _keyword_true(value, "read_only", "disabled")
            or call_name(value) in _READ_ONLY_VALUES
        ):
            names.add(name)
    for node in every_node(cls):
        if isinstance(node, ast.Assign):  # self.fields["x"].disabled = True
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in (
                    "disabled",
                    "read_only",
                ):
                    item = _fields_item(target.value)
                    if item is not None:
                        names.add(item)
        elif isinstance(node, ast.Delete):  # del self.fields["x"]
            names.update(filter(None, map(_fields_item, node.targets)))
        elif (
            isinstance(node, ast.Call)
            and call_name(node) == "pop"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "fields"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def _class_privileges(cls: ast.ClassDef) -> frozenset[str]:
    fields = set(class_assignments(cls.body))
    bases = set(base_names(cls))
    if "AbstractUser" in bases:
        fields |= USER_FIELDS
    if "PermissionsMixin" in bases:
        fields |= PERMISSIONS_MIXIN_FIELDS
    return privileged_among(fields)


def model_privileges(
    model: ast.expr, ctx: FileContext
) -> tuple[str, frozenset[str] | None]:
    """The model's name and, when this file shows its fields, its privileged ones."""
    if is_get_user_model(model):
        return "the user model", USER_FIELDS
    name = model.id if isinstance(model, ast.Name) else None
    if isinstance(model, ast.Attribute):
        name = model.attr
    if name is None:
        return "its model", frozenset()  # self.model, a call: nothing to judge
    if isinstance(model, ast.Name) and name in imported_user_model_names(ctx):
        return name, USER_FIELDS
    for stmt in ctx.tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == name:
            return name, _class_privileges(stmt)
    return name, None


def _in_admin_module(path: str) -> bool:
    folder, file = os.path.split(path)
    return file == "admin.py" or os.path.basename(folder) == "admin"


def check_form(cls: ast.ClassDef, ctx: FileContext) -> None:
    bases = base_names(cls)
    kind = next((b for b in bases if _FORM_BASE.search(b)), None)
    if (
        kind is None
        or _ADMIN_FORMS.intersection(bases)
        or _in_admin_module(ctx.path)
        or is_test_code(ctx)
    ):
        return
    meta_class = next(
        (s for s in cls.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None
    )
    if meta_class is None:
        return
    meta = class_assignments(meta_class.body)
    model = meta.get("model")
    if model is None:
        return
    kind = "ModelSerializer" if kind.endswith("Serializer") else "ModelForm"
    name, privileged = model_privileges(model, ctx)
    read_only = read_only_fields(cls, meta)
    if "*" in read_only:
        return
    fields = meta.get("fields")
    listed = listed_strings(fields)
    if listed is not None:
        if not _SELF_SERVICE.search(cls.name):
            return
        granted = set(listed) & (privileged or privileged_among(listed))
        if GROUPS in listed and privileged and GROUPS in privileged:
            granted.add(GROUPS)
        _report(ctx, meta["fields"], kind, cls.name, name, granted - read_only)
        return
    everything = isinstance(fields, ast.Constant) and fields.value == "__all__"
    excluded = listed_strings(meta.get("exclude"))
    if not everything and (fields is not None or excluded is None):
        return
    left_out = read_only | set(excluded or ())
    where = fields if everything else meta["exclude"]
    assert where is not None
    if privileged is not None:
        _report(ctx, where, kind, cls.name, name, privileged - left_out)
        return
    subject = name + "".join(_LEFT_OUT + f for f in sorted(left_out))
    ctx.report(
        W253,
        where,
        subject=subject,
        kind=kind,
        form=cls.name,
        fields=_EVERY_FIELD,
        model=name,
    )


def _report(
    ctx: FileContext, node: ast.AST, kind: str, form: str, model: str, fields: Set[str]
) -> None:
    if fields:
        ctx.report(
            W253,
            node,
            kind=kind,
            form=form,
            fields=", ".join(sorted(fields)),
            model=model,
        )


def drop_unprivileged_forms(
    findings: Iterable[Finding], privileges_of: Callable[[str], frozenset[str] | None]
) -> list[Finding]:
    """The findings without W253s about a model of another file that leaves no privilege writable.

    ``privileges_of(class_name)`` gives the named model's privileged fields (``None``: no such
    model known, so nothing to report: the rule warns only on what it can show).
    """
    kept = []
    for finding in findings:
        if finding.id == W253.id and finding.subject is not None:
            model, *left_out = finding.subject.split(_LEFT_OUT)
            privileged = privileges_of(model)
            if not privileged or not privileged - set(left_out):
                continue
        kept.append(finding)
    return kept


HANDLERS = Handlers(classes=(check_form,), triggers=frozenset({"Meta"}))
