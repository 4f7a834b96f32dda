"""I310: a model method hands out a link rendered from a template stored in one of its text fields.

Custom links, dashboards and notification rules let users store a template for a link's URL
(``link_url = models.TextField(help_text="Jinja2 template code")``) that a method renders with the
object as context. Whoever edits the row chooses the URL, ``javascript:alert(1)`` included, and
the caller puts it in an ``href``; escaping does not change a scheme. The scan cannot see who may
edit the row, nor where the link is shown, so it asks for a scheme allow list (an Info).
"""

from __future__ import annotations

import ast

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionNode
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.link_schemes import I310
from django_chained.scan.python.node_walk import every_node
from django_chained.scan.python.syntax import call_name

_TEXT_FIELDS = frozenset({"TextField", "CharField"})
#: Words of a name that holds a link's target.
_LINK_WORDS = frozenset({"link", "url", "href", "uri"})
_TEMPLATE_CLASSES = frozenset({"Template", "from_string"})
#: Calls and attributes that look at a URL's scheme.
_SCHEME_CHECKS = frozenset(
    {
        "urlparse",
        "urlsplit",
        "url_has_allowed_host_and_scheme",
        "URLValidator",
        "startswith",
    }
)


def _text_fields(cls: ast.ClassDef) -> frozenset[str]:
    """Fields the class declares as ``models.TextField()``/``CharField()``: text its users store."""
    fields: set[str] = set()
    for stmt in cls.body:
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Call)
            and call_name(stmt.value) in _TEXT_FIELDS
        ):
            fields.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return frozenset(fields)


def _own_field(node: ast.expr | None, fields: frozenset[str]) -> str | None:
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        and node.attr in fields
    ):
        return node.attr
    return None


def _first_argument(call: ast.Call) -> ast.expr | None:
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return call.keywords[0].value if call.keywords else None


def _rendered_field(value: ast.expr, fields: frozenset[str]) -> str | None:
    """The stored template ``value`` renders: ``render_x(self.f, …)``, ``Template(self.f).render(…)``."""
    if not isinstance(value, ast.Call):
        return None
    name = call_name(value) or ""
    if name == "render" and isinstance(value.func, ast.Attribute):
        template = value.func.value
        if isinstance(template, ast.Call) and call_name(template) in _TEMPLATE_CLASSES:
            return _own_field(_first_argument(template), fields)
        return None
    if "render" in name.lower():
        return _own_field(_first_argument(value), fields)
    return None


def _names_a_link(name: str) -> bool:
    return not _LINK_WORDS.isdisjoint(name.lower().split("_"))


def _returned(name: str, function: FunctionNode) -> bool:
    return any(
        isinstance(node, ast.Return)
        and node.value is not None
        and any(
            isinstance(n, ast.Name) and n.id == name for n in every_node(node.value)
        )
        for node in every_node(function)
    )


def _scheme_checked(name: str, function: FunctionNode) -> bool:
    """A look at the URL's scheme in ``function``: ``urlsplit(link).scheme``, ``link.startswith(…)``."""
    for node in every_node(function):
        if isinstance(node, ast.Attribute) and node.attr == "scheme":
            return True
        if (
            isinstance(node, ast.Call)
            and call_name(node) in _SCHEME_CHECKS
            and any(isinstance(n, ast.Name) and n.id == name for n in every_node(node))
        ):
            return True
    return False


def check_stored_template_links(cls: ast.ClassDef, ctx: FileContext) -> None:
    fields = _text_fields(cls)
    if not fields:
        return
    for method in cls.body:
        if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            _check_method(method, fields, ctx)


def _check_method(
    function: FunctionNode, fields: frozenset[str], ctx: FileContext
) -> None:
    for stmt in every_node(function):
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
            continue
        target = stmt.targets[0]
        if not isinstance(target, ast.Name) or not _names_a_link(target.id):
            continue
        field = _rendered_field(stmt.value, fields)
        if (
            field is not None
            and _returned(target.id, function)
            and not _scheme_checked(target.id, function)
        ):
            ctx.report(
                I310,
                stmt,
                what=f"A link ({target.id}) is rendered from the template stored in the row's {field} field and handed out",
                check="nothing looks at its URL scheme",
                confirm="only trusted users edit that template",
            )


# The class's field declarations bring it into the walk; its methods are read from there.
HANDLERS = Handlers(
    classes=(check_stored_template_links,),
    triggers=frozenset(_TEXT_FIELDS),
)
