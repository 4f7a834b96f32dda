"""Function-view decorators: ``owner_required`` (sync and async) and ``authorization_exempt``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Manager, Model, QuerySet
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import aget_object_or_404, get_object_or_404, resolve_url

from django_chained.ownership import scope_queryset

_V = TypeVar("_V", bound=Callable[..., Any])

#: Attribute ``authorization_exempt`` sets on a view function or class; the 2xx audit reads it.
EXEMPT_ATTRIBUTE = "chained_authorization_exempt"
#: Attribute ``owner_required`` sets on the wrapper; the 2xx audit validates it at check time.
REQUIREMENT_ATTRIBUTE = "chained_owner_requirement"


@dataclass(frozen=True)
class OwnerRequirement:
    """What ``owner_required`` fetches: which rows, scoped by which path, looked up by which URL kwarg."""

    source: type[Model] | QuerySet[Any] | Manager[Any]
    owner_field: str
    lookup: str
    url_kwarg: str
    superuser_bypass: bool

    @property
    def model(self) -> type[Model]:
        if isinstance(self.source, QuerySet | Manager):
            return self.source.model
        return self.source

    def unscoped(self) -> QuerySet[Any]:
        """A fresh copy of the rows the object is fetched from, before owner scoping."""
        if isinstance(self.source, QuerySet | Manager):
            return self.source.all()
        return self.source._default_manager.all()

    def queryset(self, user: Any) -> QuerySet[Any]:
        """A fresh scoped queryset per request (never a cached result)."""
        return scope_queryset(
            self.unscoped(),
            user,
            self.owner_field,
            superuser_bypass=self.superuser_bypass,
        )


def owner_required(
    model_or_queryset: type[Model] | QuerySet[Any] | Manager[Any],
    owner_field: str = "owner",
    lookup: str = "pk",
    url_kwarg: str | None = None,
    *,
    superuser_bypass: bool = False,
    login_url: str | None = None,
    redirect_field_name: str = REDIRECT_FIELD_NAME,
) -> Callable[[_V], _V]:
    """Fetch the object named by the URL, only among the user's own, and pass it to the view.

    The view is called as ``view(request, obj, *args, **kwargs)`` without ``url_kwarg``.
    Anonymous users are redirected to login; another user's object is a 404.
    """
    requirement = OwnerRequirement(
        source=model_or_queryset,
        owner_field=owner_field,
        lookup=lookup,
        url_kwarg=url_kwarg or lookup,
        superuser_bypass=superuser_bypass,
    )

    def to_login(request: HttpRequest) -> HttpResponseRedirect:
        return _redirect_to_login(request, login_url, redirect_field_name)

    def decorator(view: _V) -> _V:
        wrapper: Callable[..., Any]
        if iscoroutinefunction(view):

            @wraps(view)
            async def async_wrapper(
                request: HttpRequest, *args: Any, **kwargs: Any
            ) -> HttpResponseBase:
                user = await request.auser()
                if not user.is_authenticated:
                    return to_login(request)
                key = kwargs.pop(requirement.url_kwarg)
                obj = await aget_object_or_404(
                    requirement.queryset(user), **{requirement.lookup: key}
                )
                return await view(request, obj, *args, **kwargs)  # type: ignore[no-any-return]

            wrapper = async_wrapper
        else:

            @wraps(view)
            def sync_wrapper(
                request: HttpRequest, *args: Any, **kwargs: Any
            ) -> HttpResponseBase:
                if not request.user.is_authenticated:
                    return to_login(request)
                key = kwargs.pop(requirement.url_kwarg)
                obj = get_object_or_404(
                    requirement.queryset(request.user), **{requirement.lookup: key}
                )
                return view(request, obj, *args, **kwargs)  # type: ignore[no-any-return]

            wrapper = sync_wrapper
        setattr(wrapper, REQUIREMENT_ATTRIBUTE, requirement)
        # The attributes Django's LoginRequiredMiddleware reads from login-gated views.
        setattr(wrapper, "login_url", login_url)  # noqa: B010
        setattr(wrapper, "redirect_field_name", redirect_field_name)  # noqa: B010
        return wrapper  # type: ignore[return-value]

    return decorator


def _redirect_to_login(
    request: HttpRequest, login_url: str | None, redirect_field_name: str
) -> HttpResponseRedirect:
    resolved = str(resolve_url(login_url or settings.LOGIN_URL))
    next_url = request.build_absolute_uri()
    login_scheme, login_host = urlsplit(resolved)[:2]
    here_scheme, here_host = urlsplit(next_url)[:2]
    # A login page on this same site gets a relative "next", as Django's login_required does.
    if login_scheme in ("", here_scheme) and login_host in ("", here_host):
        next_url = request.get_full_path()
    # Imported here: django.contrib.auth.views needs the auth app, and the checks import this module.
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(next_url, resolved, redirect_field_name)


def authorization_exempt(reason: str) -> Callable[[_V], _V]:
    """Opt a view (function or class) out of the 2xx audit, recording why; the audit shows the reason as an Info."""
    if not reason.strip():
        raise ValueError("authorization_exempt() needs a non-empty reason")

    def decorator(view: _V) -> _V:
        setattr(view, EXEMPT_ATTRIBUTE, reason)
        return view

    return decorator
