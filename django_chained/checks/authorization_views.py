"""What the 2xx audit needs to know about one routed view, found without calling it."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldError
from django.db.models import Model, QuerySet
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import BaseCreateView
from django.views.generic.list import MultipleObjectMixin

from django_chained.attribution import class_reads_only
from django_chained.checks.view_guard import (
    permission_answer,
    uses_object_permission_mixin,
)
from django_chained.conf import conf
from django_chained.decorators import EXEMPT_ATTRIBUTE
from django_chained.facts import views as facts
from django_chained.facts.api_views import (
    api_view_kind,
    is_api_view,
    scoped_by_api_settings,
)
from django_chained.facts.place import place_of
from django_chained.ownership import is_attributed_model, is_owned_model, owner_paths
from django_chained.urlwalk import Route

OUT_OF_SCOPE_MODULES = ("django.contrib.admin", "django.contrib.auth")
#: Where the frameworks' own ``get_queryset()``/``get_object()`` live: they do not scope anything.
FRAMEWORK_MODULES = ("django.", "rest_framework.")
LOGIN_REQUIRED_MIDDLEWARE = "django.contrib.auth.middleware.LoginRequiredMiddleware"
SINGLE, LIST = facts.SINGLE, facts.LIST


@cache
def owner_mixin() -> type:
    """``OwnerQuerysetMixin``, imported on first use: it needs ``django.contrib.auth`` installed."""
    from django_chained.mixins import OwnerQuerysetMixin

    return OwnerQuerysetMixin


@cache
def access_mixins() -> tuple[type, ...]:
    """The mixins that keep anonymous users out, imported on first use (they need ``django.contrib.auth``)."""
    from django.contrib.auth.mixins import (
        LoginRequiredMixin,
        PermissionRequiredMixin,
        UserPassesTestMixin,
    )

    return (LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin)


def is_out_of_scope(route: Route) -> bool:
    """Django admin and auth views: Django owns their authorization."""
    if route.namespace == "admin" or (route.namespace or "").startswith("admin:"):
        return True
    target = route.view_class or route.callback
    module = getattr(target, "__module__", None) or ""
    return module.startswith(OUT_OF_SCOPE_MODULES)


def exemption_reason(route: Route) -> str | None:
    """The reason recorded by ``@authorization_exempt`` or ``CHAINED_AUTHZ_EXEMPT_VIEWS``, if any."""
    from_setting = conf.CHAINED_AUTHZ_EXEMPT_VIEWS.get(route.dotted_path)
    if from_setting:
        return from_setting
    view_class = route.view_class
    # Read the class's own namespace: exempting a view must not silently exempt its subclasses.
    if view_class is not None and EXEMPT_ATTRIBUTE in vars(view_class):
        return str(vars(view_class)[EXEMPT_ATTRIBUTE])
    reason = getattr(route.callback, EXEMPT_ATTRIBUTE, None)
    return str(reason) if reason else None


@dataclass(frozen=True)
class ViewFacts:
    """The audit's reading of a class-based view."""

    kind: str | None
    model: type[Model] | None
    uses_owner_mixin: bool
    scopes_itself: bool
    login_required: bool | None
    accepts_post: bool
    unconfirmed_check: str | None = None


def view_kind(view_class: type) -> str | None:
    if is_api_view(view_class):
        return api_view_kind(
            klass.__name__
            for klass in view_class.__mro__
            if klass.__module__.startswith(FRAMEWORK_MODULES[1])
        )
    if issubclass(view_class, MultipleObjectMixin):
        return LIST
    if issubclass(view_class, SingleObjectMixin) and not issubclass(
        view_class, BaseCreateView
    ):
        return SINGLE
    return None


def view_model(view_class: type, initkwargs: dict[str, Any]) -> type[Model] | None:
    """The model from ``as_view(model=/queryset=)`` or the class's ``model``/``queryset``."""
    for name in ("queryset", "model"):
        value = initkwargs.get(name, getattr(view_class, name, None))
        if isinstance(value, QuerySet):
            return value.model
        if isinstance(value, type) and issubclass(value, Model):
            return value
    return None


