"""One folder's listing, as both walks of a tree (source files, deployment files) read it."""

from __future__ import annotations

import os
from contextlib import suppress

#: A folder, and its mtime and ctime (ns) looked at before it was listed; ``-1`` when they could not be.
ListedFolder = tuple[str, int, int]


def list_folder(
    directory: str, listed: list[ListedFolder] | None = None
) -> tuple[list[str], set[str], list[str]]:
    """The folder's sub-folders, those of them that are links, and its other names.

    As ``os.walk`` sorts them: a link to a folder is a folder, an entry that cannot be looked at is not.
    ``listed`` gets the folder with its times, taken before the listing: a change made while it is
    listed then shows as a time the next walk does not find (``walk_cache``).
    """
    if listed is not None:
        try:
            status = os.stat(directory)
        except OSError:
            listed.append((directory, -1, -1))
        else:
            listed.append((directory, status.st_mtime_ns, status.st_ctime_ns))
    subfolders: list[str] = []
    links: set[str] = set()
    names: list[str] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                names.append(entry.name)
                continue
            subfolders.append(entry.name)
            with suppress(OSError):
                if entry.is_symlink():
                    links.add(entry.name)
    return subfolders, links, names
