"""Views for the 5xx CSRF/clickjacking checks: every way csrf_exempt and xframe_options_exempt get applied."""

from __future__ import annotations

import hashlib
import hmac

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpResponse, HttpResponseForbidden
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import (
    xframe_options_deny,
    xframe_options_exempt,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)


def ok(request, *args, **kwargs):
    return HttpResponse("ok")


@csrf_exempt
def webhook(request):
    return HttpResponse(request.user.get_username())


@csrf_exempt
async def async_webhook(request):
    user = await request.auser()
    return HttpResponse(user.get_username())


# The project's own names for Django's method limits: the scan follows them as check does.
post_only = require_POST


def accepts_post_only(view):
    return post_only(view)


@csrf_exempt
@post_only
def aliased_post_only(request):
    return HttpResponse(request.user.get_username())


@csrf_exempt
@accepts_post_only
def wrapped_post_only(request):
    return HttpResponse(request.user.get_username())


# Authenticated by a signature over the body, never by the visitor's cookies.
@csrf_exempt
@require_POST
def signed_webhook(request):
    expected = hmac.new(b"secret", request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
        return HttpResponseForbidden()
    return HttpResponse("ok")


@csrf_exempt
@require_POST
def exempt_post_only(request):
    return HttpResponse(request.user.get_username())


@require_GET
@csrf_exempt
def exempt_get_only(request):
    return HttpResponse(request.user.get_username())


@csrf_exempt
@require_safe
def exempt_safe_only(request):
    return HttpResponse(request.user.get_username())


@csrf_exempt
@require_http_methods(["get", "put"])
def exempt_get_put(request):
    return HttpResponse(request.user.get_username())


@method_decorator(csrf_exempt, name="dispatch")
class ExemptPostView(View):
    def post(self, request):
        return HttpResponse("ok")


class CsrfExemptMixin:
    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class MixinExemptReadView(CsrfExemptMixin, View):
    def get(self, request):
        return HttpResponse("ok")


class MixinExemptDeleteView(CsrfExemptMixin, View):
    def get(self, request):
        return HttpResponse("ok")

    def delete(self, request):
        return HttpResponse("ok")


class PlainPostView(View):
    def post(self, request):
        return HttpResponse("ok")


@xframe_options_exempt
def frameable(request):
    return HttpResponse("ok")


@xframe_options_deny
def never_framed(request):
    return HttpResponse("ok")


@method_decorator(xframe_options_exempt, name="dispatch")
class FrameableView(View):
    def get(self, request):
        return HttpResponse("ok")


class FrameableHandlerView(View):
    @method_decorator(xframe_options_exempt)
    def get(self, request):
        return HttpResponse("ok")


class FramedView(View):
    def get(self, request):
        return HttpResponse("ok")


class CallableView:
    """A view that is an instance, not a function."""

    def __call__(self, request):
        return HttpResponse("ok")


class SessionAuthentication:
    """Stand-in for Django REST framework's class of that name (DRF is not a test dependency)."""

    def enforce_csrf(self, request):
        return None


SessionAuthentication.__module__ = "rest_framework.authentication"


class APIView(View):
    """Stand-in for DRF's APIView: csrf_exempt, the token is checked by SessionAuthentication."""

    authentication_classes: tuple[type, ...] = (SessionAuthentication,)

    @classmethod
    def as_view(cls, **initkwargs):
        return csrf_exempt(super().as_view(**initkwargs))


APIView.__module__ = "rest_framework.views"


class CsrfExemptSessionAuthentication(SessionAuthentication):
    def enforce_csrf(self, request):
        return None


class ApiEndpoint(APIView):
    def post(self, request):
        return HttpResponse("ok")


class ApiEndpointWithoutCsrf(APIView):
    authentication_classes = (CsrfExemptSessionAuthentication,)

    def post(self, request):
        return HttpResponse("ok")


# Django's login_not_required marks these public: a csrf_exempt one is an endpoint for machines.
@csrf_exempt
@login_not_required
def public_token_endpoint(request):
    return HttpResponse("ok")


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(login_not_required, name="dispatch")
class PublicCallbackView(View):
    def post(self, request):
        return HttpResponse("ok")


@csrf_exempt
@login_required
def exempt_for_logged_in_users(request):
    return HttpResponse("ok")
