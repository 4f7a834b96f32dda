"""6xx: uploaded files reachable by people who should not reach them.

The settings rules are pure functions over a settings-like object (``settings_messages(s)``), so a
static scanner can run them on parsed settings; the model rules live in ``media_fields``, the URLconf
rules in ``media_served``.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

from django.conf import global_settings, settings
from django.core.checks import CheckMessage, Error, Info, Warning

from django_chained.checks.media_fields import (
    LEGACY_RANDOM_STORAGE,
    check_file_fields,
    check_legacy_field_storage,
    e611_legacy_random_storage,
)
from django_chained.checks.media_served import check_media_served_by_django
from django_chained.checks.registry import Registration, always, deploy

E605 = Error(
    "MEDIA_ROOT and STATIC_ROOT are the same directory.",
    hint="Give uploads their own directory: collectstatic would publish them and --clear would delete them.",
    id="django_chained.E605",
)
W606 = Warning(
    "MEDIA_ROOT is inside STATIC_ROOT, so the static file server publishes every upload.",
    hint="Move MEDIA_ROOT out of STATIC_ROOT; collectstatic --clear would also delete the uploads.",
    id="django_chained.W606",
)


def w607_media_in_source_tree(*, media_root: str, tree: str) -> Warning:
    return Warning(
        f"MEDIA_ROOT {media_root!r} is inside the project source tree {tree!r}.",
        hint=(
            f"Point MEDIA_ROOT at a data directory outside {tree!r}, e.g. MEDIA_ROOT = os.environ['DJANGO_MEDIA_ROOT']: "
            "uploads in the code could be imported, served or committed with it, and lost on the next deploy."
        ),
        id="django_chained.W607",
    )


def i613_media_storage_chosen_at_run_time(
    *, media_root: str, tree: str, choice: str
) -> Info:
    return Info(
        f"MEDIA_ROOT {media_root!r} is inside the project source tree {tree!r}; the default storage is "
        f"chosen at run time ({choice}).",
        hint=(
            "Confirm production uses that storage, not the file system; else point MEDIA_ROOT at a data "
            f"directory outside {tree!r}, e.g. MEDIA_ROOT = os.environ['DJANGO_MEDIA_ROOT']."
        ),
        id="django_chained.I613",
    )


E608 = Error(
    "MEDIA_URL and STATIC_URL are the same URL.",
    hint="Give uploads their own URL prefix, e.g. MEDIA_URL = '/media/'.",
    id="django_chained.E608",
)


def w609_writable_uploads(*, setting: str, mode: int) -> Warning:
    return Warning(
        f"{setting} = {mode:#o} lets other users on the server rewrite uploaded files.",
        hint=f"Drop the group and world write bits, e.g. {setting} = {mode & ~0o022:#o}.",
        id="django_chained.W609",
    )


#: What E612's hint tells users to write, per setting.
E612_FIXES = {
    "FILE_UPLOAD_PERMISSIONS": "FILE_UPLOAD_PERMISSIONS = 0o640 (an int literal, not a string), or None",
    "FILE_UPLOAD_DIRECTORY_PERMISSIONS": "FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750 (an int literal, not a string), or None",
    "MEDIA_ROOT": "MEDIA_ROOT to a str or pathlib.Path, e.g. os.environ['DJANGO_MEDIA_ROOT']",
}


def e612_file_setting_invalid(*, setting: str, expected: str, value: object) -> Error:
    return Error(
        f"{setting} must be {expected}; got {value!r:.60}, so every upload to the file system fails.",
        hint=f"Set {E612_FIXES.get(setting, setting)}; FileSystemStorage hands it to the OS on every save.",
        id="django_chained.E612",
    )


E610 = Error(
    "DEFAULT_FILE_STORAGE is set, but Django 5.1 removed it: the default storage silently ignores it.",
    hint='Move the class to STORAGES["default"]["BACKEND"] and delete DEFAULT_FILE_STORAGE.',
    id="django_chained.E610",
)


def _get(s: Any, name: str) -> Any:
    return getattr(s, name, getattr(global_settings, name, None))


def _directory(path: Any) -> str | None:
    # A MEDIA_ROOT of the wrong type is E612's to report; here it is a directory we cannot place.
    if not path or not isinstance(path, (str, os.PathLike)):
        return None
    location = os.fspath(path)
    return (
        os.path.normpath(os.path.abspath(location))
        if isinstance(location, str)
        else None
    )


def _is_file_mode(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0o7777
    )


def _inside(child: str, parent: str) -> bool:
    try:
        return os.path.commonpath([child, parent]) == parent
    except ValueError:  # different drives on Windows
        return False


def source_tree(s: Any) -> str | None:
    """``BASE_DIR`` when the settings define it, else the directory holding the ``ROOT_URLCONF`` package."""
    base_dir = getattr(s, "BASE_DIR", None)
    if base_dir:
        return _directory(base_dir)
    root_urlconf = _get(s, "ROOT_URLCONF")
    if not isinstance(root_urlconf, str) or not root_urlconf:
        return None
    try:
        spec = importlib.util.find_spec(root_urlconf.partition(".")[0])
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    package_dir = os.path.dirname(spec.origin)
    if spec.submodule_search_locations is not None:  # a package: its parent holds it
        package_dir = os.path.dirname(package_dir)
    return _directory(package_dir)


def media_root_messages(s: Any) -> list[CheckMessage]:
    """E605, W606, W607: where uploads live on disk."""
    media_root = _directory(_get(s, "MEDIA_ROOT"))
    if media_root is None:
        return []
    static_root = _directory(_get(s, "STATIC_ROOT"))
    if static_root == media_root:
        return [E605]
    if static_root is not None and _inside(media_root, static_root):
        return [W606]
    tree = source_tree(s)
    if tree is not None and _inside(media_root, tree):
        return [w607_media_in_source_tree(media_root=media_root, tree=tree)]
    return []


def storage_chosen_at_run_time(
    s: Any, messages: list[CheckMessage], choice: str
) -> list[CheckMessage]:
    """``messages`` with W607 as I613, for settings read from source whose default storage only a run decides."""
    if not any(message.id == "django_chained.W607" for message in messages):
        return messages
    media_root, tree = _directory(_get(s, "MEDIA_ROOT")), source_tree(s)
    if media_root is None or tree is None:
        return messages
    return [
        i613_media_storage_chosen_at_run_time(
            media_root=media_root, tree=tree, choice=choice
        )
        if message.id == "django_chained.W607"
        else message
        for message in messages
    ]


def media_url_messages(s: Any) -> list[CheckMessage]:
    """E608: uploads and static files share one URL space."""
    media_url, static_url = _get(s, "MEDIA_URL"), _get(s, "STATIC_URL")
    return [E608] if media_url and media_url == static_url else []


def permission_messages(s: Any) -> list[CheckMessage]:
    """W609: group- or world-writable uploads or upload directories."""
    messages: list[CheckMessage] = []
    for setting in ("FILE_UPLOAD_PERMISSIONS", "FILE_UPLOAD_DIRECTORY_PERMISSIONS"):
        mode = _get(s, setting)
        if _is_file_mode(mode) and mode & 0o022:
            messages.append(w609_writable_uploads(setting=setting, mode=mode))
    return messages


def setting_type_messages(s: Any) -> list[CheckMessage]:
    """E612: file-storage settings of a type that makes every upload raise."""
    messages: list[CheckMessage] = []
    for setting in ("FILE_UPLOAD_PERMISSIONS", "FILE_UPLOAD_DIRECTORY_PERMISSIONS"):
        mode = _get(s, setting)
        if mode is not None and not _is_file_mode(mode):
            expected = "None or an int mode from 0 to 0o7777, e.g. 0o640"
            messages.append(
                e612_file_setting_invalid(
                    setting=setting, expected=expected, value=mode
                )
            )
    media_root = _get(s, "MEDIA_ROOT")
    if not isinstance(media_root, (str, os.PathLike)) or (
        isinstance(media_root, os.PathLike)
        and not isinstance(os.fspath(media_root), str)
    ):
        expected = "a path (str or pathlib.Path)"
        messages.append(
            e612_file_setting_invalid(
                setting="MEDIA_ROOT", expected=expected, value=media_root
            )
        )
    return messages


def broken_storage_messages(s: Any) -> list[CheckMessage]:
    """E610, E611: storage settings that certainly do not work on this Django."""
    messages: list[CheckMessage] = []
    if getattr(s, "DEFAULT_FILE_STORAGE", None) is not None:
        messages.append(E610)
    storages = _get(s, "STORAGES")
    if isinstance(storages, dict):
        for alias, config in storages.items():
            if (
                isinstance(config, dict)
                and config.get("BACKEND") == LEGACY_RANDOM_STORAGE
            ):
                messages.append(e611_legacy_random_storage(obj=f"STORAGES[{alias!r}]"))
    return messages


def deploy_settings_messages(s: Any) -> list[CheckMessage]:
    """The settings rules that matter for a deployment: E605–W609."""
    return [*media_root_messages(s), *media_url_messages(s), *permission_messages(s)]


#: Each settings rule on its own, so a static scanner can skip only those that read a run-time value.
SETTINGS_RULES = (
    broken_storage_messages,
    setting_type_messages,
    media_root_messages,
    media_url_messages,
    permission_messages,
)


def settings_messages(s: Any) -> list[CheckMessage]:
    """Every settings-level 6xx message for ``s`` (``django.conf.settings`` or any object with the same attributes)."""
    return [message for rule in SETTINGS_RULES for message in rule(s)]


def check_media_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Flags MEDIA_ROOT/MEDIA_URL overlapping static files or the code, and writable uploads."""
    return deploy_settings_messages(settings)


def check_storage_settings(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """Flags storage settings that Django ignores or that fail every save, whatever the command."""
    return [*broken_storage_messages(settings), *setting_type_messages(settings)]


REGISTRY: tuple[Registration, ...] = (
    always(check_storage_settings),
    always(check_legacy_field_storage),
    deploy(check_media_settings),
    deploy(check_file_fields),
    deploy(check_media_served_by_django),
)
