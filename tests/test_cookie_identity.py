"""A csrf_exempt function view that reads no cookie-borne identity acts for no one a forged request could borrow."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from django_chained.sourcetree.cookie_identity import uses_cookie_identity
from django_chained.sourcetree.standalone import scan_tree


def _uses(source: str) -> bool:
    node = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    return uses_cookie_identity(node)


@pytest.mark.parametrize(
    "source",
    [
        # An API key in a header.
        """\
        @csrf_exempt
        @require_POST
        def ingest(request):
            if request.headers.get("X-Api-Key") != settings.INGEST_KEY:
                return HttpResponseForbidden()
            Reading.objects.create(**json.loads(request.body))
            return JsonResponse({"ok": True})
        """,
        # Stripe's signature check.
        """\
        @csrf_exempt
        def stripe_webhook(request):
            event = stripe.Webhook.construct_event(
                request.body, request.META["HTTP_STRIPE_SIGNATURE"], settings.STRIPE_SECRET
            )
            handle(event)
            return HttpResponse(status=200)
        """,
        # A signed one-time link, answered with a page.
        """\
        @csrf_exempt
        def unsubscribe(request, token):
            address = signing.loads(token, max_age=86400)
            Subscriber.objects.filter(email=address).delete()
            return render(request, "unsubscribed.html", {"address": address})
        """,
        """\
        @csrf_exempt
        async def ping(request):
            return JsonResponse({"method": request.method, "host": request.get_host()})
        """,
    ],
)
def test_views_authenticating_each_request_themselves(source):
    assert not _uses(source)


@pytest.mark.parametrize(
    "source",
    [
        "def v(request):\n    return HttpResponse(request.user.pk)\n",
        "async def v(request):\n    user = await request.auser()\n    return HttpResponse(user.pk)\n",
        "def v(request):\n    request.session['seen'] = True\n",
        "def v(request):\n    return HttpResponse(request.COOKIES.get('id'))\n",
        # A helper handed the whole request may read its user; so may messages and auth.login.
        "def v(request):\n    return handle(request)\n",
        "def v(request):\n    messages.success(request, 'saved')\n",
        "def v(request):\n    req = request\n    return HttpResponse(req.user)\n",
        # A telegram-style hook that sets request.user itself still acts as someone.
        "def v(request, token):\n    request.user = Bot.objects.get(token=token).owner\n",
        # Decorators that may log the visitor in, or whose effect is unknown.
        "@csrf_exempt\n@login_required\ndef v(request):\n    return HttpResponse('ok')\n",
        "@csrf_exempt\n@api_view(['POST'])\ndef v(request):\n    return HttpResponse('ok')\n",
        "def v():\n    return HttpResponse('ok')\n",
    ],
)
def test_views_that_may_act_for_the_visitor(source):
    assert _uses(source)


SETTINGS = """\
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "urls"
"""
VIEWS = """\
import hmac

from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

@csrf_exempt
def github_hook(request):
    digest = hmac.new(b"k", request.body, "sha256").hexdigest()
    if not hmac.compare_digest(digest, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden()
    return HttpResponse()

@csrf_exempt
def save_draft(request):
    Draft.objects.create(author=request.user, text=request.POST["text"])
    return HttpResponse()

def plain(request):
    return HttpResponse()
"""
URLS = """\
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from app import views

urlpatterns = [
    path("hooks/github/", views.github_hook),
    path("drafts/", views.save_draft),
    path("plain/", csrf_exempt(views.plain)),
]
"""


def _scan(root, settings=SETTINGS):
    for name, text in {
        "settings.py": settings,
        "urls.py": URLS,
        "app/__init__.py": "",
        "app/views.py": VIEWS,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return scan_tree(root, use_cache=False).records


def test_the_scan_reports_identity_free_views_as_infos(tmp_path):
    records = _scan(tmp_path)
    found = sorted((r.id, r.obj) for r in records if r.id[-4:] in ("W501", "I502"))
    assert found == [
        ("django_chained.I502", "app.views.github_hook"),
        (
            "django_chained.I502",
            "app.views.plain",
        ),  # csrf_exempt applied in the URLconf
        ("django_chained.W501", "app.views.save_draft"),
    ]
    (hook,) = [r for r in records if r.obj == "app.views.github_hook"]
    assert "it reads no cookie-borne identity" in hook.message


def test_login_required_middleware_keeps_the_warning(tmp_path):
    settings = SETTINGS.replace(
        '"django.contrib.auth.middleware.AuthenticationMiddleware",',
        '"django.contrib.auth.middleware.AuthenticationMiddleware",\n'
        '    "django.contrib.auth.middleware.LoginRequiredMiddleware",',
    )
    records = _scan(tmp_path, settings)
    assert {r.id for r in records if r.id[-4:] in ("W501", "I502")} == {
        "django_chained.W501"
    }


def _counted_to_the_end(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The judgement without stopping early: every use against every harmless one."""
    from django_chained.sourcetree import cookie_identity as ci

    if any(ci._name(d) not in ci.NEUTRAL_DECORATORS for d in node.decorator_list):
        return True
    arguments = node.args.posonlyargs + node.args.args
    if not arguments:
        return True
    request = arguments[0].arg
    uses = sum(isinstance(n, ast.Name) and n.id == request for n in ast.walk(node))
    harmless = 0
    for n in ast.walk(node):
        if isinstance(n, ast.Attribute) and ci._is(n.value, request):
            harmless += (
                isinstance(n.ctx, ast.Load) and n.attr not in ci.IDENTITY_ATTRIBUTES
            )
        elif isinstance(n, ast.Call) and ci._name(n) in ci._RENDERERS:
            harmless += sum(ci._is(argument, request) for argument in n.args)
    return uses > harmless


def test_stopping_at_the_first_unpaired_use_answers_as_counting_all():
    """Checked on every function of this package and the test fixtures, and on hand-made orders."""
    import django_chained

    roots = [Path(django_chained.__file__).parent, Path(__file__).parent / "fixtures"]
    functions = [
        node
        for root in roots
        for path in sorted(root.rglob("*.py"))
        for node in ast.walk(_parsed(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    functions += [
        ast.parse(textwrap.dedent(source)).body[0]  # type: ignore[misc]
        for source in (
            "def v(request):\n    return render(request, request.user.x)\n",
            "def v(request):\n    return f(request.body, g(request.GET), request)\n",
            "def v(request):\n    render(request, 't'); render(request.path, request)\n",
        )
    ]
    assert len(functions) > 1000
    for node in functions:
        assert uses_cookie_identity(node) is _counted_to_the_end(node), node.name


def _parsed(path: Path) -> ast.Module:
    try:
        return ast.parse(path.read_text("utf-8"))
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])
