"""``django-chained scan`` judges the Django version a tree pins, and reports pin files it cannot read as I004.

Versions of the 3.2 series are used: it ended in 2024, so what the shipped table says of it no longer changes.
"""

from __future__ import annotations

from datetime import date

import pytest

from django_chained.sourcetree.standalone import scan_tree

TODAY = date(2026, 12, 1)


def records(root):
    return scan_tree(root, use_cache=False, today=TODAY).records


def test_malformed_pin_file_is_i004_at_the_file_and_the_rest_is_judged(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project\n")
    (tmp_path / "requirements.txt").write_text("Django==3.2.24\n")
    by_id = {r.id: r for r in records(tmp_path)}
    unscannable = by_id["django_chained.I004"]
    assert (unscannable.file, unscannable.line) == ("pyproject.toml", 1)
    assert unscannable.message.startswith(
        "File could not be scanned: it is not valid TOML ("
    )
    assert (
        unscannable.hint is not None
        and "pip, Poetry, uv, PDM or pipenv" in unscannable.hint
    )
    assert by_id["django_chained.W701"].obj == "requirements.txt:1"


def test_invalid_requirement_line_is_i004_at_its_line(tmp_path):
    (tmp_path / "requirements.txt").write_text("requests\nDjango=>3.2\n")
    [unscannable] = [r for r in records(tmp_path) if r.id == "django_chained.I004"]
    assert (unscannable.file, unscannable.line) == ("requirements.txt", 2)
    assert "'Django=>3.2' is not a requirement" in unscannable.message


def test_pylock_version_is_judged(tmp_path):
    (tmp_path / "pylock.toml").write_text(
        'lock-version = "1.0"\n[[packages]]\nname = "django"\nversion = "3.2.24"\n'
    )
    found = {r.id: r for r in records(tmp_path)}
    assert {"django_chained.W701", "django_chained.W703"} <= set(found)
    assert found["django_chained.W701"].obj == "pylock.toml:3"
    assert "'manage.py chained_versions --django-version 3.2.24' lists them." in (
        found["django_chained.W701"].message
    )


def test_a_vulnerable_range_is_w709_not_also_w701(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "site"\ndependencies = ["Django>=3.2,<4"]\n'
    )
    found = {r.id: r for r in records(tmp_path)}
    assert "django_chained.W701" not in found
    w709 = found["django_chained.W709"]
    assert w709.obj == "pyproject.toml:3"
    assert w709.message.startswith(
        "Requirement range '>=3.2,<4' allows Django 3.2, which misses "
    )
    assert "raise the lower bound to ≥ 3.2.25." in w709.message
    assert found["django_chained.W703"].message.startswith(
        "The lowest version pyproject.toml allows is Django 3.2: "
    )


def test_a_safe_lower_bound_gives_no_w709(tmp_path):
    (tmp_path / "requirements.txt").write_text("Django>=3.2.25,<4\n")
    ids = {r.id for r in records(tmp_path)}
    assert "django_chained.W709" not in ids and "django_chained.W701" not in ids
    assert "django_chained.W703" in ids  # 3.2 itself is past its support


def test_poetry_caret_range_is_judged(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry.dependencies]\npython = "^3.10"\ndjango = "^3.2.20"\n'
    )
    [w709] = [r for r in records(tmp_path) if r.id == "django_chained.W709"]
    assert "allows Django 3.2.20," in w709.message
    assert w709.obj == "pyproject.toml:3"


def test_an_exact_pin_elsewhere_is_judged_instead_of_the_range(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\ndependencies = ["Django>=3.2"]\n'
    )
    (tmp_path / "requirements.txt").write_text("Django==3.2.24\n")
    found = {r.id: r for r in records(tmp_path)}
    assert "django_chained.W709" not in found
    assert found["django_chained.W701"].obj == "requirements.txt:1"


def test_a_range_beyond_the_table_is_a_note(tmp_path):
    (tmp_path / "requirements.txt").write_text("Django>=99\n")
    result = scan_tree(tmp_path, use_cache=False, today=TODAY)
    assert not [r for r in result.records if r.id.startswith("django_chained.W70")]
    assert (
        "requirements.txt:1: no Django release django-chained knows satisfies '>=99': 7xx skipped."
        in result.notes
    )


def test_unpinned_django_is_a_note(tmp_path):
    (tmp_path / "requirements.txt").write_text("Django\n")
    notes = scan_tree(tmp_path, use_cache=False, today=TODAY).notes
    assert any(n.startswith("No pinned Django version or version range") for n in notes)


STORAGE_SETTINGS = 'SECRET_KEY = "x"\nDEFAULT_FILE_STORAGE = "storages.backends.s3boto3.S3Boto3Storage"\n'


@pytest.mark.parametrize(
    ("requirement", "reported"),
    [
        ("Django==3.2.25\n", False),  # DEFAULT_FILE_STORAGE works there: 5.1 removed it
        ("Django==5.0.4\n", False),
        ("Django>=4.2,<6\n", False),  # 4.2 may be what runs
        ("Django==5.1.2\n", True),
        ("Django>=5.2\n", True),
        ("", True),  # no pin: judged on the installed Django
    ],
)
def test_a_removed_setting_is_judged_against_the_pinned_django(
    tmp_path, requirement, reported
):
    (tmp_path / "settings.py").write_text(STORAGE_SETTINGS)
    if requirement:
        (tmp_path / "requirements.txt").write_text(requirement)
    ids = [r.id for r in records(tmp_path)]
    assert ("django_chained.E610" in ids) is reported
