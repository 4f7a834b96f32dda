"""Decorators written in the scanned module: those that check access count as a permission check."""

from __future__ import annotations

import ast
import textwrap

import pytest

from django_chained.scan.python.access_decorators import checks_access
from django_chained.scan.python.context import FileContext
from django_chained.scan.python.walker import scan_python


def w250(source: str) -> bool:
    findings = scan_python("app/views.py", textwrap.dedent(source))
    return any(f.id == "django_chained.W250" for f in findings)


CUSTOM_DECORATOR = """\
def member_only(view):
    BODY


@member_only
def view(request, pk):
    return Report.objects.get(pk=pk)
"""


@pytest.mark.parametrize(
    "body",
    [
        "return user_passes_test(lambda u: u.is_staff)(view)",
        "raise PermissionDenied",
        "return http.HttpResponseForbidden()",
    ],
)
def test_decorators_of_this_module_that_check_access_are_quiet(body):
    assert not w250(CUSTOM_DECORATOR.replace("BODY", body))


@pytest.mark.parametrize(
    "body",
    ["return view", "return cache_page(60)(view)", "return redirect_to_login('/')"],
)
def test_decorators_of_this_module_that_check_nothing_still_warn(body):
    assert w250(CUSTOM_DECORATOR.replace("BODY", body))


def test_an_imported_decorator_of_the_same_name_is_unknown():
    source = CUSTOM_DECORATOR.replace("def member_only(view):\n    BODY\n", "")
    assert w250(source)


def test_checks_access_answers_for_functions_of_this_module_only():
    text = (
        "def staff_only(view):\n    return user_passes_test(is_staff)(view)\n\n"
        "def cached(view):\n    return cache_page(60)(view)\n"
    )
    ctx = FileContext("app/decorators.py", text, ast.parse(text), {})
    assert checks_access("staff_only", ctx) is True
    assert checks_access("cached", ctx) is False
    assert checks_access("login_required", ctx) is False


GROUP_DECORATORS = """\
def in_group(name):
    return user_passes_test(lambda u: u.groups.filter(name=name).exists())


def editors_only(view):
    return in_group("editors")(view)


def cached_editors_only(view):
    return cache_page(60)(editors_only(view))


def recursive(view):
    return recursive(view)
"""


@pytest.mark.parametrize("decorator", ["editors_only", "cached_editors_only"])
def test_a_decorator_applying_an_access_decorator_of_this_module_is_one(decorator):
    source = f"{GROUP_DECORATORS}\n\n@{decorator}\ndef view(request, pk):\n    return Report.objects.get(pk=pk)\n"
    assert not w250(source)


def test_a_decorator_applying_only_itself_checks_nothing():
    ctx = FileContext("app/views.py", GROUP_DECORATORS, ast.parse(GROUP_DECORATORS), {})
    assert checks_access("recursive", ctx) is False
    assert checks_access("editors_only", ctx) is True
