"""5xx view inventories: csrf_exempt views (W501, I502, I503, I506) and xframe_options_exempt views (W504, I505)."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

from django_chained.checks import csrf
from django_chained.checks.csrf_settings import (
    AUTHENTICATION_MIDDLEWARE,
    CSRF_MIDDLEWARE,
    SESSION_MIDDLEWARE,
    XFRAME_MIDDLEWARE,
)
from tests.test_testproject import run_check

SESSION_STACK = [SESSION_MIDDLEWARE, CSRF_MIDDLEWARE, AUTHENTICATION_MIDDLEWARE]


def by_view(messages):
    return {
        m.obj.removeprefix("tests.views_csrf."): m.id.rsplit(".", 1)[1]
        for m in messages
    }


@override_settings(ROOT_URLCONF="tests.urlconfs.csrf", MIDDLEWARE=SESSION_STACK)
class CheckCsrfExemptViewsTests(SimpleTestCase):
    def test_inventory_with_session_authentication(self):
        assert by_view(csrf.check_csrf_exempt_views()) == {
            "webhook": "W501",
            "exempt_post_only": "W501",
            # Reads no request.user, session or login decorator: a forged request acts for no one.
            "signed_webhook": "I502",
            "exempt_get_only": "I502",
            "ExemptPostView": "W501",
            "MixinExemptReadView": "I502",
            "PlainPostView": "W501",  # csrf_exempt(PlainPostView.as_view()) in urls.py
            # ApiEndpoint: DRF checks the token itself for session users.
            "ApiEndpointWithoutCsrf": "W501",
            # login_not_required: public endpoints, no session user to forge.
            "public_token_endpoint": "I502",
            "PublicCallbackView": "I502",
            "exempt_for_logged_in_users": "W501",
        }

    def test_login_not_required_view_says_it_is_a_public_endpoint(self):
        messages = {m.obj: m for m in csrf.check_csrf_exempt_views()}
        for view in ("public_token_endpoint", "PublicCallbackView"):
            message = messages[f"tests.views_csrf.{view}"]
            assert "marked login_not_required, a public endpoint" in message.msg
            assert "acts for the session's user, check a CSRF token" in message.msg

    def test_a_view_acting_for_no_visitor_says_what_to_confirm(self):
        messages = {m.obj: m for m in csrf.check_csrf_exempt_views()}
        message = messages["tests.views_csrf.signed_webhook"]
        assert "it reads no cookie-borne identity" in message.msg
        assert "confirm it authenticates each request itself" in message.msg

    @override_settings(
        MIDDLEWARE=[
            *SESSION_STACK,
            "django.contrib.auth.middleware.LoginRequiredMiddleware",
        ]
    )
    def test_login_required_middleware_gives_every_view_a_visitor(self):
        assert by_view(csrf.check_csrf_exempt_views())["signed_webhook"] == "W501"

    def test_warning_says_what_a_forged_request_can_do(self):
        message = next(
            m for m in csrf.check_csrf_exempt_views() if m.id == "django_chained.W501"
        )
        assert (
            "any site can submit it with a logged-in user's session cookie"
            in message.msg
        )

    def test_view_routed_twice_reported_once(self):
        webhooks = [
            m for m in csrf.check_csrf_exempt_views() if m.obj.endswith(".webhook")
        ]
        assert len(webhooks) == 1
        assert "URL 'webhook/'" in webhooks[0].msg
        assert "any method" in webhooks[0].msg

    def test_safe_only_view_says_why(self):
        (message,) = [
            m
            for m in csrf.check_csrf_exempt_views()
            if m.obj.endswith("exempt_get_only")
        ]
        assert "only accepts safe methods" in message.msg

    @override_settings(MIDDLEWARE=[CSRF_MIDDLEWARE])
    def test_without_session_authentication_all_info(self):
        messages = csrf.check_csrf_exempt_views()
        assert set(by_view(messages).values()) == {"I502"}
        assert any("no session authentication" in m.msg for m in messages)

    @override_settings(MIDDLEWARE=[SESSION_MIDDLEWARE, AUTHENTICATION_MIDDLEWARE])
    def test_silent_without_csrf_middleware(self):
        assert csrf.check_csrf_exempt_views() == []

    @override_settings(
        MIDDLEWARE=[
            "tests.middleware_subclasses.DomainSessionMiddleware",
            "tests.middleware_subclasses.DomainCsrfViewMiddleware",
            AUTHENTICATION_MIDDLEWARE,
        ]
    )
    def test_project_subclasses_of_the_middleware_protect_as_django_s_do(self):
        judged = by_view(csrf.check_csrf_exempt_views())
        assert judged["webhook"] == "W501"
        assert judged["exempt_get_only"] == "I502"

    @override_settings(
        MIDDLEWARE=[
            SESSION_MIDDLEWARE,
            "tests.middleware_subclasses.CsrfViewMiddleware",
            "tests.no_such_module.CsrfViewMiddleware",
            AUTHENTICATION_MIDDLEWARE,
        ]
    )
    def test_a_lookalike_or_unimportable_entry_protects_nothing(self):
        assert csrf.check_csrf_exempt_views() == []

    @override_settings(
        CHAINED_CSRF_EXEMPT_ALLOWED={
            "tests.views_csrf.webhook": "signed by the payment provider"
        }
    )
    def test_allowed_view_shows_reason(self):
        (message,) = [
            m for m in csrf.check_csrf_exempt_views() if m.obj.endswith(".webhook")
        ]
        assert message.id == "django_chained.I503"
        assert "signed by the payment provider" in message.msg

    @override_settings(
        CHAINED_CSRF_EXEMPT_ALLOWED={
            "tests.views_csrf.PlainPostView": "wrapped on purpose"
        }
    )
    def test_allowed_class_view_by_class_path(self):
        assert by_view(csrf.check_csrf_exempt_views())["PlainPostView"] == "I503"

    @override_settings(CHAINED_CSRF_EXEMPT_ALLOWED={"tests.views_csrf.webhok": "typo"})
    def test_stale_allowed_entry(self):
        stale = [
            m for m in csrf.check_csrf_exempt_views() if m.id == "django_chained.I506"
        ]
        assert len(stale) == 1
        assert "'tests.views_csrf.webhok'" in stale[0].msg

    @override_settings(
        ROOT_URLCONF="tests.urlconfs.csrf_broken",
        CHAINED_CSRF_EXEMPT_ALLOWED={
            "tests.views_csrf.elsewhere": "in the broken include"
        },
    )
    def test_broken_include_skipped_and_no_stale_claims(self):
        assert by_view(csrf.check_csrf_exempt_views()) == {"webhook": "W501"}

    @override_settings(ROOT_URLCONF="tests.urls")
    def test_no_exempt_views(self):
        assert csrf.check_csrf_exempt_views() == []


@override_settings(ROOT_URLCONF="tests.urlconfs.csrf")
class CheckXframeExemptViewsTests(SimpleTestCase):
    @override_settings(MIDDLEWARE=[*SESSION_STACK, XFRAME_MIDDLEWARE])
    def test_warning_when_middleware_protects_the_rest(self):
        assert by_view(csrf.check_xframe_exempt_views()) == {
            "frameable": "W504",
            "FrameableView": "W504",
            "FramedView": "W504",
        }

    @override_settings(MIDDLEWARE=SESSION_STACK)
    def test_info_when_nothing_is_protected_yet(self):
        messages = csrf.check_xframe_exempt_views()
        assert set(by_view(messages).values()) == {"I505"}
        assert "URL 'frames/fn/'" in next(
            m.msg for m in messages if m.obj.endswith("frameable")
        )


class RegistrationTests(SimpleTestCase):
    @override_settings(
        ROOT_URLCONF="tests.urlconfs.csrf",
        MIDDLEWARE=[*SESSION_STACK, XFRAME_MIDDLEWARE],
        CSRF_TRUSTED_ORIGINS=["https://*.com"],
    )
    def test_checks_run_under_deploy(self):
        out, err = StringIO(), StringIO()
        call_command(
            "check", deploy=True, tags=["django_chained"], stdout=out, stderr=err
        )
        output = out.getvalue() + err.getvalue()
        for check_id in ("W501", "I502", "W504", "W511"):
            assert f"django_chained.{check_id}" in output

    @override_settings(ROOT_URLCONF="tests.urlconfs.csrf", MIDDLEWARE=SESSION_STACK)
    def test_not_run_without_deploy(self):
        out, err = StringIO(), StringIO()
        call_command("check", stdout=out, stderr=err)
        assert "django_chained.W5" not in out.getvalue() + err.getvalue()


def test_template_rule_reported_through_the_scan(settings, tmp_path):
    (tmp_path / "pay.html").write_text(
        '<h1>Pay</h1>\n<form method="post">\n<button>Pay</button>\n</form>\n',
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [str(tmp_path)],
        }
    ]
    messages = [m for m in csrf.check_csrf_templates() if m.id == "django_chained.W520"]
    assert [m.obj for m in messages] == [f"{tmp_path / 'pay.html'}:2"]


def test_testproject_demo_reports_the_planted_views(tmp_path):
    result = run_check("testproject.settings", tmp_path)
    output = result.stdout + result.stderr
    for view, check_id in (("mark_paid", "W501"), ("upload", "W501"), ("pay", "I505")):
        placed = rf"insecure\.views\.{view} \(\S*insecure/views\.py:\d+\): \(django_chained\.{check_id}\)"
        assert re.search(placed, output), (view, output)
    assert "notes." not in "\n".join(
        line
        for line in output.splitlines()
        if "django_chained.W5" in line or "django_chained.I5" in line
    )
