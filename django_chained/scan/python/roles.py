"""What a function that takes ``request`` is for: a request handler, a ModelAdmin hook, or test code.

The 2xx code rules audit request handlers; a function does not become one by naming its first
parameter ``request``.  ModelAdmin methods run behind the admin site's own staff and model
permission checks, and test code and migrations are never served.
"""

from __future__ import annotations

import ast
import os
import re
from functools import lru_cache

from django_chained.scan.python.context import FileContext
from django_chained.scan.python.function_info import FunctionInfo

#: ``ModelAdmin``, ``PageAdmin``, ``TabularInline``, ``SiteAdminMixin``, ``AdminSite``: not ``AdminDashboardView``.
_ADMIN_CLASS = re.compile(r"(?:Admin|AdminMixin|AdminSite|Inline)$")
#: ``ModelAdmin`` methods that receive the request: a mixin overriding one is an admin class too.
ADMIN_HOOKS = frozenset(
    {
        "add_view",
        "change_view",
        "changeform_view",
        "changelist_view",
        "delete_view",
        "history_view",
        "save_model",
        "delete_model",
        "delete_queryset",
        "save_related",
        "save_formset",
        "response_add",
        "response_change",
        "response_delete",
        "response_post_save_add",
        "response_post_save_change",
        "get_changeform_initial_data",
        "get_changelist_instance",
        "get_search_results",
        "log_addition",
        "log_change",
        "log_deletion",
        "message_user",
    }
)
_TEST_MODULE = re.compile(r"^(?:test_\w*|\w+_tests?|tests|conftest)\.py$")
#: pytest's and unittest's collection rules: ``test_x``, ``testX``; not ``testimonial``.
_TEST_FUNCTION = re.compile(r"^test(?:_|[A-Z0-9]|$)")
_TEST_CLASS = re.compile(r"^Test(?:[A-Z0-9_]|$)|Tests$|TestCase$")
#: Packages whose modules are run by the test runner or ``migrate``, never by a request.
_UNSERVED_PACKAGES = frozenset({"tests", "test", "migrations"})


def base_names(cls: ast.ClassDef) -> list[str]:
    """The last name of each base: ``ModelAdmin`` for ``admin.ModelAdmin``; others are skipped."""
    names = []
    for base in cls.bases:
        if isinstance(base, ast.Subscript):  # Generic[T], ModelAdmin[Page]
            base = base.value
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
    return names


def is_admin_method(function: FunctionInfo) -> bool:
    """A method of a ModelAdmin (by its class's name or bases), or a ModelAdmin hook a mixin overrides."""
    cls = function.enclosing_class
    if cls is None:
        return False
    if function.node.name in ADMIN_HOOKS:
        return True
    return any(_ADMIN_CLASS.search(name) for name in (cls.name, *base_names(cls)))


#: Task decorators: Celery passes an error callback its own ``request`` (the task's context).
_TASK_DECORATORS = frozenset({"shared_task", "task", "periodic_task"})


def is_request_handler(function: FunctionInfo) -> bool:
    """Not a task, not a classmethod (Django calls handlers on an instance), not a ModelAdmin method."""
    if not _TASK_DECORATORS.isdisjoint(function.decorator_names):
        return False
    if function.enclosing_class is None:
        return True
    return "classmethod" not in function.decorator_names and not is_admin_method(
        function
    )


def _is_test_class(cls: ast.ClassDef) -> bool:
    return bool(_TEST_CLASS.search(cls.name)) or any(
        name.endswith("TestCase") for name in base_names(cls)
    )


@lru_cache(maxsize=1024)
def enclosing_packages(folder: str) -> tuple[str, ...]:
    """Names of the packages a module in ``folder`` belongs to, innermost first.

    Only folders holding an ``__init__.py`` count: the folders a project is checked out under
    (``/srv/tests/shop``) are no packages of it.
    """
    names: list[str] = []
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        names.append(os.path.basename(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return tuple(names)


@lru_cache(
    maxsize=1024
)  # asked for each function of a file by every rule that skips tests
def is_unserved_module(path: str) -> bool:
    """A test module (by its name) or a module of a ``tests``/``migrations`` package."""
    if _TEST_MODULE.match(os.path.basename(path)):
        return True
    folder = os.path.dirname(os.path.abspath(path))
    return not _UNSERVED_PACKAGES.isdisjoint(enclosing_packages(folder))


def is_test_code(ctx: FileContext) -> bool:
    """The node being walked is in a test or migration module, a test function or a test class.

    A module's folders count only as packages (see ``enclosing_packages``): the scanned paths are
    absolute, and a project checked out under a ``tests`` folder must not lose its findings.
    """
    if is_unserved_module(ctx.path):
        return True
    for function in ctx.functions:
        cls = function.enclosing_class
        # A method counts by its class: pytest and unittest collect ``test*`` methods only of test
        # classes, and a ViewSet action may be called ``test`` (check a mail account's settings).
        if cls is None and _TEST_FUNCTION.match(function.node.name):
            return True
        if cls is not None and _is_test_class(cls):
            return True
    return False
