"""Vulnerable by design. Every view here is a mistake django-chained must report."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView

from insecure.models import Invoice


# Concern 2: any logged-in user can read any invoice by changing the number in the URL.
class InvoiceDetailView(LoginRequiredMixin, DetailView):
    model = Invoice


# Concern 2: the object is fetched by the URL's key alone, and "admin" comes from a cookie.
def invoice_download(request, pk):
    invoice = Invoice.objects.get(pk=pk)
    if request.COOKIES.get("is_admin") == "1":
        return HttpResponse(f"{invoice.customer};{invoice.amount};{invoice.notes}")
    return HttpResponseForbidden()


# Concern 4: SQL built with an f-string from the query string.
def search(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, customer FROM insecure_invoice WHERE customer LIKE '%{term}%'")
        rows = cursor.fetchall()
    return render(request, "insecure/search.html", {"rows": rows, "term": term})


# Concern 4: .raw() with %-formatting and .extra() with str.format.
def by_customer(request):
    name = request.GET.get("name", "")
    invoices = Invoice.objects.raw("SELECT * FROM insecure_invoice WHERE customer = '%s'" % name)
    order = request.GET.get("order", "amount")
    totals = Invoice.objects.extra(where=["amount > {}".format(request.GET.get("min", "0"))], order_by=[order])
    return render(request, "insecure/search.html", {"rows": list(invoices) + list(totals), "term": name})


# Concern 3: request data marked safe and echoed as HTML.
def greet(request):
    name = request.GET.get("name", "stranger")
    greeting = mark_safe(f"<h1>Hello {name}</h1>")
    return render(request, "insecure/greet.html", {"greeting": greeting})


def echo(request):
    return HttpResponse(f"<p>You searched for {request.GET.get('q', '')}</p>")


# Concern 5: a state-changing view with CSRF protection switched off.
@csrf_exempt
def mark_paid(request, pk):
    if request.method == "POST" and request.user.is_authenticated:
        Invoice.objects.filter(pk=pk).update(paid=True)
    return redirect("insecure:detail", pk=pk)


# Concern 5: this page may be framed by any site (clickjacking).
@xframe_options_exempt
def pay(request, pk):
    return render(request, "insecure/pay.html", {"pk": pk})


# Concern 1: an authentication cookie sent over plain HTTP too.
def remember_me(request):
    response = redirect("insecure:search")
    response.set_cookie("auth_token", request.session.session_key or "", max_age=30 * 24 * 3600)
    return response


# Concern 6: the upload is written under the name the user chose, inside public media.
@csrf_exempt
def upload(request):
    if request.method == "POST" and request.user.is_authenticated:
        uploaded = request.FILES["file"]
        destination = os.path.join(settings.MEDIA_ROOT, "uploads", uploaded.name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        with open(destination, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        return HttpResponse(f"{settings.MEDIA_URL}uploads/{uploaded.name}")
    return render(request, "insecure/upload.html")


# Concern 6: serves whatever path the request names.
def download(request):
    path = request.GET["path"]
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, path), "rb"))
