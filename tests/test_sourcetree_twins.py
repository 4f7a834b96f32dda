"""Static twins of the live-object checks: csrf_exempt views, unscoped class-based views, file fields."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from django_chained.facts.place import Place
from django_chained.facts.views import NOT_ROUTED, CsrfExemptView
from django_chained.judgement.csrf import PUBLIC_ENDPOINT, i502_csrf_exempt_view
from django_chained.sourcetree.class_facts import names_in_trees
from django_chained.sourcetree.class_index import ClassIndex
from django_chained.sourcetree.file_facts import facts_of
from django_chained.sourcetree.models_reader import (
    installed_models_without_owner,
    owned_models,
    read_models,
)
from django_chained.sourcetree.settings_reader import StaticSettings, read_settings
from django_chained.sourcetree.standalone import scan_tree
from django_chained.sourcetree.tree import SourceTree, parse_files
from django_chained.sourcetree.twins import twin_findings

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

MODELS = """\
    from django.conf import settings
    from django.db import models
    from django_chained.storage import RandomFileSystemStorage

    class Project(models.Model):
        members = models.ManyToManyField(settings.AUTH_USER_MODEL)

    class Task(models.Model):
        project = models.ForeignKey(Project, on_delete=models.CASCADE)

    class Public(models.Model):
        title = models.CharField(max_length=10)
        related = models.ForeignKey("Public", on_delete=models.CASCADE)

    class Upload(models.Model):
        plain = models.FileField(upload_to="docs/")
        dated = models.FileField(upload_to="docs/%Y/")
        bare = models.ImageField()
        random = models.FileField(upload_to="x/", storage=RandomFileSystemStorage())
        computed = models.FileField(upload_to=lambda instance, name: name)
"""


def project(
    tmp_path: Path,
    files: dict[str, str],
    settings: str | None = None,
    shared_index: bool = False,
):
    """The twins' records; ``shared_index`` hands them the class index a caller built first."""
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    (tmp_path / "app" / "__init__.py").touch()
    tree = SourceTree.discover(tmp_path)
    static = None
    if settings is not None:
        (tmp_path / "settings.py").write_text(textwrap.dedent(settings))
        static = read_settings(tmp_path / "settings.py", tmp_path)
    parsed = dict(parse_files(tree.python_files))
    read = facts_of(tree, parsed.items())
    names = names_in_trees(parsed)
    index = ClassIndex((f.class_module for f in read), names) if shared_index else None
    return twin_findings(tree, read, static, names, index)


def found(records):
    return sorted((r.id, r.obj, r.location) for r in records)


SESSION_SETTINGS = (
    f"MIDDLEWARE = {MIDDLEWARE!r}\nROOT_URLCONF = 'urls'\nMEDIA_URL = 'media/'\n"
)


def test_csrf_exempt_decorated_function_view(tmp_path):
    records = project(
        tmp_path,
        {
            "app/views.py": """\
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def hook(request):
            return request.user
    """
        },
        SESSION_SETTINGS,
    )
    assert found(records) == [
        ("django_chained.W501", "app.views.hook", "app/views.py:3")
    ]
    assert "any method (POST included)" in records[0].message
    assert "not found in a URLconf" in records[0].message


def test_csrf_exempt_methods_from_require_decorators(tmp_path):
    records = project(
        tmp_path,
        {
            "app/views.py": """\
        from django.views.decorators import csrf, http

        @csrf.csrf_exempt
        @http.require_POST
        def post_only(request): return request.user

        @csrf.csrf_exempt
        @http.require_safe
        def safe(request): return request.user

        @csrf.csrf_exempt
        @http.require_http_methods(["GET", "put", "DELETE"])
        def some(request): return request.user

        @csrf.csrf_exempt
        @http.require_http_methods(METHODS)
        def unknown(request): return request.user
    """
        },
        SESSION_SETTINGS,
    )
    by_view = {r.obj: (r.id, r.message) for r in records}
    assert (
        by_view["app.views.post_only"][0] == "django_chained.W501"
        and "accepts POST" in by_view["app.views.post_only"][1]
    )
    assert by_view["app.views.safe"][0] == "django_chained.I502"
    assert "DELETE, PUT" in by_view["app.views.some"][1]
    assert "any method" in by_view["app.views.unknown"][1]


