"""The base of django-chained's management commands: our version, and the colour conventions of CI."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from django_chained.report.colour import colour_from_environment
from django_chained.report.version import tool_version


class ChainedCommand(BaseCommand):
    """``--version`` prints django-chained's version, not Django's; ``NO_COLOR``, ``FORCE_COLOR`` and
    ``TERM=dumb`` are honoured unless ``--no-color`` or ``--force-color`` is given."""

    def get_version(self) -> str:
        return tool_version()

    def execute(self, *args: Any, **options: Any) -> str | None:
        if not (options.get("no_color") or options.get("force_color")):
            colour = colour_from_environment()
            if colour is not None:
                options["no_color"], options["force_color"] = not colour, colour
        result: str | None = super().execute(*args, **options)
        return result
