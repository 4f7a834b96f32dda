"""The neutral finding record: concern, level names, file and line from objects, fingerprints."""

from __future__ import annotations

from pathlib import Path

from django.core.checks import CheckMessage, Error, Info, Warning
from django.core.checks.messages import CRITICAL, DEBUG

from django_chained.chained_message import ChainedMessage
from django_chained.report.record import (
    Record,
    concern_of,
    level_name,
    obj_label,
    relative_to,
)
from django_chained.scan.findings import Finding
from tests.models import Document

HERE = Path(__file__).resolve().parent


def sample_view():
    return None


def test_concern_from_hundreds_digit():
    assert [concern_of(f"django_chained.W{n}01") for n in range(1, 8)] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]


def test_no_concern_for_our_settings_and_other_apps():
    assert concern_of("django_chained.E001") is None
    assert concern_of("security.W004") is None
    assert concern_of("django_chained.W1") is None


def test_level_names_including_custom_levels():
    assert [level_name(level) for level in (DEBUG, 20, 30, 40, CRITICAL)] == [
        "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL",
    ]  # fmt: skip
    assert level_name(35) == "WARNING"
    assert level_name(5) == "DEBUG"


def test_obj_label_for_models_code_and_text():
    assert obj_label(None) is None
    assert obj_label("app.views.x") == "app.views.x"
    assert obj_label(Document) == "tests.Document"
    assert obj_label(sample_view) == "tests.test_report_record.sample_view"
    assert obj_label(Document._meta.get_field("owner")) == "tests.Document.owner"


def test_path_line_object_gives_file_and_line():
    record = Record.from_check_message(Warning("m", obj="app/views.py:12", id="x.W1"))
    assert (record.file, record.line, record.obj) == (
        "app/views.py",
        12,
        "app/views.py:12",
    )


def test_absolute_path_made_relative_to_root():
    message = Warning("m", obj=f"{HERE / 'models.py'}:3", id="x.W1")
    record = Record.from_check_message(message, root=HERE.parent)
    assert (record.file, record.line, record.obj) == (
        "tests/models.py",
        3,
        "tests/models.py:3",
    )


def test_path_outside_root_kept():
    assert relative_to("/elsewhere/a.py", HERE) == "/elsewhere/a.py"
    assert relative_to("rel/a.py", HERE) == "rel/a.py"


def test_symlink_in_the_tree_named_where_it_lies(tmp_path):
    # A link to /dev/zero (reported as I004) or to a file outside: its place in the tree, not its target.
    (tmp_path / "project").mkdir()
    (tmp_path / "outside.py").touch()
    (tmp_path / "project" / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "project" / "linked.py").symlink_to(tmp_path / "outside.py")
    root = tmp_path / "project"
    assert relative_to(str(root / "zero.py"), root) == "zero.py"
    assert relative_to(str(root / "linked.py"), root) == "linked.py"


