"""Which functions taking ``request`` the 2xx rules audit: not ModelAdmin methods, classmethods or test code."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.scan.python.walker import scan_python

FETCH = "    return Report.objects.get(pk=pk)\n"
DECISION = "    assert request.META['HTTP_X_FORWARDED_FOR']\n"


def ids(source: str, path: str = "app/views.py") -> list[str]:
    return [f.id for f in scan_python(path, textwrap.dedent(source))]


@pytest.mark.parametrize(
    "name",
    ["tests.py", "test_views.py", "views_test.py", "views_tests.py", "conftest.py"],
)
def test_test_modules_are_not_audited(name):
    source = f"def view(request, pk):\n{FETCH}{DECISION}"
    assert ids(source, f"app/{name}") == []


@pytest.mark.parametrize("name", ["testimonials.py", "contest.py", "attest_views.py"])
def test_modules_merely_named_like_tests_are(name):
    source = f"def view(request, pk):\n{FETCH}"
    assert ids(source, f"app/{name}") == ["django_chained.W250"]


def test_folders_do_not_make_test_code():
    """Scanned paths are absolute: a project checked out under tests/ keeps its findings."""
    source = f"def view(request, pk):\n{FETCH}"
    assert ids(source, "/srv/tests/shop/app/views.py") == ["django_chained.W250"]


@pytest.mark.parametrize(
    "header",
    [
        "def test_view(request, pk):",
        "def testView(request, pk):",
        "def test(request, pk):",
    ],
)
def test_test_functions_are_not_audited(header):
    assert ids(f"{header}\n{FETCH}{DECISION}") == []


@pytest.mark.parametrize(
    "header",
    [
        "class TestViews:",
        "class ViewTests:",
        "class ViewTestCase:",
        "class Views(SimpleTestCase):",
    ],
)
def test_methods_of_test_classes_are_not_audited(header):
    source = f"{header}\n    def helper(self, request, pk):\n    {FETCH}    {DECISION}"
    assert ids(source) == []


@pytest.mark.parametrize("name", ["test", "test_connection", "testConnection"])
def test_viewset_action_named_like_a_test_is_audited(name):
    """pytest and unittest collect ``test*`` methods only of test classes."""
    source = f"""\
class MailAccountViewSet(ModelViewSet):
    @action(methods=["post"], detail=False)
    def {name}(self, request):
        account = MailAccount.objects.get(pk=request.data["id"])
        return Response(account.password)
"""
    assert [(f.line, f.id) for f in scan_python("views.py", source)] == [
        (4, "django_chained.W250")
    ]


@pytest.mark.parametrize("decorator", ["@shared_task", "@app.task(bind=True)", "@task"])
def test_celery_tasks_are_not_audited(decorator):
    """Celery hands an error callback the task's own ``request``; its ids come from the server."""
    source = f"{decorator}\ndef error_callback(request, exc, tb, rule_id):\n    return MailRule.objects.get(pk=rule_id)\n"
    assert ids(source, "mail/tasks.py") == []
    assert ids(source.split("\n", 1)[1], "mail/tasks.py") == ["django_chained.W250"]


def test_function_nested_in_a_test_is_test_code():
    source = f"def test_view():\n    def view(request, pk):\n    {FETCH}"
    assert ids(source) == []


@pytest.mark.parametrize(
    "header",
    [
        "class ReportAdmin(admin.ModelAdmin):",
        "class Reports(ModelAdmin):",
        "class Lines(admin.TabularInline):",
        "class Site(AdminSite):",
        "class Reports(VersionAdminMixin, BaseReportAdmin[Report]):",
    ],
)
def test_admin_class_methods_are_not_audited(header):
    source = f"{header}\n    def report_view(self, request, pk):\n    {FETCH}"
    assert ids(source) == []


ADMIN_HOOKS = [
    "add_view", "change_view", "changeform_view", "changelist_view", "delete_view", "history_view",
    "save_model", "delete_model", "delete_queryset", "save_related", "save_formset",
    "response_add", "response_change", "response_delete", "response_post_save_add",
    "response_post_save_change", "get_changeform_initial_data", "get_changelist_instance",
    "get_search_results", "log_addition", "log_change", "log_deletion", "message_user",
]  # fmt: skip


