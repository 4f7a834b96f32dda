from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from packaging.version import Version

from django_chained.versions import osv

OSV = Path(__file__).resolve().parent / "fixtures" / "versions" / "osv"


def load(*names):
    advisories, problems = osv.load([str(OSV / name) for name in names])
    assert problems == []
    return {advisory.id: advisory for advisory in advisories}


def test_reads_a_single_advisory_with_aliases_and_pypi_entries_only():
    advisory = load("example.json")["TEST-0001"]
    assert advisory.aliases == ("CVE-0000-0001",)
    assert advisory.summary == "Test advisory for a made-up distribution."
    assert advisory.source == str(OSV / "example.json")
    (package,) = advisory.affected
    assert package.name == "example-pkg"
    assert package.fixed == ("1.4.2", "2.0.3")


def test_ranges_are_half_open_intervals_and_versions_exact():
    (package,) = load("example.json")["TEST-0001"].affected
    affected = ["0.1", "1.0", "1.4.1", "1.4.2rc1", "2.0", "2.0.2", "1.4.1+local"]
    safe = ["1.4.2", "1.9", "2.0.3", "3.0"]
    assert [v for v in affected if not package.affects(Version(v))] == []
    assert [v for v in safe if package.affects(Version(v))] == []


def test_last_affected_is_inclusive_and_details_stand_in_for_summary():
    advisories = load("list.json")
    (package,) = advisories["TEST-0002"].affected
    assert package.affects(Version("3.1"))
    assert not package.affects(Version("3.1.1"))
    assert not package.affects(Version("2.9"))
    assert advisories["TEST-0002"].summary == "Only details, no summary."


def test_withdrawn_advisories_are_ignored():
    assert "TEST-0003" not in load("list.json")


def test_open_ended_range_and_git_ranges_skipped():
    forever, git_only = load("list.json")["TEST-0004"].affected
    assert forever.affects(Version("99"))
    assert not forever.affects(Version("0.9"))
    assert git_only.ranges == ()


def test_directory_reads_every_json_file():
    advisories, problems = osv.load([str(OSV)])
    assert problems == []
    assert {a.id for a in advisories} == {
        "TEST-0001", "TEST-0002", "TEST-0004", "GHSA-test-known", "GHSA-test-new",
    }  # fmt: skip


def test_unreadable_files_are_problems_not_exceptions(tmp_path):
    paths = [
        str(OSV.parent / "broken.json"),
        str(OSV.parent / "not_osv.json"),
        str(tmp_path / "missing.json"),
    ]
    advisories, problems = osv.load(paths)
    assert advisories == []
    assert len(problems) == 3
    assert problems[1].endswith("not an OSV advisory (an object with an 'id')")


def test_matches_installed_distributions_by_canonical_name():
    advisories = list(load("example.json", "list.json").values())
    installed = {
        "example-pkg": ("Example.Pkg", "1.4.1"),
        "other": ("other", "3.2"),
        "forever": ("forever", "1.0"),
    }
    found = [
        (m.advisory.id, m.distribution, m.version, m.fixed)
        for m in osv.matches(advisories, installed)
    ]
    assert found == [
        ("TEST-0001", "Example.Pkg", "1.4.1", ("1.4.2", "2.0.3")),
        ("TEST-0004", "forever", "1.0", ()),
    ]


def test_unparseable_installed_version_never_matches():
    advisories = list(load("list.json").values())
    assert osv.matches(advisories, {"forever": ("forever", "not-a-version")}) == []


def test_installed_distributions_include_this_environment():
    installed = osv.installed_distributions()
    assert installed["django"][0].lower() == "django"
    assert installed["packaging"][1]


def test_testproject_feed_reports_setuptools_only_below_its_fixes():
    """The demo's real advisories match this environment's setuptools exactly when it is old enough."""
    feed = Path(__file__).resolve().parent.parent / "testproject" / "osv"
    advisories, problems = osv.load([str(feed)])
    assert problems == []
    installed = osv.installed_distributions()
    found = {m.advisory.id for m in osv.matches(advisories, installed)}
    version = Version(installed["setuptools"][1]) if "setuptools" in installed else None
    fixes = {
        "GHSA-r9hx-vwmv-q579": "65.5.1",
        "GHSA-cx63-2mw6-8hw5": "70.0.0",
        "GHSA-5rjg-fvgr-3xxf": "78.1.1",
    }
    expected = {i for i, fixed in fixes.items() if version and version < Version(fixed)}
    assert found == expected
    assert {a.id for a in advisories} == set(fixes)


def pypi(**entry):
    return {"package": {"ecosystem": "PyPI", "name": "x"}, **entry}


def ecosystem(*events):
    return pypi(ranges=[{"type": "ECOSYSTEM", "events": list(events)}])


