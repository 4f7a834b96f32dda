from __future__ import annotations

import glob
import os
import sys
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import SimpleTestCase, override_settings

import tests
from django_chained.checks import media, media_served
from django_chained.checks.media_fields import LEGACY_RANDOM_STORAGE
from django_chained.report import Record

REPO = Path(tests.__file__).resolve().parent.parent


def ids(messages):
    return [m.id for m in messages]


class MediaRootTests(SimpleTestCase):
    def test_separate_roots_outside_the_tree_pass(self):
        s = SimpleNamespace(
            MEDIA_ROOT="/srv/media", STATIC_ROOT="/srv/static", BASE_DIR="/app"
        )
        assert media.media_root_messages(s) == []

    def test_unset_media_root_passes(self):
        assert media.media_root_messages(SimpleNamespace(MEDIA_ROOT="")) == []

    def test_equal_to_static_root(self):
        s = SimpleNamespace(MEDIA_ROOT="/srv/www/", STATIC_ROOT=Path("/srv/www"))
        assert media.media_root_messages(s) == [media.E605]

    def test_inside_static_root(self):
        s = SimpleNamespace(MEDIA_ROOT="/srv/www/media", STATIC_ROOT="/srv/www")
        assert media.media_root_messages(s) == [media.W606]

    def test_sibling_with_common_prefix_is_not_inside(self):
        s = SimpleNamespace(
            MEDIA_ROOT="/srv/static-media", STATIC_ROOT="/srv/static", BASE_DIR="/app"
        )
        assert media.media_root_messages(s) == []

    def test_inside_base_dir(self):
        s = SimpleNamespace(MEDIA_ROOT=Path("/app/var/media"), BASE_DIR=Path("/app"))
        assert media.media_root_messages(s) == [
            media.w607_media_in_source_tree(media_root="/app/var/media", tree="/app")
        ]

    def test_without_base_dir_the_root_urlconf_package_parent_is_the_tree(self):
        s = SimpleNamespace(
            MEDIA_ROOT=str(REPO / "media"), ROOT_URLCONF="tests.urls", STATIC_ROOT=None
        )
        assert ids(media.media_root_messages(s)) == ["django_chained.W607"]
        assert media.source_tree(s) == str(REPO)

    def test_top_level_urls_module_directory_is_the_tree(self):
        s = SimpleNamespace(ROOT_URLCONF="glob")
        assert media.source_tree(s) == str(Path(glob.__file__).parent)

    @pytest.mark.filterwarnings("ignore")
    def test_unknown_or_missing_urlconf_has_no_tree(self):
        for urlconf in ("no_such_package_xyz.urls", "", None, ".relative"):
            assert media.source_tree(SimpleNamespace(ROOT_URLCONF=urlconf)) is None


def test_namespace_package_has_no_tree(tmp_path, monkeypatch):
    (tmp_path / "chained_namespace_pkg").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    s = SimpleNamespace(ROOT_URLCONF="chained_namespace_pkg.urls")
    assert media.source_tree(s) is None


class MalformedRootsTests(SimpleTestCase):
    def test_roots_of_the_wrong_type_do_not_crash_the_deploy_check(self):
        for name in ("MEDIA_ROOT", "STATIC_ROOT", "BASE_DIR"):
            for value in (5, b"/srv/www"):
                s = SimpleNamespace(
                    **{"MEDIA_ROOT": "/srv/www", "STATIC_ROOT": "/srv/x", name: value}
                )
                with self.subTest(name=name, value=value):
                    assert media.media_root_messages(s) == []

    @override_settings(MEDIA_ROOT=5, FILE_UPLOAD_PERMISSIONS="0o644")
    def test_reported_by_every_check_run(self):
        with pytest.raises(SystemCheckError) as raised:
            call_command("check", tags=["django_chained"], stdout=StringIO())
        assert str(raised.value).count("django_chained.E612") == 2

    @override_settings(MEDIA_ROOT=5)
    def test_deploy_check_survives_a_bad_media_root(self):
        assert media.check_media_settings() == []


class MediaUrlTests(SimpleTestCase):
    def test_distinct_urls_pass(self):
        s = SimpleNamespace(MEDIA_URL="/media/", STATIC_URL="/static/")
        assert media.media_url_messages(s) == []

    def test_same_url(self):
        s = SimpleNamespace(MEDIA_URL="/assets/", STATIC_URL="/assets/")
        assert media.media_url_messages(s) == [media.E608]

    def test_both_empty_pass(self):
        s = SimpleNamespace(MEDIA_URL="", STATIC_URL="")
        assert media.media_url_messages(s) == []


