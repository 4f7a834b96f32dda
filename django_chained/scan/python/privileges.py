"""Which fields of a model grant privileges: what a form or serializer must never let the client set.

In the scan package, so a change to the list changes the engine version and the scan cache.

Only names that mean a privilege wherever they appear: ``role``, ``owner`` and ``balance`` are
domain fields in real projects (NetBox's device ``role``, its ``owner`` groups) far more often
than grants, and a form listing them is usually right to.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Flags and grants that make a user an administrator, on any model.
PRIVILEGED_FIELDS = frozenset(
    {"is_staff", "is_superuser", "is_admin", "is_superadmin", "user_permissions"}
)
#: ``PermissionsMixin.groups``: a grant on a model that has another privilege (the user model),
#: an ordinary relation elsewhere (NetBox's notification groups).
GROUPS = "groups"
#: What ``AbstractUser`` (Django's ``User``) and ``PermissionsMixin`` give a model.
USER_FIELDS = frozenset({"is_staff", "is_superuser", "groups", "user_permissions"})
PERMISSIONS_MIXIN_FIELDS = frozenset({"is_superuser", "groups", "user_permissions"})


def privileged_among(field_names: Iterable[str]) -> frozenset[str]:
    """The privileged fields of a model with these field names."""
    names = frozenset(field_names)
    found = names & PRIVILEGED_FIELDS
    if found and GROUPS in names:
        found |= {GROUPS}
    return found
