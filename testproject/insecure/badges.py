"""Vulnerable by design: HTML helpers that mark unescaped customer data as safe (concern 3)."""

from __future__ import annotations

from django.utils.html import format_html, html_safe
from django.utils.safestring import mark_safe


# Concern 3: the customer name is formatted in before format_html() could escape it.
def customer_badge(invoice):
    return format_html(f"<span class='badge'>{invoice.customer}</span>")


# Concern 3: everything this helper returns is marked safe, customer notes included.
@mark_safe
def notes_preview(invoice):
    return f"<em>{invoice.notes[:80]}</em>"


# Concern 3: str() of this object is trusted as HTML, but it carries the customer's name.
@html_safe
class CustomerLink:
    def __init__(self, invoice):
        self.invoice = invoice

    def __str__(self):
        return f"<a href='/insecure/invoices/{self.invoice.pk}/'>{self.invoice.customer}</a>"
