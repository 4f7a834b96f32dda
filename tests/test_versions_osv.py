from __future__ import annotations

from pathlib import Path

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


def test_open_ended_range_and_unparseable_events_skipped():
    forever, odd = load("list.json")["TEST-0004"].affected
    assert forever.affects(Version("99"))
    assert not forever.affects(Version("0.9"))
    assert odd.ranges == ()


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