def _defined_outside_django(view_class: type, method: str) -> bool:
    for klass in view_class.__mro__:
        if method in vars(klass):
            return not klass.__module__.startswith(FRAMEWORK_MODULES)
    return False


def _declared_by_project(view_class: type, attribute: str) -> list[Any]:
    """``attribute`` as the project's classes set it (REST framework's defaults and settings not included)."""
    for klass in view_class.__mro__:
        if klass.__module__.startswith(FRAMEWORK_MODULES):
            return []
        if attribute in vars(klass):
            value = vars(klass)[attribute]
            return list(value) if isinstance(value, (list, tuple)) else [value]
    return []


def _class_names(items: list[Any]) -> list[str]:
    """Names of permission or filter classes, through ``IsAuthenticated & IsOwner`` compositions."""
    names: list[str] = []
    for item in items:
        parts = [
            getattr(item, a) for a in ("op1_class", "op2_class") if hasattr(item, a)
        ]
        names += _class_names(parts) if parts else [getattr(item, "__name__", "")]
    return names


def owner_mixin_shadowed_by(view_class: type) -> str | None:
    """The Django view method that runs instead of ``OwnerQuerysetMixin``'s, when the mixin comes too late in the bases."""
    mixin = owner_mixin()
    if not issubclass(view_class, mixin):
        return None
    mro = view_class.__mro__
    # Django's generic views end the super() chain for these two; access mixins pass it on.
    for klass in mro[: mro.index(mixin)]:
        if klass.__module__.startswith("django.views."):
            for method in ("get_queryset", "dispatch"):
                if method in vars(klass):
                    return f"{klass.__module__}.{klass.__qualname__}.{method}"
    return None


#: Names whose use shows an override still scopes to the user (or hands over to the mixin's code).
_SCOPE_KEEPING_NAMES = frozenset({"super", "user", "get_owner", "get_queryset"})


def _names_used(function: Any) -> frozenset[str]:
    code = getattr(inspect.unwrap(function), "__code__", None)
    if code is None:
        return _SCOPE_KEEPING_NAMES  # not plain Python: cannot tell, assume it keeps the scope
    return frozenset(code.co_names) | frozenset(code.co_freevars)


def owner_scope_dropped_by(view_class: type) -> str | None:
    """The project's ``get_queryset``/``get_object`` override that replaces ``OwnerQuerysetMixin``'s scoping.

    An override before the mixin in the MRO that neither calls ``super()`` nor mentions the user
    returns rows the mixin never narrowed.
    """
    mixin = owner_mixin()
    if not issubclass(view_class, mixin):
        return None
    mro = view_class.__mro__
    for method in ("get_queryset", "get_object"):
        for klass in mro[: mro.index(mixin)]:
            function = vars(klass).get(method)
            if function is None or klass.__module__.startswith("django."):
                continue
            if not _names_used(function) & _SCOPE_KEEPING_NAMES:
                return f"{klass.__module__}.{klass.__qualname__}.{method}"
            break  # it hands over (or scopes itself): the rest of the chain is the mixin's
    return None


def _uses_object_permissions(view_class: type, kind: str | None) -> bool:
    if kind is not None and is_api_view(view_class):
        permissions = _class_names(
            _declared_by_project(view_class, "permission_classes")
        )
        filters = _class_names(_declared_by_project(view_class, "filter_backends"))
        return scoped_by_api_settings(kind, permissions, filters)
    if uses_object_permission_mixin(view_class):
        return True
    # test_func() can compare the fetched object's owner; it cannot narrow a list.
    return kind == SINGLE and issubclass(view_class, access_mixins()[2])


def _login_gated_function(function: Any) -> bool:
    # Django's user_passes_test (login_required, permission_required) and owner_required set
    # these on the wrapper, and functools.wraps/method_decorator carry them outwards.
    return hasattr(function, "redirect_field_name") and callable(function)