def test_csrf_exempt_methods_from_the_modules_own_names_for_require_decorators(
    tmp_path,
):
    records = project(
        tmp_path,
        {
            "app/views.py": """\
        from django.views.decorators.csrf import csrf_exempt
        from django.views.decorators.http import require_http_methods, require_POST

        post_only = require_POST
        read_only = require_http_methods(["GET", "HEAD"])

        def accepts_post_only(view):
            \"\"\"Only POST reaches the view.\"\"\"
            return post_only(view)

        def logged(view):
            log(view)
            return view

        @csrf_exempt
        @post_only
        def aliased(request): return request.user

        @csrf_exempt
        @accepts_post_only
        def wrapped(request): return request.user

        @csrf_exempt
        @read_only
        def reads(request): return request.user

        @csrf_exempt
        @logged
        def unknown(request): return request.user
    """
        },
        SESSION_SETTINGS,
    )
    by_view = {r.obj: (r.id, r.message) for r in records}
    assert "accepts POST:" in by_view["app.views.aliased"][1]
    assert "accepts POST:" in by_view["app.views.wrapped"][1]
    assert by_view["app.views.reads"][0] == "django_chained.I502"
    assert "any method" in by_view["app.views.unknown"][1]


def test_csrf_exempt_login_not_required_views_are_public_endpoints(tmp_path):
    records = project(
        tmp_path,
        {
            "app/views.py": """\
        from django.contrib.auth.decorators import login_not_required, login_required
        from django.utils.decorators import method_decorator
        from django.views import View
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        @login_not_required
        def token(request): return request.user

        @method_decorator(csrf_exempt, name="dispatch")
        @method_decorator(login_not_required, name="dispatch")
        class Callback(View):
            def post(self, request): ...

        @csrf_exempt
        @login_required
        def confirm(request): return request.user
    """
        },
        SESSION_SETTINGS,
    )
    by_view = {r.obj: r for r in records}
    view = CsrfExemptView(NOT_ROUTED, "app.views.token", Place("x"), "any method")
    public = i502_csrf_exempt_view(view, PUBLIC_ENDPOINT)
    assert by_view["app.views.token"].id == "django_chained.I502"
    assert by_view["app.views.token"].message == public.msg
    assert by_view["app.views.Callback"].id == "django_chained.I502"
    assert by_view["app.views.confirm"].id == "django_chained.W501"


def test_csrf_exempt_class_views(tmp_path):
    records = project(
        tmp_path,
        {
            "app/views.py": """\
        from django.utils.decorators import method_decorator
        from django.views import View
        from django.views.decorators.csrf import csrf_exempt

        @method_decorator(csrf_exempt, name="dispatch")
        class OnClass(View):
            def post(self, request): ...

        class OnDispatch(View):
            @method_decorator(csrf_exempt)
            def dispatch(self, *args, **kwargs): ...

        @method_decorator([csrf_exempt], name="dispatch")
        class InList(View):
            def put(self, request): ...

        @method_decorator(csrf_exempt, name="post")
        class OtherMethod(View):
            def post(self, request): ...
    """
        },
        SESSION_SETTINGS,
    )
    assert found(records) == [
        ("django_chained.W501", "app.views.InList", "app/views.py:13"),
        ("django_chained.W501", "app.views.OnClass", "app/views.py:5"),
        ("django_chained.W501", "app.views.OnDispatch", "app/views.py:9"),
    ]


def test_csrf_exempt_wrapped_in_urls_with_full_route(tmp_path):
    records = project(
        tmp_path,
        {
            "urls.py": """\
            from django.urls import include, path
            urlpatterns = [path("api/", include("app.urls"))]
        """,
            "app/urls.py": """\
            from django.urls import path, re_path
            from django.views.decorators.csrf import csrf_exempt
            from . import views
            from .views import Hook

            urlpatterns = [
                path("hook/", csrf_exempt(views.hook)),
                re_path(r"^class/$", csrf_exempt(Hook.as_view())),
                path("plain/", views.plain),
            ]
        """,
            "app/views.py": "def hook(request): return request.user\ndef plain(request): return request.user\nclass Hook: ...\n",
            "app/more_urls.py": """\
            from django.urls import path
            from django.views.decorators.csrf import csrf_exempt
            from elsewhere.views import outside

            urlpatterns = [path("out/", csrf_exempt(outside))]
        """,
        },
        SESSION_SETTINGS,
    )
    # Placed where the view is defined, as check places it; the URLconf line for a view outside the tree.
    assert found(records) == [
        ("django_chained.W501", "app.views.Hook", "app/views.py:3"),
        ("django_chained.W501", "app.views.hook", "app/views.py:1"),
        ("django_chained.W501", "elsewhere.views.outside", "app/more_urls.py:5"),
    ]
    assert "'api/hook/'" in records[0].message or "'api/hook/'" in records[1].message


