from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

SCAN_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scan"


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
