"""Reading how a routed view is decorated and which methods it accepts, without calling it."""

from __future__ import annotations

import functools

import pytest
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from django_chained.checks.csrf_introspect import (
    drf_enforces_csrf,
    is_xframe_options_exempt,
    reachable,
    unsafe_methods,
)
from django_chained.facts.views import ANY_METHOD
from django_chained.urlwalk import Route
from tests import views_csrf as v


class Handlers:
    """Views as bound methods."""

    @csrf_exempt
    @require_GET
    def exempt_get_only(self, request):
        return HttpResponse()


def route(callback):
    return Route(route="x/", callback=callback, name=None, namespace=None)


class TestUnsafeMethods:
    @pytest.mark.parametrize(
        ("callback", "expected"),
        [
            (v.webhook, ANY_METHOD),
            (v.async_webhook, ANY_METHOD),
            (v.exempt_post_only, "POST"),
            (v.exempt_get_only, ""),
            (v.exempt_safe_only, ""),
            (v.exempt_get_put, "PUT"),
            (v.ExemptPostView.as_view(), "POST"),
            (v.MixinExemptReadView.as_view(), ""),
            (v.MixinExemptDeleteView.as_view(), "DELETE"),
            (v.MixinExemptDeleteView.as_view(http_method_names=["get"]), ""),
            (csrf_exempt(v.PlainPostView.as_view()), "POST"),
            (v.CallableView(), ANY_METHOD),
            (functools.partial(v.exempt_post_only), "POST"),
            (v.aliased_post_only, "POST"),
            (v.wrapped_post_only, "POST"),
            (Handlers().exempt_get_only, ""),
        ],
    )
    def test_methods(self, callback, expected):
        assert unsafe_methods(route(callback)) == expected


class TestCsrfExemptAttribute:
    """The checks read the attribute CsrfViewMiddleware reads; these pin how Django sets it."""

    @pytest.mark.parametrize(
        "callback",
        [
            v.webhook,
            v.exempt_get_only,
            v.ExemptPostView.as_view(),
            v.MixinExemptReadView.as_view(),
            csrf_exempt(v.PlainPostView.as_view()),
        ],
    )
    def test_exempt(self, callback):
        assert getattr(callback, "csrf_exempt", False) is True

    def test_plain_view_not_exempt(self):
        assert getattr(v.PlainPostView.as_view(), "csrf_exempt", False) is False


class TestXframeOptionsExempt:
    @pytest.mark.parametrize(
        "callback",
        [
            v.frameable,
            v.FrameableView.as_view(),
            v.FrameableHandlerView.as_view(),
            xframe_options_exempt(v.FramedView.as_view()),
            csrf_exempt(xframe_options_exempt(v.ok)),
        ],
    )
    def test_exempt(self, callback):
        assert is_xframe_options_exempt(route(callback))

    @pytest.mark.parametrize(
        "callback",
        [v.ok, v.never_framed, v.FramedView.as_view(), v.webhook, v.CallableView()],
    )
    def test_not_exempt(self, callback):
        assert not is_xframe_options_exempt(route(callback))

    def test_attribute_set_by_other_decorators_counts(self):
        def view(request):
            return HttpResponse()

        view.xframe_options_exempt = True  # type: ignore[attr-defined]
        assert is_xframe_options_exempt(route(view))

    def test_decorated_handler_in_parent_class(self):
        class Child(v.FrameableHandlerView):
            pass

        assert is_xframe_options_exempt(route(Child.as_view()))


class TestReachable:
    def test_cycles_terminate(self):
        def a():
            return b

        def b():
            return a

        assert {f.__name__ for f in reachable(a)} == {"a", "b"}

    def test_empty_closure_cell_skipped(self):
        def outer():
            def inner():
                return later

            yield inner
            later = 1  # noqa: F841

        inner = next(outer())
        assert list(reachable(inner)) == [inner]


def drf_classes(enforce_override):
    """Stand-ins named like Django REST framework's classes (DRF is not a test dependency)."""

    class SessionAuthentication:
        def enforce_csrf(self, request):
            return None

    SessionAuthentication.__module__ = "rest_framework.authentication"

    class APIView(View):
        authentication_classes: tuple[type, ...] = (SessionAuthentication,)

    APIView.__module__ = "rest_framework.views"

    class NoCsrfSession(SessionAuthentication):
        if enforce_override:

            def enforce_csrf(self, request):
                return None

    NoCsrfSession.__module__ = "myapp.auth"

    class Endpoint(APIView):
        authentication_classes = (NoCsrfSession,)

        def post(self, request):
            return HttpResponse()

    return APIView, Endpoint


class TestDrfEnforcesCsrf:
    def test_drf_view_with_session_authentication(self):
        api_view, endpoint = drf_classes(enforce_override=False)
        assert drf_enforces_csrf(api_view)
        assert drf_enforces_csrf(endpoint)

    def test_enforce_csrf_overridden(self):
        _, endpoint = drf_classes(enforce_override=True)
        assert not drf_enforces_csrf(endpoint)

    def test_not_drf(self):
        assert not drf_enforces_csrf(v.ExemptPostView)
        assert not drf_enforces_csrf(None)


def test_method_decorator_list_is_followed():
    class Both(View):
        @method_decorator([csrf_exempt, xframe_options_exempt])
        def dispatch(self, request, *args, **kwargs):
            return super().dispatch(request, *args, **kwargs)

    assert is_xframe_options_exempt(route(Both.as_view()))