def test_csrf_exempt_without_session_auth_is_info(tmp_path):
    settings = "MIDDLEWARE = ['django.middleware.csrf.CsrfViewMiddleware']\n"
    records = project(
        tmp_path,
        {
            "app/views.py": "from x import csrf_exempt\n@csrf_exempt\ndef hook(r): return r.user\n"
        },
        settings,
    )
    assert [r.id for r in records] == ["django_chained.I502"]


def test_csrf_exempt_allowed_with_reason(tmp_path):
    settings = (
        SESSION_SETTINGS
        + "CHAINED_CSRF_EXEMPT_ALLOWED = {'app.views.hook': 'HMAC-signed'}\n"
    )
    records = project(
        tmp_path,
        {
            "app/views.py": "from x import csrf_exempt\n@csrf_exempt\ndef hook(r): return r.user\n"
        },
        settings,
    )
    assert [r.id for r in records] == ["django_chained.I503"]
    assert "HMAC-signed" in records[0].message


def test_no_csrf_findings_without_csrf_middleware(tmp_path):
    records = project(
        tmp_path,
        {
            "app/views.py": "from x import csrf_exempt\n@csrf_exempt\ndef hook(r): return r.user\n"
        },
        "MIDDLEWARE = []\n",
    )
    assert records == []


#: pretalx's shape: the subclasses in a module of a middleware package, re-exported by its __init__.
DOMAIN_MIDDLEWARE = {
    "app/middleware/__init__.py": "from .domains import CsrfViewMiddleware, SessionMiddleware\n",
    "app/middleware/domains.py": """\
        from django.contrib.sessions import middleware as sessions
        from django.middleware.csrf import CsrfViewMiddleware as BaseCsrfMiddleware

        class CsrfViewMiddleware(BaseCsrfMiddleware):
            def process_response(self, request, response):
                return super().process_response(request, response)

        class SessionMiddleware(sessions.SessionMiddleware):
            pass

        class LookalikeCsrfMiddleware:
            def __init__(self, get_response):
                self.get_response = get_response
    """,
    "app/views.py": "from x import csrf_exempt\n@csrf_exempt\ndef hook(r): return r.user\n",
}


@pytest.mark.parametrize(
    ("middleware", "expected"),
    [
        (["app.middleware.SessionMiddleware", "app.middleware.CsrfViewMiddleware"], ["django_chained.W501"]),
        (["app.middleware.CsrfViewMiddleware"], ["django_chained.I502"]),
        (["app.middleware.SessionMiddleware", "app.middleware.domains.LookalikeCsrfMiddleware"], []),
        (["app.middleware.SessionMiddleware", "app.nowhere.CsrfViewMiddleware"], []),
    ],
    ids=["subclasses", "csrf-subclass-without-sessions", "lookalike", "not-in-the-tree"],
)  # fmt: skip
def test_project_subclasses_of_django_middleware_count_as_installed(
    tmp_path, middleware, expected
):
    stack = [*middleware, "django.contrib.auth.middleware.AuthenticationMiddleware"]
    records = project(tmp_path, DOMAIN_MIDDLEWARE, f"MIDDLEWARE = {stack!r}\n")
    assert [r.id for r in records] == expected


