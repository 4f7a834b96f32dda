"""``OwnerQuerysetMixin``: class-based views that only ever see the requesting user's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.contrib.auth.mixins import AccessMixin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from django_chained.api_scoping import limit_serializer_choices, save_owned
from django_chained.facts.api_views import is_api_view
from django_chained.forms import limit_owner_choices, unowned_relation
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

    Forms of create and update views offer, and save, only relations to rows the user may use.

    Put it first in the bases, before ``ListView``/``DetailView``/``UpdateView``/``DeleteView``/``CreateView``,
    or before REST framework's generic views and viewsets: there an anonymous request gets REST
    framework's 401/403 answer, writable serializer relations offer only the user's rows, and a
    create sets the owner.
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
        if is_api_view(type(self)):
            # REST framework authenticates (tokens, sessions) after dispatch() starts; get_queryset() checks.
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
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

    def check_permissions(self, request: Any) -> None:
        """REST framework: after its own permission classes, refuse anonymous requests (401 or 403)."""
        super().check_permissions(request)  # type: ignore[misc]
        if not request.user.is_authenticated:
            self.permission_denied(request)  # type: ignore[attr-defined]

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        return scope_queryset(
            queryset,
            self.get_owner(),
            self.get_owner_field(),
            superuser_bypass=self.superuser_bypass,
        )

    def _bypasses_scope(self) -> bool:
        return self.superuser_bypass and bool(
            getattr(self.get_owner(), "is_superuser", False)
        )

    def get_form(self, form_class: type[Any] | None = None) -> Any:
        """The view's form, each relation offering only rows the user may use (see ``limit_owner_choices``)."""
        form = super().get_form(form_class)  # type: ignore[misc]
        if not self._bypasses_scope():
            limit_owner_choices(form, self.get_owner(), self.get_owner_field())
        return form

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        """REST framework: the view's serializer, each writable relation offering only rows the user may use."""
        serializer = super().get_serializer(*args, **kwargs)  # type: ignore[misc]
        if not self._bypasses_scope():
            limit_serializer_choices(
                serializer, self.get_owner(), self.get_owner_field()
            )
        return serializer

    def perform_create(self, serializer: Any) -> None:
        """REST framework: save the new row as the user's (see ``save_owned``)."""
        self._save_owned(serializer)

    def perform_update(self, serializer: Any) -> None:
        """REST framework: refuse an update that would move the row out of the user's rows."""
        self._save_owned(serializer)

    def _save_owned(self, serializer: Any) -> None:
        owner, lookup = self.get_owner(), self.get_owner_field()
        save_owned(serializer, owner, lookup, check=not self._bypasses_scope())

    def form_valid(self, form: BaseModelForm[Any] | BaseForm) -> HttpResponse:
        """Before saving (create or update), make the row the user's: set a direct foreign key owner, refuse a relation outside the user's rows.

        A direct many-to-many owner gets the user added after the row is created.
        """
        # DeleteView's form is a plain Form without an instance.
        instance = getattr(form, "instance", None)
        saved = instance if isinstance(instance, Model) else None
        created = saved if saved is not None and saved._state.adding else None
        if created is not None:
            assign_owner_before_save(created, self.get_owner(), self.get_owner_field())
        if saved is not None and not self._bypasses_scope():
            field = unowned_relation(saved, self.get_owner(), self.get_owner_field())
            if field is not None:
                return self._refuse_unowned(form, saved, field)
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        if created is not None:
            add_owner_after_save(created, self.get_owner(), self.get_owner_field())
        return response

    def _refuse_unowned(
        self, form: BaseModelForm[Any] | BaseForm, instance: Model, field: str
    ) -> HttpResponse:
        """A form error when the user chose the relation; a 404 when the view's own code set it (from the URL)."""
        if field in form.fields:
            related = instance._meta.get_field(field).related_model
            name = related._meta.verbose_name if related else field
            form.add_error(field, f"Select a {name} you have access to.")
            response: HttpResponse = self.form_invalid(form)  # type: ignore[attr-defined]
            return response
        raise Http404(
            f"{instance._meta.label} would not belong to the requesting user "
            f"through {self.get_owner_field()!r}."
        )
