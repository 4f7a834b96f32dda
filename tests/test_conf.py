from __future__ import annotations

import pytest
from django.test import override_settings

from django_chained.conf import SPECS, conf


@pytest.mark.parametrize("name", sorted(SPECS))
def test_default_when_unset(name):
    assert getattr(conf, name) == SPECS[name].default


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_setting_has_a_typed_property(name):
    assert isinstance(type(conf).__dict__[name], property)


def test_valid_value_is_read_lazily():
    with override_settings(CHAINED_HSTS_MIN_SECONDS=600):
        assert conf.CHAINED_HSTS_MIN_SECONDS == 600
    assert conf.CHAINED_HSTS_MIN_SECONDS == 31_536_000


def test_invalid_value_reads_as_default_instead_of_raising():
    with override_settings(CHAINED_SECURE_ALL_COOKIES="yes", CHAINED_SCAN_PATHS="src"):
        assert conf.CHAINED_SECURE_ALL_COOKIES is True
        assert conf.CHAINED_SCAN_PATHS == ()
