"""W255: a REST framework relation field that lets the client pick any row of a model users own.

``PrimaryKeyRelatedField(queryset=Document.objects.all())`` accepts the key of every document in
the database: a client sends another user's key and the serializer hands that row to ``save()``
(a share link to someone else's document, a rule run on their file).  The field is quiet when the
serializer narrows it later: a method assigns its ``.queryset`` (``__init__``, ``get_fields``),
calls ``limit_serializer_choices``, or a ``validate_<field>()``/``validate()`` looks at the user or
a permission.  Whether the model belongs to users is decided afterwards from the models
(``drop_unowned_relations``), as for W250.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable

from django_chained.scan.findings import Finding
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.roles import is_test_code
from django_chained.scan.python.syntax import MANAGERS, call_name
from django_chained.scan.rule import Rule

W255 = Rule(
    id="django_chained.W255",
    message="Serializer {serializer} lets the client pick any {model} for {field}: the field's queryset is every row, not the rows the user may use.",
    hint="Narrow the field to the requesting user's rows in __init__() or get_fields() (self.fields[name].queryset = Model.objects.filter(owner=request.user)), check the row in validate_<field>(), or call django_chained.api_scoping.limit_serializer_choices (OwnerQuerysetMixin does it on REST framework views).",
)

_RELATED_FIELDS = frozenset(
    {
        "PrimaryKeyRelatedField",
        "SlugRelatedField",
        "HyperlinkedRelatedField",
        "ManyRelatedField",
    }
)
#: Queryset methods that keep every row: ``Model.objects.select_related("x").all()`` is still all.
_EVERY_ROW = frozenset(
    {
        "all",
        "select_related",
        "prefetch_related",
        "order_by",
        "only",
        "defer",
        "distinct",
    }
)
ALL_FIELDS = "*"
#: Words of a validator that looks at who asks or what they may do.
_CHECKS = re.compile(r"user|request|perm|owner|PermissionDenied", re.IGNORECASE)


def _every_row_of(queryset: ast.expr) -> str | None:
    """``Document`` for ``Document.objects.all()``, ``models.Document.objects``; ``None`` for a filtered queryset."""
    node = queryset
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _EVERY_ROW
    ):
        node = node.func.value
    if not (isinstance(node, ast.Attribute) and node.attr in MANAGERS):
        return None
    model = node.value
    name = model.attr if isinstance(model, ast.Attribute) else None
    if isinstance(model, ast.Name):
        name = model.id
    # Model classes are CapWords; ``self.model.objects`` names no class.
    return name if name and name[:1].isupper() else None


def _read_only(call: ast.Call) -> bool:
    return any(
        k.arg == "read_only"
        and isinstance(k.value, ast.Constant)
        and k.value.value is True
        for k in call.keywords
    )


def _methods(cls: ast.ClassDef) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [
        s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]


def _words(node: ast.AST) -> Iterable[str]:
    for child in every_node(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr
        elif isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child.value


def _checks_access(method: ast.AST) -> bool:
    return any(_CHECKS.search(word) for word in _words(method))


def _named(node: ast.AST) -> set[str]:
    return {
        c.value
        for c in every_node(node)
        if isinstance(c, ast.Constant) and isinstance(c.value, str)
    }


def _narrowed_queryset_fields(
    method: ast.FunctionDef | ast.AsyncFunctionDef,
) -> set[str]:
    """Fields whose ``.queryset`` the method assigns (``self.fields["doc"].queryset = …``);
    ``"*"`` when the field cannot be told (a loop over ``self.fields``)."""
    bound: dict[str, set[str]] = {}
    targets: list[ast.Attribute] = []
    for node in every_node(method):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, set()).update(_named(node.value))
                elif isinstance(target, ast.Attribute) and target.attr == "queryset":
                    targets.append(target)
    narrowed: set[str] = set()
    for target in targets:
        names = _named(target.value)
        if isinstance(target.value, ast.Name):
            names |= bound.get(target.value.id, set())
        narrowed |= names or {ALL_FIELDS}
    return narrowed


def narrowed_fields(cls: ast.ClassDef) -> set[str]:
    """The fields the serializer narrows after declaring them (``"*"``: all of them)."""
    narrowed: set[str] = set()
    for method in _methods(cls):
        narrowed |= _narrowed_queryset_fields(method)
        if any(
            isinstance(c, ast.Call) and call_name(c) == "limit_serializer_choices"
            for c in every_node(method)
        ):
            narrowed.add(ALL_FIELDS)
        if not _checks_access(method):
            continue
        if method.name.startswith("validate_"):
            narrowed.add(method.name.removeprefix("validate_"))
        elif method.name == "validate":
            narrowed |= set(_words(method))
    return narrowed


def check_serializer(cls: ast.ClassDef, ctx: FileContext) -> None:
    if is_test_code(ctx):
        return
    narrowed: set[str] | None = None
    for stmt in cls.body:
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            continue
        field = stmt.targets[0].id
        for call in every_node(stmt.value):
            if not (
                isinstance(call, ast.Call)
                and call_name(call) in _RELATED_FIELDS
                and not _read_only(call)
            ):
                continue
            queryset = next(
                (k.value for k in call.keywords if k.arg == "queryset"), None
            )
            model = _every_row_of(queryset) if queryset is not None else None
            if model is None or queryset is None:
                continue
            if narrowed is None:
                narrowed = narrowed_fields(cls)
            if field in narrowed or ALL_FIELDS in narrowed:
                continue
            ctx.report(
                W255,
                queryset,
                subject=model,
                serializer=cls.name,
                field=field,
                model=model,
            )


def drop_unowned_relations(
    findings: Iterable[Finding], is_owned: Callable[[str], bool | None]
) -> list[Finding]:
    """The findings without W255s whose model is not known to be owned by users.

    ``is_owned(class_name)`` answers for the related model (``None``: no such model known):
    only a model the models show to be owned keeps its finding.
    """
    return [
        finding
        for finding in findings
        if finding.id != W255.id
        or (finding.subject is not None and is_owned(finding.subject) is True)
    ]


HANDLERS = Handlers(classes=(check_serializer,), triggers=_RELATED_FIELDS)
