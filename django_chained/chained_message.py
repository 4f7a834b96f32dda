"""A Django ``CheckMessage`` that keeps what reports need and the check framework has no field for.

``manage.py check`` prints it like any message, with its place after the object when ``obj`` is not
already a ``path:line`` (``app.views.detail (app/views.py:12): (django_chained.W201) …``);
``chained_report`` reads the structured finding back from it instead of parsing ``obj`` strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.checks import CheckMessage

from django_chained.paths import display_path

if TYPE_CHECKING:
    from django_chained.facts.place import Place
    from django_chained.scan.findings import Finding


class ChainedMessage(CheckMessage):
    """A check message with a stable ``subject``, a ``place`` and, from the scan engine, the ``finding`` it shows."""

    def __init__(
        self,
        level: int,
        msg: str,
        hint: str | None = None,
        obj: Any = None,
        id: str | None = None,
        *,
        subject: str | None = None,
        finding: Finding | None = None,
        place: Place | None = None,
    ) -> None:
        super().__init__(level, msg, hint=hint, obj=obj, id=id)
        self.subject = subject
        """What the finding is about, stable across runs, clones and wording (fingerprints use it)."""
        self.finding = finding
        self.place = place
        """Where it points, when ``obj`` alone cannot say (a URL pattern's line in its URLconf)."""

    @property
    def shown_place(self) -> str | None:
        """``path:line`` (relative to the working directory when under it) of ``place``, if any."""
        if self.place is None or not self.place.file:
            return None
        path = display_path(self.place.file)
        return f"{path}:{self.place.line}" if self.place.line else path

    def __str__(self) -> str:
        text = super().__str__()
        where = self.shown_place
        if where is None or not self.id:
            return text
        obj, marker, rest = text.partition(f": ({self.id}) ")
        return f"{obj} ({where}){marker}{rest}" if marker else text
