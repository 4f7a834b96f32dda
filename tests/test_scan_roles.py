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


def test_admin_hook_in_a_mixin_is_not_audited():
    source = f"class ExportMixin:\n    def change_view(self, request, pk):\n    {FETCH}"
    assert ids(source) == []


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
