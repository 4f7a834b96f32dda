"""Whether a function view acts as the visitor its cookies name: what a forged cross-site request abuses.

A ``csrf_exempt`` webhook or API endpoint that reads neither ``request.user`` nor the session, and
carries no decorator that might log the visitor in, acts for no one a forged request could borrow:
it authenticates each call itself (an API key, a bearer token, a signature such as Stripe's
``construct_event``, a signed link). Read from the ``def`` alone, by ``django-chained scan`` from the
tree and inside Django from the view function's source, so both judge it the same way.
"""

from __future__ import annotations

import ast

from django_chained.scan.python.node_walk import every_node

#: Attributes of the request that carry, or are, the visitor's cookie-borne identity.
IDENTITY_ATTRIBUTES = frozenset({"user", "auser", "session", "COOKIES", "auth"})
#: Decorators that change how a view is cached, framed or reached, never who it acts for.
NEUTRAL_DECORATORS = frozenset(
    {"csrf_exempt", "require_POST", "require_GET", "require_safe", "require_http_methods", "login_not_required", "never_cache", "cache_control", "cache_page", "vary_on_headers", "gzip_page", "xframe_options_exempt", "xframe_options_deny", "xframe_options_sameorigin", "sensitive_post_parameters", "sensitive_variables", "condition", "etag", "last_modified", "atomic", "non_atomic_requests"}
)  # fmt: skip
#: Calls handed the request only to render a response.
_RENDERERS = frozenset({"render", "render_to_response", "TemplateResponse"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def uses_cookie_identity(function: FunctionNode) -> bool:
    """Whether the function view may act for the visitor its cookies name.

    False only when every decorator is neutral, the request parameter is read only for other
    attributes (``request.body``, ``request.headers``, ``request.GET``) and handed to nothing but
    a renderer: a helper given the whole request may read its user.
    """
    if any(_name(d) not in NEUTRAL_DECORATORS for d in function.decorator_list):
        return True
    arguments = function.args.posonlyargs + function.args.args
    if not arguments:
        return True
    request = arguments[0].arg
    # One walk: each use of the request is a name; the harmless ones are counted at their parent.
    # A parent comes before its children, breadth first, so once more uses than harmless ones have
    # been seen, one use has no harmless parent: the answer cannot change.
    uses = harmless = 0
    for node in every_node(function):
        if isinstance(node, ast.Name):
            uses += node.id == request
            if uses > harmless:
                return True
        elif isinstance(node, ast.Attribute):
            harmless += (
                _is(node.value, request)
                and isinstance(node.ctx, ast.Load)
                and node.attr not in IDENTITY_ATTRIBUTES
            )
        elif isinstance(node, ast.Call) and _name(node) in _RENDERERS:
            harmless += sum(_is(argument, request) for argument in node.args)
    return uses > harmless


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