def login_required(route: Route) -> bool:
    """True when an anonymous request cannot reach the view's handlers."""
    if LOGIN_REQUIRED_MIDDLEWARE in settings.MIDDLEWARE and getattr(
        route.callback, "login_required", True
    ):
        return True
    if _login_gated_function(route.callback):
        return True
    view_class = route.view_class
    if view_class is None:
        return False
    if issubclass(view_class, (*access_mixins(), owner_mixin())):
        return True
    return _login_gated_function(getattr(view_class, "dispatch", None))


def accepts_post(view_class: type, initkwargs: dict[str, Any]) -> bool:
    names = initkwargs.get(
        "http_method_names", getattr(view_class, "http_method_names", ())
    )
    return "post" in names and callable(getattr(view_class, "post", None))


def read_view(route: Route) -> ViewFacts | None:
    """Facts about a class-based view, or ``None`` for a function view."""
    view_class = route.view_class
    if view_class is None:
        return None
    kind = view_kind(view_class)
    uses_mixin = issubclass(view_class, owner_mixin())
    checks_object, unconfirmed = (
        permission_answer(view_class) if kind == SINGLE else (False, None)
    )
    return ViewFacts(
        kind=kind,
        model=view_model(view_class, route.view_initkwargs),
        uses_owner_mixin=uses_mixin,
        scopes_itself=uses_mixin
        or _defined_outside_django(view_class, "get_queryset")
        or _defined_outside_django(view_class, "get_object")
        or _uses_object_permissions(view_class, kind)
        or checks_object,
        # REST framework decides access by permission classes and settings: not read here.
        login_required=None if is_api_view(view_class) else login_required(route),
        accepts_post=accepts_post(view_class, route.view_initkwargs),
        unconfirmed_check=unconfirmed,
    )


def _owner_path(model: type[Model] | None) -> str | None:
    if model is None or not is_owned_model(model):
        return None
    paths = owner_paths(model)
    return paths[0] if paths else "<owner>"  # listed in CHAINED_OWNER_MODELS


def object_view_facts(route: Route) -> facts.ObjectView | None:
    """The facts the 2xx judgement needs about a routed list or single-object view, else ``None``."""
    read = read_view(route)
    if read is None or read.kind is None:
        return None
    return facts.ObjectView(
        route=route.route,
        dotted=route.dotted_path,
        place=place_of(route.view_class),
        kind=read.kind,
        model=read.model._meta.label if read.model is not None else None,
        owner_path=_owner_path(read.model),
        scoped=read.scopes_itself,
        exemption=exemption_reason(route),
        login_required=read.login_required,
        accepts_post=read.accepts_post,
        unconfirmed_check=read.unconfirmed_check,
        attributed=read.model is not None and is_attributed_model(read.model),
        only_reads=route.view_class is not None and class_reads_only(route.view_class),
    )


def declared_owner_field(route: Route) -> str | None:
    """The ``owner_field`` an ``OwnerQuerysetMixin`` view will use, read without a request where possible."""
    view_class = route.view_class
    assert view_class is not None
    try:
        view = view_class(**route.view_initkwargs)
        return str(view.get_owner_field())
    except (
        Exception
    ):  # get_owner_field() may need self.request; fall back to the attribute
        value = route.view_initkwargs.get(
            "owner_field", getattr(view_class, "owner_field", None)
        )
        return value if isinstance(value, str) else None


def lookup_problem(queryset: QuerySet[Any], lookup: str) -> str | None:
    """Why ``queryset.get(**{lookup: key})`` would raise ``FieldError`` on every request, or ``None``.

    Resolved as the ORM resolves a filter, without running a query: an unknown field, or an unknown
    lookup or transform right after the last field (``title__bogus``).
    """
    query = queryset.query
    try:
        lookups, parts, annotation = query.solve_lookup_type(lookup)
        if annotation or not lookups:
            return None
        field = query.names_to_path(parts, query.get_meta(), fail_on_missing=True)[1]
    except FieldError as error:
        return str(error)
    name = lookups[0]
    if field.get_lookup(name) or field.get_transform(name):
        return None
    return f"{queryset.model._meta.label} has no lookup or transform {name!r} after {'__'.join(parts)!r}"
