"""Attribution foreign keys (``created_by``, ``author``): read-only serving is I213, writes stay warnings."""

from __future__ import annotations

import textwrap

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps
from django.views.generic import DeleteView, DetailView, ListView, UpdateView

from django_chained.attribution import (
    class_reads_only,
    is_attribution_field,
    only_attribution,
    reads_only,
)
from django_chained.facts.views import LIST, SINGLE, ObjectView
from django_chained.judgement.authorization import judge_object_view
from django_chained.ownership import is_attributed_model, is_attributed_model_named
from django_chained.sourcetree.standalone import scan_tree

MODELS = """\
    from django.conf import settings
    from django.db import models

    class Product(models.Model):
        name = models.CharField(max_length=80)
        created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
        updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Question(models.Model):
        author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Note(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Invoice(models.Model):
        owned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
"""

VIEWS = """\
    from django.http import JsonResponse
    from django.shortcuts import get_object_or_404, render
    from django.views.generic import DetailView, ListView, UpdateView

    from app.models import Invoice, Note, Product, Question

    def product_page(request, pk):
        product = get_object_or_404(Product, pk=pk)
        context = {"product": product, "title": product.name}
        return render(request, "shop/product.html", context)

    def product_json(request, pk):
        return JsonResponse({"name": Product.objects.get(pk=pk).name})

    def question_page(request, pk):
        question = Question.objects.get(pk=pk)
        if question.author_id:
            return render(request, "forum/question.html", {"question": question})

    def rename_product(request, pk):
        product = get_object_or_404(Product, pk=pk)
        product.name = request.POST["name"]
        product.save()
        return render(request, "shop/product.html", {"product": product})

    def delete_product(request, pk):
        Product.objects.filter(pk=pk).delete()

    def archive_question(request, pk):
        question = Question.objects.get(pk=pk)
        archive(question)

    def note_page(request, pk):
        note = get_object_or_404(Note, pk=pk)
        return render(request, "notes/note.html", {"note": note})

    def invoice_page(request, pk):
        invoice = get_object_or_404(Invoice, pk=pk)
        return render(request, "billing/invoice.html", {"invoice": invoice})

    class ProductDetail(DetailView):
        model = Product

    class ProductList(ListView):
        model = Product

    class ProductEdit(UpdateView):
        model = Product
        fields = ["name"]

    class ProductDetailWithPost(DetailView):
        model = Product

        def post(self, request, *args, **kwargs):
            return self.get(request, *args, **kwargs)

    class NoteDetail(DetailView):
        model = Note
"""

URLS = """\
    from django.urls import path

    from app import views

    urlpatterns = [
        path("products/<int:pk>/", views.ProductDetail.as_view()),
        path("products/", views.ProductList.as_view()),
        path("products/<int:pk>/edit/", views.ProductEdit.as_view()),
        path("products/<int:pk>/post/", views.ProductDetailWithPost.as_view()),
        path("notes/<int:pk>/", views.NoteDetail.as_view()),
    ]
"""

SETTINGS = """\
    INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "app"]
    ROOT_URLCONF = "urls"
    {owner_models}
"""


def _scan(tmp_path, owner_models=""):
    files = {
        "app/models.py": MODELS,
        "app/views.py": VIEWS,
        "urls.py": URLS,
        "settings.py": SETTINGS.format(owner_models=owner_models),
    }
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    (tmp_path / "app" / "__init__.py").touch()
    records = scan_tree(tmp_path, use_cache=False).records
    return sorted(
        (
            (
                r.id.rsplit(".", 1)[-1],
                r.obj if (r.obj or "").startswith("app.") else r.line,
            )
            for r in records
            if r.id.endswith(("W201", "I213", "W250"))
        ),
        key=str,
    )


def test_reads_of_attributed_rows_are_infos_and_writes_stay_warnings(tmp_path):
    assert _scan(tmp_path) == sorted(
        [
            ("I213", 8),  # product_page renders the product
            ("I213", 13),  # product_json returns a field of it
            ("I213", 16),  # question_page tests and renders the question
            ("I213", "app.views.ProductDetail"),
            ("I213", "app.views.ProductList"),
            ("W201", "app.views.NoteDetail"),  # Note has an owner besides created_by
            ("W201", "app.views.ProductDetailWithPost"),  # its own post() may write
            ("W201", "app.views.ProductEdit"),  # an UpdateView writes the row
            ("W250", 21),  # rename_product assigns and saves
            ("W250", 27),  # delete_product deletes
            ("W250", 30),  # archive_question hands the row to another function
            ("W250", 34),  # note_page: Note is owned
            ("W250", 38),  # invoice_page: owned_by says who owns it
        ],
        key=str,
    )


