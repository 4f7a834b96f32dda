"""W257: a view returns rows of a model users own, listed without any relation to the user.

``MailRule.objects.filter(name__icontains=request.GET["q"])`` serialised into the response hands
every user's mail rules to whoever searches: the criteria come from the client, none from who
asks.  The listing is quiet when its chain names the user or the request's tenant, passes through
a method of the project's own (``visible_to(user)``, ``restrict(user, "view")``), is narrowed by
the user later (``qs = qs.filter(owner=request.user)``, ``get_objects_for_user(user, …, qs)``),
when its criteria include an object the view holds (rows of a document it already fetched), or
when the view is for privileged users (a permission decorator or mixin, a permission class other
than a login, a test of ``is_staff``/``is_superuser``, a denial on a test of the user or on a
condition the view computes).

A ``has_perm()`` test that only decides whether the rows are listed at all is a model permission:
it says which kinds of rows the user may see, not whose.  It counts as a gate, unless the same
view narrows another listing to the user (the global search that scopes documents and tags but
forgets mail rules).  Whether the model belongs to users is decided afterwards from the models,
as for W255 (a relation of its own to the user, not an attribution field).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator

from django_chained.scan.findings import Finding
from django_chained.scan.python.access_scope import (
    attached_to_request,
    needs_secret_or_is_public,
)
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo
from django_chained.scan.python.handlers import Handlers
from django_chained.scan.python.listing_flow import carries, holders, returned
from django_chained.scan.python.listing_gates import (
    gated,
    narrows_to_user,
    user_aliases,
)
from django_chained.scan.python.node_walk import child_nodes, every_node
from django_chained.scan.python.roles import is_request_handler, is_test_code
from django_chained.scan.python.syntax import (
    IDENTIFYING_LOOKUP,
    MANAGERS,
    call_name,
    is_self,
    manager_in_chain,
)
from django_chained.scan.rule import Rule

W257 = Rule(
    id="django_chained.W257",
    message="View {function}() returns {model} rows listed without relating them to request.user: every user's rows that match are sent.",
    hint="Filter by the owner (owner=request.user), list through the user's permission-filtered queryset (get_objects_for_user, a visible_to(user)-style manager method, OwnerQuerysetMixin), or require a staff or permission check on the view.",
)

#: Queryset methods that keep a list of rows; any other method of the chain (``count``, ``get``,
#: ``visible_to``, ``restrict``) returns no list or narrows in a way this rule cannot read.
_LISTING = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "order_by",
        "select_related",
        "prefetch_related",
        "only",
        "defer",
        "distinct",
        "values",
        "values_list",
        "annotate",
        "reverse",
        "iterator",
    }
)
#: Models every member sees by design (W256 leaves user listings out for the same reason).
_DIRECTORY_MODELS = frozenset({"User", "Group", "Permission", "ContentType", "Site"})
#: ``filter(pk=…)`` and friends pick one row by a key: W250's question, not this rule's.


def _chain_calls(chain: ast.Call) -> Iterator[ast.Call]:
    """The calls of ``Model.objects.filter(…).order_by(…)``, outermost first."""
    node: ast.expr = chain
    while isinstance(node, (ast.Call, ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Call):
            yield node
            node = node.func
        else:
            node = node.value


def _listings(node: ast.AST) -> Iterator[ast.Call]:
    """Outermost queryset chains on a manager; a subquery inside another chain's criteria is not one."""
    if isinstance(node, ast.Call) and manager_in_chain(node.func) is not None:
        yield node
        return
    for child in child_nodes(node):
        yield from _listings(child)


def _model(chain: ast.Call, ctx: FileContext) -> str | None:
    manager = manager_in_chain(chain.func)
    if manager is None or manager.attr not in MANAGERS:
        return None
    owner = manager.value
    if isinstance(owner, ast.Name):
        name = ctx.imported_as.get(owner.id, owner.id)
    elif isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name):
        name = owner.attr
    else:
        return None
    return name if name[:1].isupper() and name not in _DIRECTORY_MODELS else None


def _subquery(chain: ast.Call) -> bool:
    """``X.objects.filter(speakers=OuterRef("pk"))``: rows of an outer query's ``Exists()``, never sent."""
    return any(
        isinstance(c, ast.Call) and call_name(c) == "OuterRef"
        for c in every_node(chain)
    )


def _only_listing_methods(chain: ast.Call) -> bool:
    return all(
        isinstance(call.func, ast.Attribute) and call.func.attr in _LISTING
        for call in _chain_calls(chain)
    )


def _criteria(chain: ast.Call) -> Iterator[tuple[str | None, ast.expr]]:
    for call in _chain_calls(chain):
        for argument in call.args:
            yield None, argument
        for keyword in call.keywords:
            yield keyword.arg, keyword.value


