from __future__ import annotations

from django.conf import settings
from django.db import models


class Invoice(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    customer = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    paid = models.BooleanField(default=False)
    # Concern 6: default storage keeps the uploader's file name, under a guessable dated path.
    scan = models.FileField(upload_to="invoices/%Y/%m/", blank=True)

    def __str__(self) -> str:
        return f"{self.customer}: {self.amount}"