def test_owner_models_setting_makes_an_attributed_model_owned(tmp_path):
    found = _scan(tmp_path, 'CHAINED_OWNER_MODELS = ["app.Product"]')
    assert ("I213", 8) not in found and ("W250", 8) in found
    assert ("W201", "app.views.ProductDetail") in found


def test_the_info_says_what_to_confirm(tmp_path):
    _scan(tmp_path)
    records = scan_tree(tmp_path, use_cache=False).records
    (info,) = [r for r in records if r.id.endswith("I213") and r.line == 8]
    assert "confirm that every Product row is meant to be readable" in info.message


def test_an_inline_ignore_of_the_fetch_accepts_the_info(tmp_path):
    _scan(tmp_path)
    views = tmp_path / "app" / "views.py"
    lines = views.read_text().splitlines()
    lines[7] += "  # chained: ignore[W250] every product is public"
    views.write_text("\n".join(lines) + "\n")
    records = scan_tree(tmp_path, use_cache=False).records
    (info,) = [r for r in records if r.line == 8 and r.id.endswith(("I213", "W006"))]
    assert (info.id, info.accepted) == (
        "django_chained.I213",
        "every product is public",
    )


@pytest.mark.parametrize(
    ("name", "attribution"),
    [
        ("created_by", True),
        ("added_by", True),
        ("Last_Modified_By", True),
        ("author", True),
        ("submitter", True),
        ("uploaded_by", False),  # an uploaded document is private until shown otherwise
        ("uploader", False),
        ("owned_by", False),
        ("owner", False),
        ("user", False),
        ("members", False),
        ("bypass", False),
    ],
)
def test_attribution_field_names(name, attribution):
    assert is_attribution_field(name) is attribution


def test_only_attribution_needs_every_path_to_end_in_one():
    assert only_attribution(["created_by", "space__created_by"])
    assert not only_attribution(["created_by", "owner"])
    assert not only_attribution(["project__members"])
    assert not only_attribution([])


def test_reads_only_from_bases_and_methods():
    assert reads_only(["LoginRequiredMixin", "DetailView"], ["get_context_data"])
    assert not reads_only(["DetailView"], ["post"])
    assert not reads_only(["FormView"], [])
    assert class_reads_only(DetailView) and class_reads_only(ListView)
    assert not class_reads_only(UpdateView) and not class_reads_only(DeleteView)


def _view(kind=SINGLE, **changes):
    facts = {
        "route": "products/<int:pk>/",
        "dotted": "shop.views.ProductDetail",
        "place": None,
        "kind": kind,
        "model": "shop.Product",
        "owner_path": "created_by",
        "scoped": False,
        "attributed": True,
        "only_reads": True,
    }
    return ObjectView(**{**facts, **changes})


def _judged(**changes):
    message = judge_object_view(_view(**changes))
    return None if message is None else str(message.id).rsplit(".", 1)[-1]


def test_judgement_of_an_attributed_read_only_view():
    assert _judged() == "I213"
    assert _judged(kind=LIST) == "I213"
    assert _judged(only_reads=False) == "W201"
    assert _judged(attributed=False) == "W201"
    assert _judged(scoped=True) is None
    assert _judged(exemption="public") == "I202"


@isolate_apps("tests")
def test_installed_models_are_judged_by_their_paths_to_the_user():
    class Tag(models.Model):  # noqa: DJ008
        created_by = models.ForeignKey(User, on_delete=models.CASCADE)

    class Diary(models.Model):  # noqa: DJ008
        author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
        owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Attachment(models.Model):  # noqa: DJ008
        uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE)

    assert is_attributed_model(Tag)
    assert not is_attributed_model(Diary) and not is_attributed_model(Attachment)
    assert not is_attributed_model(User)
    with override_settings(CHAINED_OWNER_MODELS=["tests.Tag"]):
        assert not is_attributed_model(Tag)


@pytest.mark.django_db
def test_installed_models_of_a_name_are_attributed_only_when_one_is():
    assert is_attributed_model_named("Document") is False  # owner and project__members
    assert is_attributed_model_named("NoSuchModel") is False
