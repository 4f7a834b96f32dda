"""``scripts/generate_django_data.py`` turns release/support/advisory files into a loadable data module."""

from __future__ import annotations

import importlib.util
import runpy
from datetime import date
from pathlib import Path

import pytest

from django_chained.versions import data
from django_chained.versions.table import build_table

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "versions"
generator = runpy.run_path(str(ROOT / "scripts" / "generate_django_data.py"))


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location("generated_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def arguments(output: Path, advisories: str = "advisories.json") -> list[str]:
    return [
        "--releases", str(FIXTURES / "releases.tsv"),
        "--support", str(FIXTURES / "support.tsv"),
        "--advisories", str(FIXTURES / advisories),
        "--output", str(output),
    ]  # fmt: skip


def test_generates_a_module_build_table_reads(tmp_path, capsys):
    output = tmp_path / "data.py"
    assert generator["main"](arguments(output)) == 0
    module = load_module(output)
    assert module.AS_OF == "2028-02-10"
    assert list(module.SERIES) == ["6.2", "2028"]
    assert module.SERIES["2028"] == (False, "2028-01-11", "2029-01-31", "2030-01-31")
    table = build_table(module.AS_OF, module.SERIES, module.RELEASES, module.ADVISORIES)
    assert [str(r) for r in table.series["2028"].releases] == ["2028", "2028.1"]
    assert not table.series["6.2"].releases[1].installable
    newest, older = table.advisories
    assert (newest.id, newest.fixed_in) == ("CVE-2028-2", {"2028": "2028.1"})
    assert older.summary == "Example issue across lines."
    assert older.upgrade_for("6.2") == "6.2.2"
    assert table.as_of == date(2028, 2, 10)
    assert "wrote" in capsys.readouterr().out


def test_as_of_can_be_given(tmp_path):
    output = tmp_path / "data.py"
    assert generator["main"]([*arguments(output), "--as-of", "2028-03-01"]) == 0
    assert load_module(output).AS_OF == "2028-03-01"


def test_refuses_a_fix_release_the_table_lacks(tmp_path, capsys):
    output = tmp_path / "data.py"
    assert generator["main"](arguments(output, "advisories_unknown_fix.json")) == 1
    assert not output.exists()
    assert "CVE-2027-1: fixed release 6.2.7 is unknown" in capsys.readouterr().err


def test_refuses_a_release_without_support_row(tmp_path):
    releases = tmp_path / "releases.tsv"
    releases.write_text(
        (FIXTURES / "releases.tsv").read_text()
        + "6.3\t2027-08-01\t6.3\tno\tyes\t\t\t\n"
    )
    args = arguments(tmp_path / "data.py")
    args[1] = str(releases)
    with pytest.raises(ValueError, match="release 6.3 has no support row"):
        generator["generate"](
            releases, FIXTURES / "support.tsv", FIXTURES / "advisories.json", None
        )
    assert generator["main"](args) == 1


def test_committed_module_is_exactly_what_the_generator_writes():
    """Nobody hand-edited or reformatted the shipped table: rendering its own rows reproduces it."""
    text = (ROOT / "django_chained" / "versions" / "data.py").read_text(
        encoding="utf-8"
    )
    series = [(name, *row) for name, row in data.SERIES.items()]
    rendered = generator["render"](data.AS_OF, series, data.RELEASES, data.ADVISORIES)
    assert rendered == text