class PermissionTests(SimpleTestCase):
    def test_private_modes_pass(self):
        s = SimpleNamespace(
            FILE_UPLOAD_PERMISSIONS=0o640, FILE_UPLOAD_DIRECTORY_PERMISSIONS=0o750
        )
        assert media.permission_messages(s) == []

    def test_django_defaults_pass(self):
        assert media.permission_messages(SimpleNamespace()) == []

    def test_world_writable_file(self):
        s = SimpleNamespace(FILE_UPLOAD_PERMISSIONS=0o666)
        assert media.permission_messages(s) == [
            media.w609_writable_uploads(setting="FILE_UPLOAD_PERMISSIONS", mode=0o666)
        ]

    def test_group_writable_directory(self):
        s = SimpleNamespace(FILE_UPLOAD_DIRECTORY_PERMISSIONS=0o770)
        [message] = media.permission_messages(s)
        assert message.id == "django_chained.W609"
        assert "0o770" in message.msg
        assert "0o750" in str(message.hint)

    def test_non_integer_mode_ignored(self):
        s = SimpleNamespace(FILE_UPLOAD_PERMISSIONS="0o666")
        assert media.permission_messages(s) == []


class BrokenStorageSettingsTests(SimpleTestCase):
    def test_storages_pass(self):
        s = SimpleNamespace(
            STORAGES={
                "default": {"BACKEND": "django_chained.storage.RandomFileSystemStorage"}
            }
        )
        assert media.broken_storage_messages(s) == []

    def test_removed_default_file_storage_is_an_error(self):
        s = SimpleNamespace(DEFAULT_FILE_STORAGE="storages.backends.s3.S3Storage")
        assert media.broken_storage_messages(s) == [media.E610]

    def test_legacy_random_storage_in_storages(self):
        s = SimpleNamespace(STORAGES={"default": {"BACKEND": LEGACY_RANDOM_STORAGE}})
        [message] = media.broken_storage_messages(s)
        assert message.id == "django_chained.E611"
        assert message.obj == "STORAGES['default']"

    def test_file_modes_and_media_root_of_the_right_type_pass(self):
        for value in (None, 0o640, 0, 0o7777):
            s = SimpleNamespace(
                FILE_UPLOAD_PERMISSIONS=value,
                FILE_UPLOAD_DIRECTORY_PERMISSIONS=value,
                MEDIA_ROOT=Path("/srv/media"),
            )
            assert media.setting_type_messages(s) == []

    def test_file_mode_of_the_wrong_type_is_an_error(self):
        """os.chmod() raises TypeError on every upload: a string mode is certainly broken."""
        for setting in ("FILE_UPLOAD_PERMISSIONS", "FILE_UPLOAD_DIRECTORY_PERMISSIONS"):
            for value in ("0o644", 420.0, True, -1, 0o10000):
                with self.subTest(setting=setting, value=value):
                    s = SimpleNamespace(**{setting: value})
                    assert media.setting_type_messages(s) == [
                        media.e612_file_setting_invalid(
                            setting=setting,
                            expected="None or an int mode from 0 to 0o7777, e.g. 0o640",
                            value=value,
                        )
                    ]

    def test_media_root_of_the_wrong_type_is_an_error(self):
        for value in (5, b"/srv/media", None):
            with self.subTest(value=value):
                [message] = media.setting_type_messages(
                    SimpleNamespace(MEDIA_ROOT=value)
                )
                assert message.id == "django_chained.E612"
                assert "MEDIA_ROOT" in message.msg

    def test_odd_storages_shapes_ignored(self):
        for storages in ("x", {"default": "x"}, {}):
            assert (
                media.broken_storage_messages(SimpleNamespace(STORAGES=storages)) == []
            )


class SettingsMessagesTests(SimpleTestCase):
    def test_combines_every_settings_rule(self):
        s = SimpleNamespace(
            DEFAULT_FILE_STORAGE="x.Y",
            MEDIA_ROOT="/srv/www",
            STATIC_ROOT="/srv/www",
            MEDIA_URL="/a/",
            STATIC_URL="/a/",
            FILE_UPLOAD_PERMISSIONS=0o666,
        )
        assert ids(media.settings_messages(s)) == [
            "django_chained.E610",
            "django_chained.E605",
            "django_chained.E608",
            "django_chained.W609",
        ]

    def test_type_errors_reported_beside_the_removed_setting(self):
        s = SimpleNamespace(DEFAULT_FILE_STORAGE="x.Y", FILE_UPLOAD_PERMISSIONS="0o644")
        assert ids(media.settings_messages(s)) == [
            "django_chained.E610",
            "django_chained.E612",
        ]

    @override_settings(
        MEDIA_ROOT="/srv/media", STATIC_ROOT="/srv/media", FILE_UPLOAD_PERMISSIONS=0o644
    )
    def test_check_reads_django_settings(self):
        assert media.check_media_settings() == [media.E605]

    @override_settings(DEFAULT_FILE_STORAGE="x.Y")
    def test_storage_check_reads_django_settings(self):
        assert media.check_storage_settings() == [media.E610]


