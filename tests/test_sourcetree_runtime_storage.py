"""A default storage chosen at run time turns W607 (MEDIA_ROOT inside the source tree) into Info I613."""

from __future__ import annotations

import textwrap

import pytest

from django_chained.sourcetree.runtime_storage import RunTimeStorage, on_file_system
from django_chained.sourcetree.settings_reader import read_settings
from django_chained.sourcetree.settings_rules import settings_findings

S3 = "storages.backends.s3boto3.S3Boto3Storage"
# babybuddy's base settings: the file system by default, S3 when the environment names a bucket.
BABYBUDDY = textwrap.dedent("""\
    import os
    BASE_DIR = "/srv/site"
    MEDIA_ROOT = os.path.join(BASE_DIR, "media")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME") or None
""")
ON_DISK = textwrap.dedent("""\
    BASE_DIR = "/srv/site"
    MEDIA_ROOT = "/srv/site/media"
""")


W607_OR_I613 = {"django_chained.W607", "django_chained.I613"}


def read(tmp_path, source):
    path = tmp_path / "settings.py"
    path.write_text(source)
    return read_settings(path, tmp_path)


def media_ids(tmp_path, source):
    records, _ = settings_findings(read(tmp_path, source), tmp_path)
    return [(r.id, r.location) for r in records if r.id in W607_OR_I613]


def test_s3_when_the_environment_names_a_bucket_is_i613_not_w607(tmp_path):
    source = (
        BABYBUDDY
        + f'if AWS_STORAGE_BUCKET_NAME:\n    STORAGES["default"]["BACKEND"] = "{S3}"\n'
    )
    records, _ = settings_findings(read(tmp_path, source), tmp_path)
    [record] = [r for r in records if r.id in W607_OR_I613]
    assert (record.id, record.location) == ("django_chained.I613", "settings.py:3")
    assert record.message == (
        "MEDIA_ROOT '/srv/site/media' is inside the project source tree '/srv/site'; the default storage "
        f"is chosen at run time ('{S3}' when AWS_STORAGE_BUCKET_NAME)."
    )


def test_without_the_run_time_switch_w607_stays(tmp_path):
    assert media_ids(tmp_path, BABYBUDDY) == [("django_chained.W607", "settings.py:3")]


@pytest.mark.parametrize(
    ("branch", "condition"),
    [
        (
            f'if os.environ.get("S3"):\n    STORAGES["default"] = {{"BACKEND": "{S3}"}}\n',
            "os.environ.get('S3')",
        ),
        (
            f'if not os.environ.get("LOCAL"):\n    DEFAULT_FILE_STORAGE = "{S3}"\n',
            "not os.environ.get('LOCAL')",
        ),
        (
            f'if os.environ.get("LOCAL"):\n    pass\nelse:\n    STORAGES = {{"default": {{"BACKEND": "{S3}"}}}}\n',
            "not os.environ.get('LOCAL')",
        ),
        (
            f'if os.environ.get("A"):\n    pass\nelif os.environ.get("B"):\n    STORAGES["default"]["BACKEND"] = "{S3}"\n',
            "not os.environ.get('A') and os.environ.get('B')",
        ),
    ],
)
def test_every_way_of_naming_the_default_backend_in_a_branch(
    tmp_path, branch, condition
):
    static = read(tmp_path, BABYBUDDY + branch)
    assert static.storage_at_run_time == RunTimeStorage(S3, condition)


def test_a_backend_from_the_environment_is_a_run_time_choice(tmp_path):
    source = BABYBUDDY + 'STORAGES["default"]["BACKEND"] = os.environ["STORAGE"]\n'
    static = read(tmp_path, source)
    assert static.storage_at_run_time == RunTimeStorage(
        None, "os.environ['STORAGE'] names it"
    )
    assert media_ids(tmp_path, source) == [("django_chained.I613", "settings.py:3")]


def test_a_whole_storages_from_a_call_is_a_run_time_choice(tmp_path):
    source = ON_DISK + "import os\nSTORAGES = load_storages(os.environ)\n"
    assert media_ids(tmp_path, source) == [("django_chained.I613", "settings.py:2")]


@pytest.mark.parametrize(
    "branch",
    [
        # Another file-system backend, or the test-only memory storage, still writes to MEDIA_ROOT in production.
        'if os.environ.get("X"):\n    STORAGES["default"]["BACKEND"] = "app.storage.OverwriteFileSystemStorage"\n',
        'if "test" in sys.argv:\n    STORAGES["default"]["BACKEND"] = "django.core.files.storage.InMemoryStorage"\n',
        # A branch changing only the static files storage or the options leaves the default backend alone.
        f'if os.environ.get("X"):\n    STORAGES["staticfiles"]["BACKEND"] = "{S3}"\n',
        'if os.environ.get("X"):\n    STORAGES["default"]["OPTIONS"] = {"location": "/data"}\n',
        # The production branch of DEBUG is known: S3 only while debugging is not a run-time choice.
        f'if DEBUG:\n    STORAGES["default"]["BACKEND"] = "{S3}"\n',
        # A concrete STORAGES after the switch is what every run uses.
        f'if os.environ.get("X"):\n    DEFAULT_FILE_STORAGE = "{S3}"\n'
        'STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}\n',
    ],
)
def test_w607_stays_where_every_run_writes_to_the_file_system(tmp_path, branch):
    source = "import sys\nDEBUG = False\n" + BABYBUDDY + branch
    static = read(tmp_path, source)
    assert static.storage_at_run_time is None
    assert [i for i, _ in media_ids(tmp_path, source)] == ["django_chained.W607"]


def test_media_root_outside_the_tree_gives_neither(tmp_path):
    source = BABYBUDDY.replace('os.path.join(BASE_DIR, "media")', '"/data/media"')
    source += (
        f'if AWS_STORAGE_BUCKET_NAME:\n    STORAGES["default"]["BACKEND"] = "{S3}"\n'
    )
    assert media_ids(tmp_path, source) == []


def test_the_choice_is_read_through_a_star_import(tmp_path):
    (tmp_path / "base.py").write_text(
        BABYBUDDY
        + f'if AWS_STORAGE_BUCKET_NAME:\n    STORAGES["default"]["BACKEND"] = "{S3}"\n'
    )
    assert media_ids(tmp_path, "from base import *\nDEBUG = False\n") == [
        ("django_chained.I613", "base.py:3")
    ]


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("django.core.files.storage.FileSystemStorage", True),
        ("myapp.storage.PrivateFileSystemStorage", True),
        ("django.core.files.storage.InMemoryStorage", True),
        (S3, False),
        ("storages.backends.gcloud.GoogleCloudStorage", False),
    ],
)
def test_file_system_backends_known_by_name(backend, expected):
    assert on_file_system(backend) is expected
