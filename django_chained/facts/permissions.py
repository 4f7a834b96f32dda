"""How a view's permission code relates to the object it serves, from the names that code uses.

Inside Django the names come from a method's bytecode (``co_names``), in the standalone scan from
its syntax tree; both follow ``self.<name>`` into the project's other methods and properties, so
the two entry points decide the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Packages whose permission mixins check object permissions (``get_permission_object()``).
OBJECT_PERMISSION_PACKAGES = ("guardian", "rules")
#: Methods that decide whether a request may go on; ``dispatch`` only counts when it also refuses.
PERMISSION_METHODS = ("has_permission", "test_func", "dispatch")
#: Methods a project overrides to write its own permission answer.
CUSTOM_CHECK_METHODS = ("has_permission", "test_func")
#: Names through which a method reaches the object the URL names.
OBJECT_NAMES = frozenset({"get_object", "object", "get_permission_object"})
#: Names showing that ``dispatch`` refuses a request (or asks a permission question).
REFUSAL_NAMES = frozenset(
    {
        "has_perm",
        "has_perms",
        "PermissionDenied",
        "Http404",
        "HttpResponseForbidden",
        "HttpResponseNotFound",
        "handle_no_permission",
    }
)
#: How far ``self.<name>`` is followed from a permission method.
FOLLOW_DEPTH = 4


def is_object_permission_mixin(module: str, name: str) -> bool:
    """A django-guardian or django-rules permission mixin (not guardian's ``LoginRequiredMixin``)."""
    return module.split(".")[0] in OBJECT_PERMISSION_PACKAGES and "Permission" in name


def checks_the_object(method: str, names: Iterable[str]) -> bool:
    """Whether ``method``, using ``names`` (with what it reaches), decides on the object itself.

    ``has_permission``/``test_func`` that fetch the object answer for it; ``dispatch`` must also
    refuse or ask (``REFUSAL_NAMES``: ``has_perm``, ``PermissionDenied``, ``HttpResponseForbidden`` …),
    since a dispatch that only loads the object decides nothing.
    """
    used = frozenset(names)
    if not used & OBJECT_NAMES:
        return False
    return method != "dispatch" or bool(used & REFUSAL_NAMES)
