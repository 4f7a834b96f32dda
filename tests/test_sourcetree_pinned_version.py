"""The pinned Django version, from requirement and lock files."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from django_chained.sourcetree.pins import (
    Pin,
    PinSearch,
    Problem,
    Range,
    find_pin,
    find_pins,
)


def pinned(root: Path, files: list[Path] | None = None) -> str:
    pin = find_pin(root, files)
    assert isinstance(pin, Pin)
    return pin.version


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


@pytest.mark.parametrize(
    ("line", "version"),
    [
        ("Django==5.2.3", "5.2.3"),
        ("django == 4.2.1  # LTS", "4.2.1"),
        ("Django[argon2]===5.1.4", "5.1.4"),
        ("django==6.0rc1 ; python_version >= '3.12'", "6.0rc1"),
        ("django==5.2.3 \\", "5.2.3"),  # pip-compile --generate-hashes: hashes follow
        ("django==5.2.3 --hash=sha256:0123abcd", "5.2.3"),
    ],
)
def test_requirements_exact_pins(tmp_path, line, version):
    path = write(tmp_path, "requirements.txt", f"requests==2.0\n{line}\n")
    assert find_pin(tmp_path) == Pin(version, path, 2)


@pytest.mark.parametrize(
    ("line", "specifier"),
    [
        ("Django>=5.2", ">=5.2"),
        ("django~=5.2.0", "~=5.2.0"),
        ("Django>=4.2,<5", ">=4.2,<5"),
        ("Django >= 4.2, < 5  # LTS only", ">=4.2,<5"),
        ("django==5.2.*", "==5.2.*"),
        ("Django[bcrypt]!=5.2.1,>=5.2 ; python_version >= '3.10'", ">=5.2,!=5.2.1"),
    ],
)
def test_ranges_are_read_as_ranges(tmp_path, line, specifier):
    path = write(tmp_path, "requirements.txt", line + "\n")
    assert find_pin(tmp_path) == Range((SpecifierSet(specifier),), path, 1)


@pytest.mark.parametrize(
    ("line", "version"),
    [("Django==5.2.3,<6", "5.2.3"), ("Django<6,===5.2.3", "5.2.3")],
)
def test_an_exact_pin_in_a_compound_specifier_is_the_pin(tmp_path, line, version):
    path = write(tmp_path, "requirements.txt", line + "\n")
    assert find_pin(tmp_path) == Pin(version, path, 1)


@pytest.mark.parametrize(
    "line",
    ["Django", "django-extensions==3.0", "# django==5.2.1", "mydjango==5.2"],
)
def test_unpinned_django_and_other_packages_are_not_pins(tmp_path, line):
    write(tmp_path, "requirements.txt", line + "\n")
    assert find_pins(tmp_path).pin is None
    assert find_pins(tmp_path).problems == []


def test_hashed_requirements_from_pip_compile(tmp_path):
    path = write(
        tmp_path,
        "requirements/production.txt",
        """\
        asgiref==3.8.1 \\
            --hash=sha256:aaaa
        django==5.2.3 \\
            --hash=sha256:bbbb \\
            --hash=sha256:cccc
            # via -r requirements/production.in
        """,
    )
    assert find_pin(tmp_path) == Pin("5.2.3", path, 3)


def test_included_requirement_files_are_followed(tmp_path):
    """cookiecutter-django style: requirements.txt says ``-r requirements/base.txt``, or a file ``-c``onstrains."""
    write(tmp_path, "requirements.txt", "-r deps/base.txt\n")
    base = write(tmp_path, "deps/base.txt", "--requirement=common.txt\nrequests\n")
    common = write(tmp_path, "deps/common.txt", "-r base.txt\n-c pins.txt\n")
    pins = write(tmp_path, "deps/pins.txt", "Django==5.2.4\n")
    assert base.exists() and common.exists()
    assert find_pin(tmp_path) == Pin("5.2.4", pins, 1)


def test_missing_or_unreadable_includes_are_problems_at_the_including_line(tmp_path):
    path = write(tmp_path, "requirements.txt", "-r latin.txt\n-r absent.txt\n")
    (tmp_path / "latin.txt").write_bytes(b"Django==5.2.3 # caf\xe9\n")
    search = find_pins(tmp_path)
    assert search.pin is None
    [problem] = search.problems  # one per file: the first bad line says enough
    assert (problem.file, problem.line) == (path, 1)
    assert problem.reason == "line 1 names 'latin.txt': it is not UTF-8"


def test_requirements_in_subfolder_and_variants(tmp_path):
    path = write(tmp_path, "requirements/prod.txt", "Django==5.2.2\n")
    assert find_pin(tmp_path) == Pin("5.2.2", path, 1)


def test_pyproject_dependencies_groups_and_poetry(tmp_path):
    path = write(
        tmp_path,
        "pyproject.toml",
        """\
        [project]
        name = "site"
        dependencies = ["requests", "Django==5.2.4"]
    """,
    )
    assert find_pin(tmp_path) == Pin("5.2.4", path, 3)


def test_pyproject_optional_and_dependency_groups(tmp_path):
    path = write(
        tmp_path,
        "pyproject.toml",
        """\
        [project]
        optional-dependencies = {web = ["django==5.2.5"]}
        [dependency-groups]
        dev = ["pytest", {include-group = "web"}]
    """,
    )
    assert pinned(tmp_path) == "5.2.5"
    path.write_text('[dependency-groups]\nweb = ["django==5.2.6"]\n')
    assert pinned(tmp_path) == "5.2.6"


@pytest.mark.parametrize(
    ("spec", "version"),
    [
        ('"5.2.7"', "5.2.7"),
        ('"==5.2.7"', "5.2.7"),
        ('{version = "5.2.7", extras = ["argon2"]}', "5.2.7"),
    ],
)
def test_poetry_dependencies(tmp_path, spec, version):
    write(
        tmp_path,
        "pyproject.toml",
        f'[tool.poetry.dependencies]\npython = "^3.11"\nDjango = {spec}\n',
    )
    assert pinned(tmp_path) == version


def test_poetry_group(tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.poetry.group.web.dependencies]\ndjango = "5.2.8"\n',
    )
    assert pinned(tmp_path) == "5.2.8"


def test_setup_cfg(tmp_path):
    path = write(
        tmp_path,
        "setup.cfg",
        """\
        [metadata]
        name = site
        [options]
        install_requires =
            requests
            Django==5.1.9
    """,
    )
    assert find_pin(tmp_path) == Pin("5.1.9", path, 6)


def test_pipfile_and_lock(tmp_path):
    write(tmp_path, "Pipfile", '[packages]\nDjango = "==5.2.1"\n')
    assert pinned(tmp_path) == "5.2.1"
    lock = write(
        tmp_path,
        "Pipfile.lock",
        json.dumps({"default": {"django": {"version": "==5.2.9"}}}, indent=4),
    )
    assert find_pin(tmp_path) == Pin("5.2.9", lock, 3)


def test_pipfile_table_spec(tmp_path):
    write(
        tmp_path,
        "Pipfile",
        '[packages]\ndjango = {version = "==5.2.1", extras = ["bcrypt"]}\n',
    )
    assert pinned(tmp_path) == "5.2.1"


@pytest.mark.parametrize("name", ["poetry.lock", "uv.lock"])
def test_lock_files_win_over_manifests(tmp_path, name):
    write(tmp_path, "requirements.txt", "Django==5.2.0\n")
    lock = write(
        tmp_path,
        name,
        """\
        [[package]]
        name = "asgiref"
        version = "3.8.1"

        [[package]]
        name = "django"
        version = "5.2.3"
    """,
    )
    assert find_pin(tmp_path) == Pin("5.2.3", lock, 6)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", "[project\n"),
        ("poetry.lock", "[[package]\n"),
        ("Pipfile", "[packages\n"),
        ("Pipfile.lock", "{not json"),
        ("setup.cfg", "install_requires = x\n"),
    ],
)
def test_broken_files_are_problems_not_pins(tmp_path, name, text):
    path = write(tmp_path, name, text)
    search = find_pins(tmp_path)
    assert search.pin is None
    assert [(p.file, p.line) for p in search.problems] == [(path, 1)]


def test_hidden_and_vendored_folders_ignored(tmp_path):
    write(tmp_path, ".venv/requirements.txt", "Django==1.0\n")
    write(tmp_path, "node_modules/x/requirements.txt", "Django==1.0\n")
    assert find_pin(tmp_path) is None


def test_non_utf8_file_is_a_problem(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_bytes(b"Django==5.2.1\n\xff\n")
    assert find_pins(tmp_path) == PinSearch(None, [Problem(path, 1, "it is not UTF-8")])


def test_explicit_file_list(tmp_path):
    chosen = write(tmp_path, "requirements-prod.txt", "Django==5.2.2\n")
    write(tmp_path, "requirements.txt", "Django==5.2.1\n")
    assert pinned(tmp_path, [chosen]) == "5.2.2"
