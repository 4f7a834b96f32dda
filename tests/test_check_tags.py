"""Our checks carry the ``django_chained`` tag and never Django's ``security`` one."""

from __future__ import annotations

import re
from io import StringIO

from django.core.checks import Tags
from django.core.checks.registry import registry
from django.core.management import call_command

from django_chained.checks import REGISTRY
from django_chained.checks.registry import TAG

ID = re.compile(r"\(((?:django_chained|security)\.[CEWID]\d{3})\)")


def ours(check):
    return check.__module__.startswith("django_chained.")


def registered():
    return registry.registered_checks | registry.deployment_checks


def test_every_registered_check_of_ours_has_our_tag_and_not_security():
    checks = [check for check in registered() if ours(check)]
    assert len(checks) == len(REGISTRY)
    for check in checks:
        assert TAG in check.tags, check
        assert Tags.security not in check.tags, check


def test_django_security_checks_keep_only_their_own_tags():
    security = [check for check in registered() if Tags.security in check.tags]
    assert security, "Django registers its security checks"
    assert not any(ours(check) or TAG in check.tags for check in security)


def printed_ids(*tags: str, scanned) -> set[str]:
    out = StringIO()
    with scanned("sql_positive.py"):
        call_command("check", deploy=True, tags=list(tags), stdout=out, stderr=out)
    return set(ID.findall(out.getvalue()))


def test_tag_security_runs_djangos_checks_and_none_of_ours(scanned):
    found = printed_ids(Tags.security, scanned=scanned)
    assert any(check_id.startswith("security.") for check_id in found)
    assert not any(check_id.startswith("django_chained.") for check_id in found)


def test_tag_django_chained_runs_ours_and_none_of_djangos_security_checks(scanned):
    found = printed_ids(TAG, scanned=scanned)
    assert "django_chained.W401" in found
    assert not any(check_id.startswith("security.") for check_id in found)


def test_both_tags_run_both(scanned):
    found = printed_ids(Tags.security, TAG, scanned=scanned)
    assert "django_chained.W401" in found
    assert any(check_id.startswith("security.") for check_id in found)