def test_path_through_a_symlinked_root_made_relative(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.py").touch()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert relative_to(str(tmp_path / "real" / "a.py"), tmp_path / "link") == "a.py"
    assert relative_to(str(tmp_path / "link" / "a.py"), tmp_path / "real") == "a.py"


def test_a_path_named_under_the_root_needs_no_resolving(tmp_path, monkeypatch):
    from django_chained.report import record as record_module

    resolving: list[object] = []

    def spy(path):
        resolving.append(path)
        return Path(path).resolve()

    monkeypatch.setattr(record_module, "resolved", spy)
    assert relative_to(str(tmp_path / "app" / "a.py"), tmp_path) == "app/a.py"
    assert resolving == []
    assert relative_to("/elsewhere/a.py", tmp_path) == "/elsewhere/a.py"
    assert resolving  # only a path outside the root by name is resolved


def test_function_object_located_in_its_source():
    record = Record.from_check_message(
        Info("m", obj=sample_view, id="x.I1"), root=HERE.parent
    )
    assert record.file == "tests/test_report_record.py"
    assert record.line == sample_view.__code__.co_firstlineno
    assert record.obj == "tests.test_report_record.sample_view"


def test_loaded_dotted_path_located_without_importing():
    record = Record.from_check_message(
        Warning("m", obj="tests.test_report_record.sample_view", id="x.W1"),
        root=HERE.parent,
    )
    assert (record.file, record.line) == (
        "tests/test_report_record.py",
        sample_view.__code__.co_firstlineno,
    )


def test_code_outside_the_project_root_has_no_place():
    import django.views.static  # noqa: F401 - loaded, so the dotted path can be located

    located = Record.from_check_message(
        Warning("m", obj="django.views.static.serve", id="x.W1")
    )
    assert str(located.file).endswith("django/views/static.py")
    record = Record.from_check_message(
        Warning("m", obj="django.views.static.serve", id="x.W1"), root=HERE
    )
    assert (record.obj, record.file, record.line) == (
        "django.views.static.serve",
        None,
        None,
    )


def test_unloaded_dotted_path_has_no_place():
    record = Record.from_check_message(
        Warning("m", obj="not_imported_pkg.views.x", id="x.W1")
    )
    assert (record.file, record.line) == (None, None)


def test_model_field_located_at_its_line():
    field = Document._meta.get_field("owner")
    record = Record.from_check_message(
        Warning("m", obj=field, id="x.W1"), root=HERE.parent
    )
    source = (HERE / "models.py").read_text().splitlines()
    assert record.file == "tests/models.py"
    assert record.line is not None
    assert source[record.line - 1].strip().startswith("owner")


def test_route_like_object_is_not_a_path():
    record = Record.from_check_message(Warning("m", obj="notes/<int:pk>/", id="x.W1"))
    assert (record.obj, record.file) == ("notes/<int:pk>/", None)


def test_missing_id_and_hint():
    record = Record.from_check_message(CheckMessage(30, "m"))
    assert (record.id, record.hint, record.concern) == ("?", None, None)


def test_fingerprint_survives_line_shifts():
    before = Record(
        "django_chained.W401", 30, "SQL at a.py:3", obj="a.py:3", file="a.py", line=3
    )
    after = Record(
        "django_chained.W401", 30, "SQL at a.py:9", obj="a.py:9", file="a.py", line=9
    )
    assert before.fingerprint == after.fingerprint


def test_fingerprint_ignores_the_message_wording():
    one = Record("x.W1", 30, "object at 0xdeadbeef  here", obj="app.views.a")
    two = Record("x.W1", 30, "Reworded: the object at 0x1234.", obj="app.views.a")
    assert one.fingerprint == two.fingerprint


def test_fingerprint_differs_by_id_object_and_subject():
    base = Record("x.W1", 30, "m", obj="a")
    assert len({base.fingerprint, Record("x.W2", 30, "m", obj="a").fingerprint,
                Record("x.W1", 30, "m", obj="b").fingerprint,
                Record("x.W1", 30, "m", obj="a", subject="s").fingerprint}) == 4  # fmt: skip


def test_fingerprint_of_code_follows_its_source_not_its_line():
    def at(line, code):
        return Record(
            "django_chained.W401",
            30,
            "m",
            obj=f"a.py:{line}",
            file="a.py",
            line=line,
            subject=code,
        )

    assert (
        at(3, "cursor.execute(q)").fingerprint == at(9, "cursor.execute(q)").fingerprint
    )
    assert (
        at(3, "cursor.execute(q)").fingerprint != at(3, "cursor.execute(r)").fingerprint
    )


def test_fingerprint_of_a_settings_level_finding_follows_the_settings_it_names():
    one = Record(
        "django_chained.W607",
        30,
        "MEDIA_ROOT '/home/a/site/media' is inside '/home/a/site'.",
    )
    moved = Record(
        "django_chained.W607", 30, "MEDIA_ROOT '/srv/b/media' is inside '/srv/b'."
    )
    other = Record(
        "django_chained.W607", 30, "STATIC_ROOT '/srv/b/static' is inside '/srv/b'."
    )
    assert one.fingerprint == moved.fingerprint != other.fingerprint


def test_fingerprint_never_holds_an_absolute_path_outside_the_project():
    one = Record(
        "x.W1",
        30,
        "m",
        obj="/home/a/o/settings.py:2",
        file="/home/a/o/settings.py",
        line=2,
    )
    two = Record(
        "x.W1",
        30,
        "m",
        obj="/srv/b/o/settings.py:2",
        file="/srv/b/o/settings.py",
        line=2,
    )
    assert one.fingerprint == two.fingerprint


def test_subject_from_a_chained_message():
    message = ChainedMessage(
        30, "m", obj="/abs/osv/django.json", id="x.W1", subject="Django GHSA-1"
    )
    moved = ChainedMessage(
        30, "m2", obj="/elsewhere/django.json", id="x.W1", subject="Django GHSA-1"
    )
    record = Record.from_check_message(message)
    assert record.subject == "Django GHSA-1"
    assert record.fingerprint == Record.from_check_message(moved).fingerprint


def test_scan_finding_kept_whole_through_its_check_message(tmp_path):
    finding = Finding(
        "django_chained.W401",
        str(tmp_path / "app" / "v.py"),
        3,
        "m",
        "h",
        end_line=5,
        code="execute(q)",
    )
    record = Record.from_check_message(finding.to_check_message(), tmp_path)
    assert (record.file, record.line, record.end_line, record.subject) == (
        "app/v.py",
        3,
        5,
        "execute(q)",
    )
    assert record.obj == "app/v.py:3"


def test_fingerprint_of_a_settings_level_finding_ignores_where_it_was_placed():
    loose = Record("security.W004", 30, "No HSTS.")
    placed = Record("security.W004", 30, "No HSTS.", file="proj/settings.py", line=1)
    assert loose.fingerprint == placed.fingerprint


def test_fingerprint_of_a_finding_with_an_object_ignores_where_it_was_placed():
    route = "app/^media/(?P<path>.*)$"
    one = Record("x.W604", 30, "m", obj=route, file="app/urls.py", line=3)
    assert one.fingerprint == Record("x.W604", 30, "m", obj=route).fingerprint


def test_fingerprint_of_a_code_finding_uses_its_file():
    one = Record("x.W1", 30, "m", obj="app/views.py:3", file="app/views.py", line=3)
    two = Record("x.W1", 30, "m", obj="other/views.py:3", file="other/views.py", line=3)
    assert one.fingerprint != two.fingerprint


def test_dict_round_trip():
    record = Record("django_chained.W501", 40, "m", "h", "o", "a.py", 2, "why", 4, "s")
    data = record.to_dict()
    assert data["level"] == "ERROR" and data["concern"] == 5
    assert data["fingerprint"] == record.fingerprint
    assert Record.from_dict(data) == record


def test_from_dict_unknown_level_reads_as_warning():
    assert Record.from_dict({"id": "x", "level": "LOUD"}).level == 30


def test_location_text():
    assert Record("x", 30, "m", file="a.py", line=3).location == "a.py:3"
    assert Record("x", 30, "m", file="a.py").location == "a.py"
    assert Record("x", 30, "m").location is None


def test_accept_keeps_everything_else():
    record = Record("x", 40, "m", obj="o")
    assert record.accept("because") == Record("x", 40, "m", obj="o", accepted="because")
    assert Error("m", id="x").level == record.level
