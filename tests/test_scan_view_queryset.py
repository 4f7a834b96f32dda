"""Fetches from ``self.queryset``: I252 asks to confirm a base restricts it, unless this file shows it does."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python


def ids(source: str) -> list[str]:
    return [f.id for f in scan_python("app/views.py", textwrap.dedent(source))]


def w250(source: str) -> bool:
    return "django_chained.W250" in ids(source)


VIEW_QUERYSET = """\
class DeviceBayPopulateView(BaseObjectView):
    queryset = DeviceBay.objects.all()

    def get(self, request, pk):
        return get_object_or_404(SOURCE, pk=pk)
"""


@pytest.mark.parametrize(
    "source", ["self.queryset", "self.queryset.all()", "self.queryset.filter(a=1)"]
)
def test_fetch_from_the_view_queryset_asks_to_confirm_it_is_restricted(source):
    assert ids(VIEW_QUERYSET.replace("SOURCE", source)) == ["django_chained.I252"]


def test_view_queryset_restricted_from_the_request_in_this_file_is_quiet():
    base = """\
    class ObjectPermissionRequiredMixin:
        def dispatch(self, request, *args, **kwargs):
            self.queryset = self.queryset.restrict(request.user, "view")
            return super().dispatch(request, *args, **kwargs)
    """
    view = VIEW_QUERYSET.replace("SOURCE", "self.queryset")
    assert ids(textwrap.dedent(base) + view) == []


def test_view_queryset_restricted_from_self_request_in_this_file_is_quiet():
    base = """\
    class RestrictedMixin:
        def setup(self, request, *args, **kwargs):
            super().setup(request, *args, **kwargs)
            self.queryset = self.queryset.filter(tenant=self.request.tenant)
    """
    view = VIEW_QUERYSET.replace("SOURCE", "self.queryset")
    assert ids(textwrap.dedent(base) + view) == []


def test_view_queryset_reset_without_the_request_still_asks():
    base = """\
    class Base:
        def initial(self, request, *args, **kwargs):
            self.queryset = DeviceBay.objects.all()
    """
    view = VIEW_QUERYSET.replace("SOURCE", "self.queryset")
    assert ids(textwrap.dedent(base) + view) == ["django_chained.I252"]


def test_model_fetch_beside_a_view_queryset_stays_a_warning():
    """netbox's bulk view: parents loaded by posted pks outside the restricted queryset."""
    source = """\
    class BulkComponentCreateView(BaseObjectView):
        def post(self, request):
            pk_list = [int(pk) for pk in request.POST.getlist("pk")]
            return self.parent_model.objects.filter(pk__in=pk_list)
    """
    assert ids(source) == ["django_chained.W250"]


TREE = """\
class TreeMixin:
    def get_queryset(self):
        root = self.request.query_params.get("root")
        self.queryset = self.model.objects.get(id=root).get_children()
        LATER
        return self.queryset
"""


def test_view_queryset_built_from_a_fetch_then_narrowed_to_the_tenant_is_quiet():
    later = "self.queryset = self.queryset.filter(space=self.request.space)"
    assert not w250(TREE.replace("LATER", later))


@pytest.mark.parametrize(
    "later",
    [
        "self.queryset = self.queryset.order_by('name')",
        "self.queryset = self.queryset.filter(space=self.request.GET['s'])",
        "queryset = self.queryset.filter(space=self.request.space)",
    ],
)
def test_view_queryset_not_narrowed_to_the_request_still_warns(later):
    assert w250(TREE.replace("LATER", later))