def _client_or_constant(
    node: ast.expr, function: FunctionInfo, sent: frozenset[str]
) -> bool:
    """Built only from constants, module names and what the client sent (``request.GET["q"]``,
    local names ``sent`` holding it); not from an object the view holds (``document``,
    ``self.object``), whose access was decided, nor from a URL kwarg, which rather names a parent
    row (``instance``, ``project_slug``)."""
    stack: list[ast.AST] = [node]
    callees = {id(c.func) for c in every_node(node) if isinstance(c, ast.Call)}
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Attribute) and function.carries(current, sent):
            continue  # request.GET, self.kwargs, a name holding what the client sent
        if isinstance(current, ast.Attribute) and function.is_request(current.value):
            return False  # request.user, request.space
        if isinstance(current, ast.Name):
            if id(current) in callees or current.id in sent:
                continue
            if current.id in function.assignments or current.id in _parameters(
                function
            ):
                return False
            continue  # a module constant, an imported class or function
        if isinstance(current, ast.Attribute) and is_self(current.value):
            return False
        stack.extend(child_nodes(current))
    return True


def _parameters(function: FunctionInfo) -> set[str]:
    args = function.node.args
    return {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}


def _picks_one_row(chain: ast.Call, function: FunctionInfo) -> bool:
    return any(
        name is not None
        and IDENTIFYING_LOOKUP.match(name)
        and function.picks_key(value)
        for name, value in _criteria(chain)
    )


def _narrowed_later(
    chain: ast.Call, held: frozenset[str], function: FunctionInfo
) -> bool:
    """A holder is rebound from the user or the request's tenant, or handed with the user to a call.

    The assignment of the listing itself does not count: its chain was judged, and a test around
    it (``… if user.has_perm(…) else []``) is a gate's question.
    """
    users = user_aliases(function)
    for name in held:
        for value in function.assignments.get(name, []):
            if not any(c is chain for c in every_node(value)) and _mentions_user(
                value, function, users
            ):
                return True
    for call in every_node(function.node):
        if isinstance(call, ast.Call):
            arguments = [*call.args, *(k.value for k in call.keywords)]
            if any(carries(a, held) for a in arguments) and any(
                _mentions_user(a, function, users) for a in arguments
            ):
                return True
    return False


def _mentions_user(
    node: ast.AST, function: FunctionInfo, users: frozenset[str]
) -> bool:
    for child in every_node(node):
        if isinstance(child, ast.Name) and child.id in users:
            return True
        if isinstance(child, ast.Attribute) and (
            (child.attr == "user" and function.is_request(child.value))
            or attached_to_request(child, function)
        ):
            return True
    return False


def check_listings(
    node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: FileContext
) -> None:
    if not ctx.mentions(node, *MANAGERS):
        return  # lists no rows through a manager
    function = ctx.function_info(node)
    if (
        function.request_name is None
        or not is_request_handler(function)
        or is_test_code(ctx)
    ):
        return
    users = user_aliases(function)
    sent = function.derived_names(frozenset())
    chains = [c for stmt in node.body for c in _listings(stmt)]
    sibling_scoped = any(
        narrows_to_user(c, function)
        for c in every_node(node)
        if isinstance(c, ast.Call)
    )
    for chain in chains:
        model = _model(chain, ctx)
        if (
            model is None
            or not _only_listing_methods(chain)
            or _subquery(chain)
            or any(
                needs_secret_or_is_public(call, None, function)
                for call in _chain_calls(chain)
            )
            or _picks_one_row(chain, function)
            or _mentions_user(chain, function, users)
            or not all(
                _client_or_constant(v, function, sent) for _, v in _criteria(chain)
            )
        ):
            continue
        held = holders(chain, function)
        if not returned(chain, held, function) or _narrowed_later(
            chain, held, function
        ):
            continue
        if gated(chain, function, sibling_scoped=sibling_scoped):
            continue
        ctx.report(W257, chain, subject=model, function=node.name, model=model)


def drop_unowned_listings(
    findings: Iterable[Finding],
    is_owned: Callable[[str], bool | None],
    is_attributed: Callable[[str], bool],
) -> list[Finding]:
    """The findings without W257s whose model is not known to have an owner of its own, or whose
    only paths to the user are attribution fields (``created_by``: catalogue rows many sites show)."""
    return [
        finding
        for finding in findings
        if finding.id != W257.id
        or (
            finding.subject is not None
            and is_owned(finding.subject) is True
            and not is_attributed(finding.subject)
        )
    ]


HANDLERS = Handlers(functions=(check_listings,), triggers=MANAGERS)
