"""Vulnerable by design: a report query with the sort column spliced into SQL (concern 4)."""

from __future__ import annotations

from django.db.models.expressions import RawSQL

from insecure.models import Invoice


# Concern 4: the column comes from the query string and is formatted into RawSQL.
def ranked_invoices(request):
    column = request.GET.get("rank_by", "amount")
    return Invoice.objects.annotate(rank=RawSQL(f"RANK() OVER (ORDER BY {column} DESC)", []))