@pytest.mark.parametrize("hook", ADMIN_HOOKS)
def test_admin_hook_in_a_mixin_is_not_audited(hook):
    source = f"class ExportMixin:\n    def {hook}(self, request, pk):\n    {FETCH}"
    assert ids(source) == []


@pytest.mark.parametrize("method", ["change", "export_view", "save"])
def test_other_methods_of_a_mixin_are_audited(method):
    source = f"class ExportMixin:\n    def {method}(self, request, pk):\n    {FETCH}"
    assert ids(source) == ["django_chained.W250"]


def test_classmethod_is_not_a_handler_but_a_plain_method_is():
    source = f"""\
class Schema:
    @classmethod
    def resolve(cls, request, pk):
    {FETCH}
    def get(self, request, pk):
    {FETCH}"""
    assert [(f.line, f.id) for f in scan_python("views.py", source)] == [
        (7, "django_chained.W250")
    ]


def test_cookie_decision_outside_tests_is_still_reported():
    assert ids(f"def view(request):\n{DECISION}") == ["django_chained.W251"]


# One served-code finding per rule family that skips tests and migrations.
UNSERVED_FAMILIES = {
    "django_chained.W150": 'def view(request):\n    response.set_cookie("sessionid", "x")\n',
    "django_chained.W250": f"def view(request, pk):\n{FETCH}",
    "django_chained.W401": 'def run(table):\n    cursor.execute("DROP TABLE " + table)\n',
    "django_chained.W650": 'def view(request):\n    open(request.FILES["f"].name, "wb")\n',
    "django_chained.W651": 'def view(request):\n    return FileResponse(open(request.GET["p"], "rb"))\n',
}


def _module_in(tmp_path, folders: str, packages: bool, source: str) -> str:
    """Write ``views.py`` under ``folders``, each folder a package when ``packages``."""
    folder = tmp_path
    for name in folders.split("/"):
        folder = folder / name
        folder.mkdir()
        if packages:
            (folder / "__init__.py").write_text("")
    module = folder / "views.py"
    module.write_text(source)
    return str(module)


@pytest.mark.parametrize("rule", sorted(UNSERVED_FAMILIES))
@pytest.mark.parametrize("folders", ["app/tests", "app/tests/unit", "app/migrations"])
def test_modules_of_test_and_migration_packages_are_not_served(tmp_path, rule, folders):
    source = UNSERVED_FAMILIES[rule]
    path = _module_in(tmp_path, folders, True, source)
    assert ids(source, path) == []


@pytest.mark.parametrize("rule", sorted(UNSERVED_FAMILIES))
def test_same_code_in_a_served_package_is_reported(tmp_path, rule):
    source = UNSERVED_FAMILIES[rule]
    assert ids(source, _module_in(tmp_path, "app/views_pkg", True, source)) == [rule]


@pytest.mark.parametrize("rule", sorted(UNSERVED_FAMILIES))
def test_test_modules_are_not_served_for_any_family(rule):
    assert ids(UNSERVED_FAMILIES[rule], "app/test_views.py") == []


def test_folders_that_are_not_packages_do_not_make_test_code(tmp_path):
    """A checkout under /srv/tests/ or /srv/migrations/ is no package of the project."""
    source = UNSERVED_FAMILIES["django_chained.W401"]
    path = _module_in(tmp_path, "tests/migrations/shop", False, source)
    assert ids(source, path) == ["django_chained.W401"]


def test_a_test_package_above_a_non_package_folder_does_not_count(tmp_path):
    """Only the unbroken chain of packages around the module says what it belongs to."""
    source = UNSERVED_FAMILIES["django_chained.W401"]
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    path = _module_in(tmp_path / "tests", "checkout/app", True, source)
    (tmp_path / "tests" / "checkout" / "__init__.py").unlink()
    assert ids(source, path) == ["django_chained.W401"]
