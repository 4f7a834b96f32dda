"""``django-chained scan`` judges the Django version a tree pins, and reports pin files it cannot read as I004.

Versions of the 3.2 series are used: it ended in 2024, so what the shipped table says of it no longer changes.
"""

from __future__ import annotations

from datetime import date

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
    assert "CVE-2024-27351" in found["django_chained.W701"].message
