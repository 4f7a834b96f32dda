"""``manage.py check``, Django's command, listing each level's messages with line numbers in numeric order."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import check

from django_chained.management.numeric_order import numerically_ordered_style


class Command(check.Command):
    def check(self, *args: Any, **kwargs: Any) -> None:
        painting = self.style
        self.style = numerically_ordered_style(painting)
        try:
            super().check(*args, **kwargs)
        finally:
            self.style = painting
