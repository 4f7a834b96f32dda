"""``OwnerQuerysetMixin``: class-based views that only ever see the requesting user's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.contrib.auth.mixins import AccessMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from django_chained.ownership import (
    add_owner_after_save,
    assign_owner_before_save,
    scope_queryset,
)

if TYPE_CHECKING:
    from django.forms import BaseForm, BaseModelForm


_ASYNC_VIEWS: dict[type, bool] = {}


def _is_async_view(view_class: type) -> bool:
    # View.view_is_async inspects every handler on each access; dispatch() needs it per request.
    if view_class not in _ASYNC_VIEWS:
        _ASYNC_VIEWS[view_class] = bool(getattr(view_class, "view_is_async", False))
    return _ASYNC_VIEWS[view_class]


class OwnerQuerysetMixin(AccessMixin):
    """Scope ``get_queryset()`` to the logged-in user; anonymous users go to login, other users' objects 404.

    Put it first in the bases, before ``ListView``/``DetailView``/``UpdateView``/``DeleteView``/``CreateView``.
    """

    #: Lookup path from the view's model to the user model: ``"owner"``, ``"project__members"``.
    owner_field: str = "owner"
    #: Let superusers see every row. Off by default: the scope applies to everyone.
    superuser_bypass: bool = False

    request: HttpRequest

    def get_owner_field(self) -> str:
        """The lookup path used to scope the queryset (override to choose it per request)."""
        return self.owner_field

    def get_owner(self) -> Any:
        """The user the queryset is scoped to: the requesting user, as resolved by ``dispatch()``."""
        return getattr(self, "_chained_owner", None) or self.request.user

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if _is_async_view(type(self)):
            return self._async_dispatch(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self._chained_owner = request.user
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    async def _async_dispatch(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        # request.user would load the user synchronously; async views must use auser().
        user = await request.auser()
        if not user.is_authenticated:
            # handle_no_permission() reads request.user: let it do so off the event loop.
            denied: HttpResponseBase = await sync_to_async(self.handle_no_permission)()
            return denied
        self._chained_owner = user
        response: HttpResponseBase = await super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        return scope_queryset(
            queryset,
            self.get_owner(),
            self.get_owner_field(),
            superuser_bypass=self.superuser_bypass,
        )

    def form_valid(self, form: BaseModelForm[Any] | BaseForm) -> HttpResponse:
        """On create, make the requesting user the owner (a direct foreign key before saving, a direct many-to-many after)."""
        # DeleteView's form is a plain Form without an instance.
        instance = getattr(form, "instance", None)
        created = (
            instance if isinstance(instance, Model) and instance._state.adding else None
        )
        if created is not None:
            assign_owner_before_save(created, self.get_owner(), self.get_owner_field())
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        if created is not None:
            add_owner_after_save(created, self.get_owner(), self.get_owner_field())
        return response
