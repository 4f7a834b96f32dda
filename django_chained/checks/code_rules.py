"""Scan-engine findings for the HTTPS (1xx), authorization (2xx) and media (6xx) concerns, and unscannable files."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage

from django_chained.checks.registry import Registration, deploy
from django_chained.checks.serializer_writers import (
    is_users_row_named,
    related_model_named,
    relation_fields_named,
    routed_writer_judge,
)
from django_chained.ownership import (
    is_attributed_model_named,
    is_directly_owned_model_named,
    is_owned_model_named,
)
from django_chained.privileges import installed_privileged_fields
from django_chained.scan.findings import visible
from django_chained.scan.project import project_scan, scan_messages
from django_chained.scan.python.access import drop_unowned_fetches
from django_chained.scan.python.form_fields import drop_unprivileged_forms
from django_chained.scan.python.implicit_relations import drop_checked_relations
from django_chained.scan.python.listed_rows import drop_unowned_listings
from django_chained.scan.python.serializer_relations import drop_unowned_relations


def check_cookie_code(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags set_cookie() of cookies that carry identity (by name, or read to decide who the user is) without secure=True."""
    return scan_messages(1)


def check_authorization_code(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags views fetching users' objects by client-chosen keys without request.user, decisions read from cookies or headers, and forms writing privileged fields."""
    # The scan cannot tell public models from owned ones, nor see another file's fields; the app registry can.
    findings = drop_unowned_fetches(
        project_scan().for_concern(2), is_owned_model_named, is_attributed_model_named
    )
    findings = drop_unprivileged_forms(findings, installed_privileged_fields)
    findings = drop_unowned_relations(findings, is_directly_owned_model_named)
    findings = drop_unowned_listings(
        findings, is_directly_owned_model_named, is_attributed_model_named
    )
    findings = drop_checked_relations(
        findings,
        related_model_named,
        relation_fields_named,
        is_users_row_named,
        is_directly_owned_model_named,
        routed_writer_judge(),
    )
    return [finding.to_check_message() for finding in visible(findings)]


def check_file_code(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags files written under, or served from, a path the client chose, which allows overwrites and path traversal."""
    return scan_messages(6)


def check_unscanned_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Reports source files the scan had to skip, so a gap in coverage is never silent."""
    return scan_messages(0)


REGISTRY: tuple[Registration, ...] = (
    deploy(check_cookie_code),
    deploy(check_authorization_code),
    deploy(check_file_code),
    deploy(check_unscanned_files),
)