@pytest.mark.parametrize("shared_index", [False, True])
def test_unscoped_class_based_views(tmp_path, shared_index):
    records = project(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": """\
            from django.contrib.auth.mixins import UserPassesTestMixin
            from django.views import generic
            from django_chained.mixins import OwnerQuerysetMixin
            from django_chained.views import authorization_exempt
            from .models import Project, Public, Task

            class Unscoped(generic.DetailView):
                model = Project

            class UnscopedList(generic.ListView):
                queryset = Task.objects.filter(done=False)

            class Mixin(OwnerQuerysetMixin, generic.DetailView):
                model = Project

            class Overrides(generic.UpdateView):
                model = Task
                def get_queryset(self): ...

            class TestFunc(UserPassesTestMixin, generic.DetailView):
                model = Project

            class NotOwned(generic.DetailView):
                model = Public

            @authorization_exempt("public listing")
            class Exempt(generic.ListView):
                model = Project

            class Create(generic.CreateView):
                model = Project

            class NoModel(generic.DetailView):
                pass
        """,
        },
        SESSION_SETTINGS,
        shared_index=shared_index,
    )
    records = [r for r in records if r.id == "django_chained.W201"]
    assert found(records) == [
        ("django_chained.W201", "app.views.Unscoped", "app/views.py:7"),
        ("django_chained.W201", "app.views.UnscopedList", "app/views.py:10"),
    ]
    assert "app.Task objects through the list view" in records[1].message


PERMISSION_MIXINS = """\
    from django.contrib.auth.mixins import PermissionRequiredMixin as ModelPermissionMixin
    from django.shortcuts import get_object_or_404
    from django.utils.functional import cached_property
    from guardian.mixins import PermissionRequiredMixin as GuardianPermissionMixin
    from rules.contrib.views import PermissionRequiredMixin

    class TeamPermissionRequired(PermissionRequiredMixin):
        def get_permission_object(self):
            return self.request.team

    class SharedFilesPermission(GuardianPermissionMixin):
        accept_global_perms = True

    class TeamProjectMixin:
        def get_object(self, queryset=None):
            return get_object_or_404(self.request.team.projects, pk=self.kwargs["pk"])

    class MemberCheckMixin(ModelPermissionMixin):
        def has_permission(self):
            return self.project.members.filter(pk=self.request.user.pk).exists()

        @cached_property
        def project(self):
            return self.get_object()

    class CoordinatorMixin(ModelPermissionMixin):
        def has_permission(self):
            return self.can_coordinate

        @property
        def can_coordinate(self):
            return self.target_user.groups.filter(name="coordinators").exists()

        def target_user(self):
            return self.request.user
"""

GUARDED_VIEWS = """\
    from django.http import HttpResponseForbidden
    from django.views.generic import DeleteView, DetailView, ListView, UpdateView
    from guardian.mixins import LoginRequiredMixin
    from app import mixins
    from app.permissions import SharedFilesPermission
    from .mixins import CoordinatorMixin, MemberCheckMixin, ModelPermissionMixin, TeamProjectMixin
    from .models import Project, Task

    class ByRules(mixins.TeamPermissionRequired, DetailView):
        model = Project

    class ByGuardian(SharedFilesPermission, UpdateView):
        model = Project

    class ByInheritedGetObject(TeamProjectMixin, DeleteView):
        model = Project

    class ByHasPermission(MemberCheckMixin, DetailView):
        model = Project

    class ByDispatch(DetailView):
        model = Task

        def dispatch(self, request, *args, **kwargs):
            if request.user not in self.get_object().project.members.all():
                return HttpResponseForbidden()
            return super().dispatch(request, *args, **kwargs)

    class TeamTaskBase(DetailView):
        model = Task

    class TeamTask(TeamTaskBase):
        def get_queryset(self):
            return Task.objects.filter(project__team=self.request.team)

    class LoginOnly(LoginRequiredMixin, DetailView):
        model = Project

    class ModelPermissionOnly(ModelPermissionMixin, UpdateView):
        model = Project
        permission_required = "app.change_project"

    class LoadsWithoutRefusing(DetailView):
        model = Task

        def dispatch(self, request, *args, **kwargs):
            self.object = self.get_object()
            return super().dispatch(request, *args, **kwargs)

    class Coordinated(CoordinatorMixin, DetailView):
        model = Project

    class CoordinatedList(CoordinatorMixin, ListView):
        model = Project
"""


def test_object_checks_through_the_bases_count_as_scoping(tmp_path):
    records = project(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/mixins.py": PERMISSION_MIXINS,
            # re-exported, as a package's public module would
            "app/permissions.py": "from app.mixins import SharedFilesPermission\n",
            "app/views.py": GUARDED_VIEWS,
        },
        SESSION_SETTINGS,
    )
    authorization = [r for r in records if r.id.startswith("django_chained.W2")]
    assert sorted(r.obj.removeprefix("app.views.") for r in authorization) == [
        "CoordinatedList",
        "LoadsWithoutRefusing",
        "LoginOnly",
        "ModelPermissionOnly",
    ]
    assert {r.id for r in authorization} == {"django_chained.W201"}


def test_own_permission_check_not_seen_reaching_the_object_is_i212(tmp_path):
    records = project(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/mixins.py": PERMISSION_MIXINS,
            "app/permissions.py": "from app.mixins import SharedFilesPermission\n",
            "app/views.py": GUARDED_VIEWS,
        },
        SESSION_SETTINGS,
    )
    infos = [r for r in records if r.id == "django_chained.I212"]
    assert [(r.obj, r.location) for r in infos] == [
        ("app.views.Coordinated", "app/views.py:50")
    ]
    assert "app.mixins.CoordinatorMixin.has_permission()" in infos[0].message


def test_unrouted_base_view_is_still_judged_when_nothing_extends_it(tmp_path):
    views = """\
        from django.views.generic import DetailView
        from .models import Project

        class ProjectBase(DetailView):
            model = Project

        class Helper:
            pass

        class NotAView(Helper):
            pass
    """
    records = project(
        tmp_path,
        {"app/models.py": MODELS, "app/views.py": views},
        SESSION_SETTINGS,
    )
    assert [r.obj for r in records if r.id == "django_chained.W201"] == [
        "app.views.ProjectBase"
    ]


def test_authz_exemption_from_settings(tmp_path):
    settings = (
        SESSION_SETTINGS
        + "CHAINED_AUTHZ_EXEMPT_VIEWS = {'app.views.Unscoped': 'public'}\n"
    )
    records = project(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/views.py": "from django.views.generic import DetailView\nfrom .models import Project\nclass Unscoped(DetailView):\n    model = Project\n",
        },
        settings,
    )
    assert [r for r in records if r.id == "django_chained.W201"] == []


def test_file_fields_on_default_public_storage(tmp_path):
    records = project(tmp_path, {"app/models.py": MODELS}, SESSION_SETTINGS)
    assert found(records) == [
        ("django_chained.W601", "app.Upload.bare", "app/models.py:18"),
        ("django_chained.W601", "app.Upload.dated", "app/models.py:17"),
        ("django_chained.W601", "app.Upload.plain", "app/models.py:16"),
    ]
    by_field = {r.obj: r.message for r in records}
    assert "in dated folders" in by_field["app.Upload.dated"]
    assert "in dated folders" not in by_field["app.Upload.plain"]
    assert "under MEDIA_URL '/media/'" in by_field["app.Upload.plain"]


@pytest.mark.parametrize(
    "settings",
    [
        "MEDIA_URL = ''\n",
        "MEDIA_URL = '/m/'\nSTORAGES = {'default': {'BACKEND': 'django_chained.storage.RandomFileSystemStorage'}}\n",
    ],
)
def test_file_fields_not_judged_without_public_file_system_storage(tmp_path, settings):
    assert project(tmp_path, {"app/models.py": MODELS}, settings) == []


def test_startproject_middleware_assumed_without_settings(tmp_path):
    records = project(
        tmp_path,
        {
            "app/views.py": "from x import csrf_exempt\n@csrf_exempt\ndef hook(r): return r.user\n"
        },
    )
    assert [r.id for r in records] == ["django_chained.W501"]


def test_owned_models_follow_two_hops_and_the_setting(tmp_path):
    path = tmp_path / "shop" / "models.py"
    path.parent.mkdir()
    path.write_text(
        textwrap.dedent(MODELS)
        + textwrap.dedent("""\
        class Comment(models.Model):
            task = models.ForeignKey(Task, on_delete=models.CASCADE)

        class Profile(models.Model):
            user = models.OneToOneField(to="accounts.Member", on_delete=models.CASCADE)

        class Member(Model):
            pass
    """)
    )
    models = read_models(parse_files([path]))
    assert owned_models(models) == {"Project", "Task"}
    assert owned_models(models, "accounts.Member") == {"Project", "Task", "Profile"}
    assert "Public" in owned_models(models, owner_models=["shop.Public"])
    assert models["Upload"].label == "shop.Upload"


def test_models_inherit_relations_from_bases_in_other_apps(tmp_path):
    """``MailAccount(ModelWithOwner)``: the owner comes from an abstract base read after it."""
    mail = tmp_path / "mail" / "models.py"
    documents = tmp_path / "documents" / "models.py"
    for path in (mail, documents):
        path.parent.mkdir(parents=True)
    mail.write_text(
        "from documents import models as document_models\n"
        "class MailAccount(document_models.ModelWithOwner):\n"
        "    pass\n"
        "class MailRule(MailAccount):\n"
        "    pass\n"
    )
    documents.write_text(
        "from django.db import models\n"
        "class ModelWithOwner(models.Model):\n"
        "    owner = models.ForeignKey(User, on_delete=models.SET_NULL)\n"
        "    class Meta:\n"
        "        abstract = True\n"
        "class Tag(models.Model):\n"
        "    name = models.CharField(max_length=9)\n"
    )
    models = read_models(parse_files([mail, documents]))
    assert models["MailAccount"].relations == {"owner": "User"}
    assert models["MailAccount"].label == "mail.MailAccount"
    assert owned_models(models) >= {"MailAccount", "MailRule"}
    assert "Tag" not in owned_models(models)


def test_model_inheritance_cycles_end(tmp_path):
    path = tmp_path / "shop" / "models.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "class AModel(BModel):\n    a = models.ForeignKey(User)\n"
        "class BModel(AModel):\n    b = models.ForeignKey(User)\n"
    )
    models = read_models(parse_files([path]))
    assert models["AModel"].relations == {"a": "User", "b": "User"}


def test_models_package_gets_its_app_label(tmp_path):
    path = tmp_path / "shop" / "models" / "orders.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from django.db import models\nclass Order(models.Model):\n    pass\nclass Helper:\n    pass\n"
    )
    assert {name: m.label for name, m in read_models(parse_files([path])).items()} == {
        "Order": "shop.Order"
    }


def test_source_tree_skips_vendored_and_excluded(tmp_path):
    for name in ("app/views.py", ".venv/x.py", "node_modules/y.py", "app/templates/a.html", "app/notes.html",
                 "gen/skip.py", "app/skip_me.py"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    tree = SourceTree.discover(tmp_path, exclude=["gen", "skip_*"])
    assert [tree.relative(p) for p in tree.python_files] == ["app/views.py"]
    assert [tree.relative(p) for p in tree.template_files] == ["app/templates/a.html"]
    assert tree.relative(Path("/elsewhere/x.py")) == "/elsewhere/x.py"


def test_module_names_follow_packages(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    for name in (
        "pkg/__init__.py",
        "pkg/sub/__init__.py",
        "pkg/sub/mod.py",
        "script.py",
    ):
        (tmp_path / name).write_text("")
    tree = SourceTree.discover(tmp_path)
    assert tree.module_name(tmp_path / "pkg" / "sub" / "mod.py") == "pkg.sub.mod"
    assert tree.module_name(tmp_path / "pkg" / "sub" / "__init__.py") == "pkg.sub"
    assert tree.module_name(tmp_path / "script.py") == "script"


def test_static_settings_default_object_has_no_values(tmp_path):
    assert StaticSettings(path=tmp_path).settings == {}


FETCHES = """\
    from django.contrib.auth.models import Group, User
    from django.contrib.sites.models import Site
    from django.shortcuts import get_object_or_404

    from app.models import Project, Public, Task

    def task(request, pk):
        return Task.objects.get(pk=pk)

    def public(request, pk):
        return Public.objects.get(pk=pk)

    def group(request, pk):
        return get_object_or_404(Group, pk=pk)

    def user(request, pk):
        return get_object_or_404(User, pk=pk)

    def site(request, pk):
        return get_object_or_404(Site, pk=pk)

    def unknown(request, pk):
        return Order.objects.get(pk=pk)
"""


def fetch_lines(tmp_path, settings=None):
    """Lines of views.py with a W250 in the standalone scan."""
    files = {"app/models.py": MODELS, "app/views.py": FETCHES}
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    (tmp_path / "app" / "__init__.py").touch()
    if settings is not None:
        (tmp_path / "settings.py").write_text(textwrap.dedent(settings))
    records = scan_tree(tmp_path, use_cache=False).records
    return sorted(r.line for r in records if r.id == "django_chained.W250")


def test_fetches_of_models_without_owner_are_dropped_as_inside_django(tmp_path):
    # Task (owned through Project) and the unknown Order stay; Public, Group and User go.
    # Site stays: without a settings module, the startproject apps (no sites) are assumed.
    assert fetch_lines(tmp_path) == [8, 20, 23]


def test_installed_contrib_apps_and_owner_models_setting_count(tmp_path):
    settings = """\
        INSTALLED_APPS = ["django.contrib.auth", "django.contrib.sites.apps.SitesConfig", "app"]
        CHAINED_OWNER_MODELS = ["app.Public", "auth.User"]
    """
    assert fetch_lines(tmp_path, settings) == [8, 11, 17, 23]


def test_custom_user_model_outside_the_tree_has_no_owner(tmp_path):
    assert installed_models_without_owner([], "accounts.Member") == {
        "Member": "accounts.Member"
    }
