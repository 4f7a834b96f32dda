from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.urls import path

from insecure import views

app_name = "insecure"
urlpatterns = [
    path("invoices/<int:pk>/", views.InvoiceDetailView.as_view(), name="detail"),
    path("invoices/<int:pk>/download/", views.invoice_download, name="download"),
    path("invoices/<int:pk>/paid/", views.mark_paid, name="mark-paid"),
    path("invoices/<int:pk>/pay/", views.pay, name="pay"),
    path("search/", views.search, name="search"),
    path("by-customer/", views.by_customer, name="by-customer"),
    path("greet/", views.greet, name="greet"),
    path("echo/", views.echo, name="echo"),
    path("remember-me/", views.remember_me, name="remember-me"),
    path("upload/", views.upload, name="upload"),
    path("download/", views.download, name="file"),
    # Concern 6: Django's development file server, left routed in production.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
