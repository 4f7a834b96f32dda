"""URLconf for the 5xx view inventory checks (tests/test_checks_csrf.py)."""

from __future__ import annotations

from django.urls import include, path
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from tests import views_csrf as v

urlpatterns = [
    path("webhook/", v.webhook),
    path("webhook-again/", v.webhook),
    path("post-only/", v.exempt_post_only),
    path("signed-hook/", v.signed_webhook),
    path("get-only/", v.exempt_get_only),
    path("class-post/", v.ExemptPostView.as_view()),
    path("mixin-read/", v.MixinExemptReadView.as_view()),
    path("wrapped/", csrf_exempt(v.PlainPostView.as_view())),
    path("plain/", v.PlainPostView.as_view()),
    path("ok/", v.ok),
    path("frames/", include([path("fn/", v.frameable), path("deny/", v.never_framed)])),
    path("framed-class/", v.FrameableView.as_view()),
    path("framed-wrapped/", xframe_options_exempt(v.FramedView.as_view())),
    path("api/", v.ApiEndpoint.as_view()),
    path("api-no-csrf/", v.ApiEndpointWithoutCsrf.as_view()),
    path("token/", v.public_token_endpoint),
    path("callback/", v.PublicCallbackView.as_view()),
    path("logged-in-hook/", v.exempt_for_logged_in_users),
]