WRONGLY_TYPED = [
    ({"id": "Y", "affected": "nope"}, "affected: expected a list, got a string 'nope'"),
    ({"id": "Y", "affected": [1]}, "affected[0]: expected an object, got a number 1"),
    ({"id": "Y", "affected": [{"package": "django"}]}, "affected[0].package: expected an object, got a string"),
    ({"id": "Y", "affected": [{"package": {"ecosystem": ["PyPI"]}}]}, "affected[0].package.ecosystem: expected a string, got a list"),
    ({"id": "Y", "affected": [{"package": {"ecosystem": "PyPI", "name": 3}}]}, "affected[0].package.name: expected a string, got a number"),
    ({"id": "Y", "affected": [pypi(ranges="x")]}, "affected[0].ranges: expected a list, got a string 'x'"),
    ({"id": "Y", "affected": [pypi(ranges=["x"])]}, "affected[0].ranges[0]: expected an object"),
    ({"id": "Y", "affected": [pypi(ranges=[{"type": 1}])]}, "affected[0].ranges[0].type: expected a string"),
    ({"id": "Y", "affected": [pypi(ranges=[{"type": "ECOSYSTEM", "events": {}}])]}, "affected[0].ranges[0].events: expected a list, got an object"),
    ({"id": "Y", "affected": [ecosystem("x")]}, "affected[0].ranges[0].events[0]: expected an object, got a string 'x'"),
    ({"id": "Y", "affected": [ecosystem({"introduced": 0})]}, "affected[0].ranges[0].events[0].introduced: expected a string, got a number 0"),
    ({"id": "Y", "affected": [ecosystem({"introduced": "0"}, {"fixed": True})]}, "events[1].fixed: expected a string, got a boolean"),
    ({"id": "Y", "affected": [pypi(versions="1.0")]}, "affected[0].versions: expected a list, got a string"),
    ({"id": "Y", "affected": [pypi(versions=[1.0])]}, "affected[0].versions[0]: expected a string, got a number"),
    ({"id": "Y", "aliases": "CVE-1"}, "aliases: expected a list, got a string"),
    ({"id": "Y", "aliases": [None]}, "aliases[0]: expected a string, got null"),
    ({"id": "Y", "summary": {"en": "x"}}, "summary: expected a string, got an object"),
    ({"id": "Y", "details": 7}, "details: expected a string, got a number"),
    ([{"id": "X"}, {"id": "Y", "affected": "nope"}], "[1].affected: expected a list"),
    ([{"id": "X"}, "Y"], "[1]: not an OSV advisory (an object with an 'id')"),
    ({"id": 7}, "not an OSV advisory (an object with an 'id')"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "problem"), WRONGLY_TYPED)
def test_wrongly_typed_documents_are_problems_naming_file_and_part(
    tmp_path, document, problem
):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    advisories, problems = osv.load([str(bad), str(OSV / "example.json")])
    assert [a.id for a in advisories] == ["TEST-0001"]
    (only,) = problems
    assert only.startswith(f"{bad}: ")
    assert problem in only


def test_non_version_in_a_range_skips_that_range_with_a_problem(tmp_path):
    bad = tmp_path / "bad.json"
    document = {"id": "Y", "affected": [pypi(ranges=[
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "bogus-version"}]},
        {"type": "ECOSYSTEM", "events": [{"introduced": "2.0"}, {"last_affected": "2.1"}]},
    ])]}  # fmt: skip
    bad.write_text(json.dumps(document))
    advisories, problems = osv.load([str(bad)])
    assert problems == [
        f"{bad}: affected[0].ranges[0].events[1].fixed: 'bogus-version' is not a version; range skipped"
    ]
    (package,) = advisories[0].affected
    assert package.fixed == ()
    assert package.affects(Version("2.1")) and not package.affects(Version("1.0"))


def test_a_version_too_long_to_parse_skips_its_range(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"id": "Y", "affected": [ecosystem({"introduced": "1" * 5000})]})
    )
    advisories, problems = osv.load([str(bad)])
    assert problems == [
        f"{bad}: affected[0].ranges[0].events[0].introduced: '{'1' * 37}...' is not a version; range skipped"
    ]
    assert advisories[0].affected[0].ranges == ()


def test_non_version_entries_of_a_versions_list_never_match():
    package = osv.affected_package(pypi(versions=["1.0", "not a version"]))
    assert package is not None
    assert package.versions == {Version("1.0")}


def test_deeply_nested_json_is_a_problem_not_a_recursion_error(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    advisories, problems = osv.load([str(deep)])
    assert advisories == []
    assert len(problems) == 1 and problems[0].startswith(f"{deep}: ")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(
        ["0", "1.0", "x", "PyPI", "ECOSYSTEM", "GIT", "introduced", "fixed"]
    ),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=10,
)  # fmt: skip


def osv_shaped(fields, optional=True):
    """An object with some of ``fields`` (each right-shaped or any JSON at all), or any JSON."""
    shaped = st.fixed_dictionaries(
        {}, optional={key: value | JSON for key, value in fields.items()}
    )
    return shaped | JSON if optional else shaped


EVENT = osv_shaped(
    {
        key: st.sampled_from(["0", "1.0", "2", "bogus"])
        for key in ("introduced", "fixed", "last_affected")
    }
)
RANGE = osv_shaped(
    {
        "type": st.sampled_from(["ECOSYSTEM", "GIT"]),
        "events": st.lists(EVENT, max_size=3),
    }
)
PACKAGE = osv_shaped({"ecosystem": st.just("PyPI"), "name": st.just("x")})
ENTRY = osv_shaped(
    {
        "package": PACKAGE,
        "ranges": st.lists(RANGE, max_size=3),
        "versions": st.lists(st.sampled_from(["1.0", "bogus"]) | JSON, max_size=3),
    }
)
ADVISORY = st.builds(
    lambda rest: {"id": "Y", **rest},
    osv_shaped({"affected": st.lists(ENTRY, max_size=3), "aliases": st.lists(JSON, max_size=2),
                "summary": JSON, "details": JSON, "withdrawn": JSON}, optional=False),
)  # fmt: skip


@hypothesis_settings(max_examples=300, deadline=None)
@given(document=ADVISORY | st.lists(ADVISORY | JSON, max_size=3) | JSON)
def test_any_json_shape_is_advisories_or_problems_never_an_exception(document):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "random.json"
        path.write_text(json.dumps(document))
        advisories, problems = osv.load([str(path)])
        for match in osv.matches(advisories, {"x": ("x", "1.0")}):
            assert match.distribution == "x"
    assert all(problem.startswith(f"{path}: ") for problem in problems)
