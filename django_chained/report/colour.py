"""Whether a text report is coloured: the flags, then the ``NO_COLOR``/``FORCE_COLOR``/``TERM`` conventions."""

from __future__ import annotations

import os
from collections.abc import Mapping


def colour_from_environment(environ: Mapping[str, str] | None = None) -> bool | None:
    """``False`` for a non-empty ``NO_COLOR`` (no-color.org) or ``TERM=dumb``, ``True`` for a non-empty
    ``FORCE_COLOR``, ``None`` when the environment says nothing.

    As in CPython's own colouring, ``NO_COLOR`` beats ``FORCE_COLOR``, which beats ``TERM=dumb``.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return None


def wants_colour(
    *,
    no_color: bool,
    force_color: bool,
    to_terminal: bool,
    environ: Mapping[str, str] | None = None,
) -> bool:
    """``--no-color``/``--force-color`` first, then the environment, then whether output is a terminal."""
    if no_color or force_color:
        return force_color
    from_environment = colour_from_environment(environ)
    return to_terminal if from_environment is None else from_environment
