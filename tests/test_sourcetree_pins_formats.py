"""Pins read with ``packaging``: pip's file syntax, markers, Poetry constraints, PEP 735 groups, every lock file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from django_chained.sourcetree.pins import (
    Pin,
    Problem,
    Range,
    find_pin,
    find_pins,
    poetry,
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def only_problem(root: Path) -> Problem:
    search = find_pins(root)
    assert search.pin is None
    [problem] = search.problems
    return problem


@pytest.mark.parametrize(
    "marker",
    ['python_version < "3"', "python_version <= '2.7'", 'python_full_version < "3.0"'],
)
def test_a_line_no_supported_python_installs_is_skipped(tmp_path, marker):
    path = write(
        tmp_path, "requirements.txt", f"Django==1.11.29 ; {marker}\nDjango==5.2.3\n"
    )
    assert find_pin(tmp_path) == Pin("5.2.3", path, 2)


@pytest.mark.parametrize(
    "marker",
    ['python_version >= "3.10"', 'sys_platform == "win32"', 'python_version < "3.9"'],
)
def test_a_line_some_supported_python_installs_is_read(tmp_path, marker):
    path = write(
        tmp_path, "requirements.txt", f"Django==4.2.1 ; {marker}\nDjango==5.2.3\n"
    )
    assert find_pin(tmp_path) == Pin("4.2.1", path, 1)


def test_continuations_comments_and_options(tmp_path):
    path = write(
        tmp_path,
        "requirements.txt",
        """\
        --index-url https://example.invalid/simple  # a private index
        -e .
        ./vendor/local-package
        git+https://example.invalid/repo.git#egg=tool
        https://example.invalid/pkg-1.0-py3-none-any.whl
        Django==${DJANGO_VERSION}
        Django>=4.2,\\
            <5 \\
            --hash=sha256:aaaa
        """,
    )
    assert find_pins(tmp_path).problems == []
    assert find_pin(tmp_path) == Range((SpecifierSet(">=4.2,<5"),), path, 7)


def test_a_comment_line_ends_a_continuation(tmp_path):
    path = write(
        tmp_path,
        "requirements.txt",
        "requests==2.0 \\\n# via pip-compile\nDjango==5.2.3\n",
    )
    assert find_pin(tmp_path) == Pin("5.2.3", path, 3)


def test_an_invalid_requirement_line_is_one_problem_and_the_rest_is_read(tmp_path):
    path = write(tmp_path, "requirements.txt", "requests>=>2\nfoo==[\nDjango==5.2.3\n")
    search = find_pins(tmp_path)
    assert search.pin == Pin("5.2.3", path, 3)
    [problem] = search.problems
    assert (problem.file, problem.line) == (path, 1)
    assert problem.reason.startswith("'requests>=>2' is not a requirement (")


def test_a_django_line_pip_refuses_is_a_problem(tmp_path):
    path = write(tmp_path, "requirements/base.txt", "Django=>5.2\n")
    problem = only_problem(tmp_path)
    assert (problem.file, problem.line) == (path, 1)
    assert "'Django=>5.2' is not a requirement" in problem.reason


def test_an_exact_pin_anywhere_wins_over_a_range(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\ndependencies = ["Django>=4.2"]\n')
    pin = write(tmp_path, "requirements/production.txt", "Django==5.2.3\n")
    assert find_pin(tmp_path) == Pin("5.2.3", pin, 1)


@pytest.mark.parametrize(
    ("constraint", "expected"),
    [
        ("^4.2", [">=4.2,<5"]),
        ("^4.2.1", [">=4.2.1,<5"]),
        ("^0.2.3", [">=0.2.3,<0.3"]),
        ("^0.0.3", [">=0.0.3,<0.0.4"]),
        ("~4.2.1", [">=4.2.1,<4.3"]),
        ("~4.2", [">=4.2,<4.3"]),
        ("~4", [">=4,<5"]),
        ("~=4.2", ["~=4.2"]),
        ("4.2.*", ["==4.2.*"]),
        ("5.2.3", ["==5.2.3"]),
        (">=4.2,<5", [">=4.2,<5"]),
        (">= 4.2 < 5", [">=4.2,<5"]),
        ("*", [""]),
        ("^4.2 || ^5.0", [">=4.2,<5", ">=5.0,<6"]),
    ],
)
def test_poetry_constraints_become_pep440_specifiers(constraint, expected):
    assert poetry.specifiers(constraint) == tuple(SpecifierSet(e) for e in expected)


@pytest.mark.parametrize("constraint", ["^abc", "=>4.2", "~", "latest"])
def test_constraints_poetry_refuses_raise(constraint):
    with pytest.raises(ValueError):
        poetry.specifiers(constraint)


def test_poetry_caret_is_a_range_and_a_bad_one_a_problem(tmp_path):
    path = write(
        tmp_path,
        "pyproject.toml",
        '[tool.poetry.dependencies]\npython = "^3.11"\ndjango = "^4.2"\n',
    )
    assert find_pin(tmp_path) == Range((SpecifierSet(">=4.2,<5"),), path, 3)
    path.write_text('[tool.poetry.dependencies]\ndjango = "^four"\n')
    problem = only_problem(tmp_path)
    assert problem.line == 2 and "'^four' is not a Poetry constraint" in problem.reason


def test_poetry_multiple_constraints_are_alternatives(tmp_path):
    path = write(
        tmp_path,
        "pyproject.toml",
        """\
        [tool.poetry.dev-dependencies]
        Django = [
            {version = "^4.2", python = "<3.10"},
            {version = "^5.2", python = ">=3.10"},
        ]
        """,
    )
    expected = (SpecifierSet(">=4.2,<5"), SpecifierSet(">=5.2,<6"))
    assert find_pin(tmp_path) == Range(expected, path, 2)


def test_poetry_git_source_has_no_version(tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.poetry.dependencies]\ndjango = {git = "https://x/django.git"}\n',
    )
    assert find_pins(tmp_path).pin is None


def test_dependency_groups_and_optional_dependencies_with_ranges(tmp_path):
    path = write(
        tmp_path,
        "pyproject.toml",
        """\
        [project]
        dependencies = ["requests"]
        [project.optional-dependencies]
        api = ["djangorestframework"]
        [dependency-groups]
        test = ["pytest", {include-group = "web"}]
        web = ["Django>=5.2,<6"]
        """,
    )
    assert find_pin(tmp_path) == Range((SpecifierSet(">=5.2,<6"),), path, 7)


def test_setup_cfg_extras_require(tmp_path):
    path = write(
        tmp_path,
        "setup.cfg",
        """\
        [options]
        install_requires = requests
        [options.extras_require]
        web =
            Django~=5.2.0
        """,
    )
    assert find_pin(tmp_path) == Range((SpecifierSet("~=5.2.0"),), path, 5)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [('">=4.2,<5"', Range((SpecifierSet(">=4.2,<5"),), Path(), 2)), ('"*"', None)],
)
def test_pipfile_ranges(tmp_path, spec, expected):
    path = write(tmp_path, "Pipfile", f"[packages]\nDjango = {spec}\n")
    found = find_pin(tmp_path)
    assert found == (Range(expected.alternatives, path, 2) if expected else None)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("pylock.toml", "packages"),
        ("pylock.production.toml", "packages"),
        ("pdm.lock", "package"),
    ],
)
def test_pylock_and_pdm_lock_give_the_installed_version(tmp_path, name, key):
    write(tmp_path, "pyproject.toml", '[project]\ndependencies = ["Django==5.2.0"]\n')
    lock = write(
        tmp_path,
        name,
        f"""\
        lock-version = "1.0"
        [[{key}]]
        name = "asgiref"
        version = "3.8.1"
        [[{key}]]
        name = "Django"
        version = "5.2.3"
        """,
    )
    assert find_pin(tmp_path) == Pin("5.2.3", lock, 6)


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("pylock.toml", "[[packages]\n", "it is not valid TOML ("),
        ("pdm.lock", "[[package]]\nname = \n", "it is not valid TOML ("),
        ("uv.lock", "version = 1\nversion = 2\n", "it is not valid TOML ("),
        ("Pipfile.lock", json.dumps({"default": {}})[:-1], "it is not valid JSON ("),
        (
            "Pipfile",
            '[packages]\ndjango = ">=>4"\n',
            "Django = '>=>4' is not a version specifier",
        ),
        ("setup.cfg", "[options\n", "it is not a valid setup.cfg ("),
        (
            "pyproject.toml",
            '[project]\ndependencies = ["django>=4.2 <5"]\n',
            "'django>=4.2 <5' is not a requirement",
        ),
        ("Pipfile.lock", "[" * 100_000, "it is nested too deeply to read as JSON"),
    ],
)
def test_malformed_files_are_problems_saying_why(tmp_path, name, text, reason):
    path = write(tmp_path, name, text)
    problem = only_problem(tmp_path)
    assert problem.file == path and problem.reason.startswith(reason), problem.reason