@override_settings(ROOT_URLCONF="tests.urlconfs.media")
class CheckMediaServedByDjangoTests(SimpleTestCase):
    def test_serve_routed_with_debug_off(self):
        messages = media_served.check_media_served_by_django()
        assert [(m.id, m.obj) for m in messages] == [
            ("django_chained.W603", "^media/(?P<path>.*)$"),
            ("django_chained.W603", "files/^(?P<path>.*)$"),
        ]
        assert all("while DEBUG is off" in m.msg for m in messages)

    def test_serve_routes_placed_at_their_urlconf_line(self):
        """Placed where they are written, as the standalone scan places them; include([...]) lists too."""
        root = Path(__file__).parent
        records = [
            Record.from_check_message(m, root)
            for m in media_served.check_media_served_by_django()
        ]
        assert [(r.file, r.line) for r in records] == [
            ("urlconfs/media.py", 16),
            ("urlconfs/media.py", 11),
        ]

    @override_settings(DEBUG=True)
    def test_serve_routed_with_debug_on(self):
        assert (
            ids(media_served.check_media_served_by_django())
            == ["django_chained.W604"] * 2
        )

    @override_settings(ROOT_URLCONF="tests.urlconfs.https")
    def test_no_serve_route_passes(self):
        assert media_served.check_media_served_by_django() == []


class RegistrationTests(SimpleTestCase):
    @override_settings(ROOT_URLCONF="tests.urlconfs.media")
    def test_deploy_check_reports_served_media(self):
        with pytest.raises(SystemCheckError) as raised:
            call_command(
                "check", deploy=True, tags=["django_chained"], fail_level="WARNING"
            )
        assert "django_chained.W603" in str(raised.value)

    @override_settings(DEFAULT_FILE_STORAGE="x.Y")
    def test_removed_setting_reported_without_deploy(self):
        with pytest.raises(SystemCheckError, match="django_chained.E610"):
            call_command("check", tags=["django_chained"])

    @override_settings(ROOT_URLCONF="tests.urlconfs.media")
    def test_serve_check_not_run_without_deploy(self):
        call_command("check", tags=["django_chained"], fail_level="WARNING")


def test_paths_without_a_common_root_are_not_inside(monkeypatch):
    def different_drives(paths):
        raise ValueError("Paths don't have the same drive")

    monkeypatch.setattr(os.path, "commonpath", different_drives)
    s = SimpleNamespace(MEDIA_ROOT="/srv/media", STATIC_ROOT="/srv", BASE_DIR="/srv")
    assert media.media_root_messages(s) == []


AGREESITE = Path(__file__).parent / "fixtures" / "agreesite"


@pytest.fixture
def file_storage_package(monkeypatch, settings):
    """The agreesite's stand-in for django-db-file-storage, importable by its real name."""
    monkeypatch.syspath_prepend(str(AGREESITE))
    settings.ROOT_URLCONF = "tests.urlconfs.file_views"
    yield
    for name in [m for m in sys.modules if m.split(".")[0] == "db_file_storage"]:
        monkeypatch.delitem(sys.modules, name)


@pytest.mark.usefixtures("file_storage_package")
class TestPackageFileViews:
    def test_each_include_is_w603_once_whatever_its_routes(self):
        messages = media_served.check_media_served_by_django()
        assert [(m.id, m.obj) for m in messages] == [
            ("django_chained.W603", "attachments/"),
            ("django_chained.W603", "admin/files/"),
        ]
        assert "django-db-file-storage's views" in messages[0].msg

    def test_placed_at_the_include_line(self):
        root = Path(__file__).parent
        records = [
            Record.from_check_message(m, root)
            for m in media_served.check_media_served_by_django()
        ]
        assert [(r.file, r.line) for r in records] == [
            ("urlconfs/file_views.py", 13),
            ("urlconfs/file_views.py", 9),
        ]

    def test_reported_with_debug_on_too(self, settings):
        settings.DEBUG = True
        assert (
            ids(media_served.check_media_served_by_django())
            == ["django_chained.W603"] * 2
        )


def test_other_includes_are_not_file_views(settings):
    settings.ROOT_URLCONF = "tests.urlconfs.media"
    assert "django-db-file-storage" not in str(
        media_served.check_media_served_by_django()
    )
