"""Expected to FAIL: the insecure app serves any invoice to any logged-in user.

tests/test_testing.py runs this in a subprocess and asserts the failure names the URL.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase

from django_chained.testing import OwnerOnlyTestMixin
from insecure.models import Invoice


class InvoicesArePrivateTests(OwnerOnlyTestMixin, TestCase):
    owner_only_namespaces = ("insecure",)

    def test_other_users_and_anonymous_cannot_reach_an_invoice(self) -> None:
        users = get_user_model().objects
        owner = users.create_user("owner", password="unused-owner-pw")
        other = users.create_user("other", password="unused-other-pw")
        invoice = Invoice.objects.create(owner=owner, customer="ACME", amount=10)

        self.assert_owner_only([invoice], other)
