"""Test helpers: request every object URL as another user and as nobody, and fail on each one that answers.

Use ``OwnerOnlyTestMixin`` in a Django ``TestCase`` or ``assert_owner_only()`` from pytest (with DB access).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from django_chained.checks.authorization_views import is_out_of_scope, view_model
from django_chained.decorators import REQUIREMENT_ATTRIBUTE
from django_chained.urlwalk import Route, walk

METHODS = ("get", "post", "put", "delete")
ANONYMOUS, OTHER_USER = "anonymous", "other user"


@dataclass(frozen=True)
class Leak:
    """A request that got through: the object should have been a 404, 403 or login redirect."""

    method: str
    url: str
    requested_as: str
    status: int

    def __str__(self) -> str:
        return (
            f"{self.method.upper()} {self.url} as {self.requested_as} -> {self.status}"
        )


@dataclass
class ProbeReport:
    """What ``probe_object_urls`` requested and what got through."""

    leaks: list[Leak] = field(default_factory=list)
    probed: list[str] = field(default_factory=list)
    unprobed: list[str] = field(default_factory=list)
    """Routes with an object key that no given object could fill, or whose URL could not be built."""

    def failure_message(self) -> str:
        lines = [f"{len(self.leaks)} request(s) reached another user's object:"]
        lines += [f"  {leak}" for leak in self.leaks]
        return "\n".join(lines)


def object_routes() -> list[Route]:
    """Every pattern of ``ROOT_URLCONF`` that takes a URL kwarg, minus Django's admin and auth views."""
    return [
        item
        for item in walk()
        if isinstance(item, Route) and item.url_kwargs and not is_out_of_scope(item)
    ]


def _route_model(route: Route) -> type[Model] | None:
    requirement = getattr(route.callback, REQUIREMENT_ATTRIBUTE, None)
    if requirement is not None:
        return requirement.model  # type: ignore[no-any-return]
    if route.view_class is not None:
        return view_model(route.view_class, route.view_initkwargs)
    return None


def _kwarg_value(obj: Model, name: str) -> Any:
    model_name = obj._meta.model_name
    if name in ("pk", "id", f"{model_name}_pk", f"{model_name}_id"):
        return obj.pk
    return getattr(obj, name, None)


def _build_url(route: Route, kwargs: dict[str, Any]) -> str | None:
    """Reverse a named route; otherwise substitute a ``path()`` route; ``None`` if neither resolves back."""
    url: str | None = None
    if route.name:
        name = f"{route.namespace}:{route.name}" if route.namespace else route.name
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            url = None
    if url is None:

        def value(match: re.Match[str]) -> str:
            return str(kwargs[match.group(1)])

        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route.route)
    try:
        match = resolve(url)
    except Resolver404:
        return None
    return url if match.func is route.callback else None


def _allowed_methods(route: Route, methods: Collection[str]) -> list[str]:
    view_class = route.view_class
    if view_class is None:  # a function view's methods are unknown: try them all
        return [m for m in METHODS if m in methods]
    allowed = route.view_initkwargs.get(
        "http_method_names", getattr(view_class, "http_method_names", ())
    )
    return [
        m
        for m in METHODS
        if m in methods and m in allowed and callable(getattr(view_class, m, None))
    ]


def _is_refusal(response: Any) -> bool:
    if 400 <= response.status_code < 500:
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        login = str(resolve_url(settings.LOGIN_URL))
        return str(response.get("Location", "")).startswith(login)
    return False


def _in_namespaces(route: Route, namespaces: Collection[str]) -> bool:
    current = route.namespace or ""
    return any(current == ns or current.startswith(f"{ns}:") for ns in namespaces)


def _request(client: Client, method: str, url: str) -> Any:
    # Roll back whatever the request changed: a leaking DELETE must not hide later leaks.
    # HTTPS, so a SECURE_SSL_REDIRECT site answers the view rather than a redirect.
    with transaction.atomic():
        response = getattr(client, method)(url, secure=True)
        transaction.set_rollback(True)
    return response


def probe_object_urls(
    objects: Iterable[Model],
    other_user: Any,
    *,
    namespaces: Collection[str] | None = None,
    exclude: Collection[str] = (),
    methods: Collection[str] = METHODS,
) -> ProbeReport:
    """Request each ``ROOT_URLCONF`` object URL of ``objects`` as ``other_user`` and anonymously; collect what got through.

    ``namespaces`` limits the probe to those URL namespaces (an app's own URLs: a function view's model is
    unknown, so it is probed with every object).
    ``exclude`` holds URL names (``"blog:post"``) or route patterns (``"blog/<int:pk>/"``) that are public on purpose.
    """
    objects = list(objects)
    anonymous = Client(raise_request_exception=False)
    other = Client(raise_request_exception=False)
    other.force_login(other_user)
    report = ProbeReport()
    for route in object_routes():
        full_name = f"{route.namespace}:{route.name}" if route.namespace else route.name
        if route.route in exclude or full_name in exclude:
            continue
        if namespaces is not None and not _in_namespaces(route, namespaces):
            continue
        model = _route_model(route)
        urls = []
        for obj in objects:
            if model is not None and not isinstance(obj, model):
                continue
            kwargs = {name: _kwarg_value(obj, name) for name in route.url_kwargs}
            if None not in kwargs.values():
                url = _build_url(route, kwargs)
                if url is not None:
                    urls.append(url)
        if not urls:
            report.unprobed.append(route.route)
        for url in urls:
            report.probed.append(url)
            for method in _allowed_methods(route, methods):
                for requested_as, client in (
                    (OTHER_USER, other),
                    (ANONYMOUS, anonymous),
                ):
                    response = _request(client, method, url)
                    if not _is_refusal(response):
                        report.leaks.append(
                            Leak(method, url, requested_as, response.status_code)
                        )
    return report


def assert_owner_only(
    objects: Iterable[Model], other_user: Any, **options: Any
) -> ProbeReport:
    """Fail listing every object URL that answered ``other_user`` or an anonymous client; return the report."""
    report = probe_object_urls(objects, other_user, **options)
    if report.leaks:
        raise AssertionError(report.failure_message())
    if not report.probed:  # a check that requested nothing would pass forever
        raise AssertionError(
            "No object URL could be built from the given objects; "
            f"routes with URL kwargs: {report.unprobed or 'none'}"
        )
    return report


class OwnerOnlyTestMixin:
    """``TestCase`` mixin: ``self.assert_owner_only(objects, other_user)`` with class-level defaults."""

    owner_only_namespaces: Collection[str] | None = None
    owner_only_exclude: Collection[str] = ()

    def assert_owner_only(
        self, objects: Iterable[Model], other_user: Any, **options: Any
    ) -> ProbeReport:
        options.setdefault("namespaces", self.owner_only_namespaces)
        options.setdefault("exclude", self.owner_only_exclude)
        return assert_owner_only(objects, other_user, **options)
