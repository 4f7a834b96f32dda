"""OwnerQuerysetMixin vs a hand-written owner filter, and the 2xx URLconf audit vs Django's own URL checks.

Run: ``python benchmarks/owner.py``. Variants are interleaved in one run; ratios are against the anchor
(the hand-written view, Django's ``urls`` checks) measured in the same run.
Run it on a quiet machine: the asserted 2 % limit is smaller than the noise of a busy one.
"""

from __future__ import annotations

import functools
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.mixins import LoginRequiredMixin  # noqa: E402
from django.core.checks import run_checks  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import QuerySet  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402
from django.views.generic import DetailView, ListView  # noqa: E402

from django_chained.checks.authorization import (  # noqa: E402
    check_object_views_scoped,
    check_owner_fields,
)
from django_chained.mixins import OwnerQuerysetMixin  # noqa: E402
from tests.models import Document  # noqa: E402

ROWS = 10_000
PATTERNS = 5_000
ROUNDS = 41
MAX_RATIO = 1.02


class CountResponseMixin:
    def render_to_response(
        self, context: dict[str, Any], **kwargs: Any
    ) -> HttpResponse:
        rows = context.get("object_list")
        return HttpResponse(
            str(len(rows)) if rows is not None else str(context["object"].pk)
        )


class MixinList(OwnerQuerysetMixin, CountResponseMixin, ListView):  # type: ignore[type-arg]
    model = Document


class HandList(LoginRequiredMixin, CountResponseMixin, ListView):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.filter(owner=self.request.user)  # type: ignore[misc]


class MixinDetail(OwnerQuerysetMixin, CountResponseMixin, DetailView):  # type: ignore[type-arg]
    model = Document


class HandDetail(LoginRequiredMixin, CountResponseMixin, DetailView):  # type: ignore[type-arg]
    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.filter(owner=self.request.user)  # type: ignore[misc]


def populate() -> tuple[Any, int]:
    call_command("migrate", run_syncdb=True, verbosity=0)
    users = get_user_model().objects
    owner, other = users.create_user("owner"), users.create_user("other")
    Document.objects.bulk_create(
        Document(owner=owner if i % 2 else other, title=f"doc {i}") for i in range(ROWS)
    )
    last = (
        Document.objects.filter(owner=owner)
        .order_by("-pk")
        .values_list("pk", flat=True)[0]
    )
    return owner, last


def sql_of(
    view: Callable[..., Any], request: Any, **kwargs: Any
) -> tuple[list[str], bytes]:
    with CaptureQueriesContext(connection) as queries:
        body = view(request, **kwargs).content
    return [q["sql"] for q in queries.captured_queries], body


def race(
    variants: dict[str, Callable[[], Any]], rounds: int, calls: int = 1
) -> dict[str, list[float]]:
    """Seconds per call of each variant, one sample per round of ``calls`` calls, variants interleaved.

    The order alternates each round, and the garbage collector runs between samples, not inside
    them (as timeit does), so neither variant pays for the other's garbage.
    """
    samples: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_ in range(rounds):
        for name in names if round_ % 2 else reversed(names):
            call = variants[name]
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            for _ in range(calls):
                call()
            samples[name].append((time.perf_counter() - start) / calls)
            gc.enable()
    return samples


def median_ratio(samples: dict[str, list[float]], variant: str, anchor: str) -> float:
    """Median of the per-round ratios: both variants of a round saw the same machine load."""
    return statistics.median(
        v / a for v, a in zip(samples[variant], samples[anchor], strict=True)
    )


def bench_views(owner: Any, pk: int) -> None:
    request = RequestFactory().get("/")
    request.user = owner
    cases = [
        ("list", MixinList.as_view(), HandList.as_view(), {}, 1),
        ("detail", MixinDetail.as_view(), HandDetail.as_view(), {"pk": pk}, 200),
    ]
    for label, mixin, hand, kwargs, calls in cases:
        mixin_sql, mixin_body = sql_of(mixin, request, **kwargs)
        hand_sql, hand_body = sql_of(hand, request, **kwargs)
        assert mixin_sql == hand_sql, (mixin_sql, hand_sql)
        assert len(mixin_sql) == len(hand_sql) == 1
        assert mixin_body == hand_body
        samples = race(
            {
                "hand-written": functools.partial(hand, request, **kwargs),
                "mixin": functools.partial(mixin, request, **kwargs),
            },
            rounds=ROUNDS,
            calls=calls,
        )
        times = {name: min(values) for name, values in samples.items()}
        ratio = median_ratio(samples, "mixin", "hand-written")
        print(
            f"{label:6} view over {ROWS} rows (response {mixin_body.decode()!r}): identical SQL, {len(mixin_sql)} query each; "
            f"hand-written {times['hand-written'] * 1e3:.3f} ms, mixin {times['mixin'] * 1e3:.3f} ms, "
            f"median per-round ratio {ratio:.3f} (limit {MAX_RATIO})"
        )
        print(f"       SQL: ...{mixin_sql[0][-110:]}")
        assert ratio <= MAX_RATIO, (
            f"{label}: mixin/hand-written = {ratio:.3f} > {MAX_RATIO}"
        )


def generated_urlconf() -> ModuleType:
    """5,000 patterns: 50 namespaced includes of 100 views each, a quarter of them unscoped."""
    views = [
        MixinDetail.as_view(),
        MixinList.as_view(),
        DetailView.as_view(model=Document),
        HandDetail.as_view(),
    ]
    groups = []
    for g in range(PATTERNS // 100):
        patterns = [
            path(f"item{i}/<int:pk>/", views[i % 4], name=f"item{i}")
            for i in range(100)
        ]
        groups.append(path(f"group{g}/", include((patterns, f"group{g}"))))
    module = ModuleType("benchmark_urls")
    vars(module)["urlpatterns"] = groups
    sys.modules[module.__name__] = module
    return module


def bench_audit() -> None:
    generated_urlconf()
    with override_settings(ROOT_URLCONF="benchmark_urls"):
        clear_url_caches()
        start = time.perf_counter()
        django_cold = run_checks(tags=["urls"])
        django_cold_time = time.perf_counter() - start
        findings = check_object_views_scoped() + check_owner_fields()
        assert len(findings) == PATTERNS // 4, len(findings)
        assert not django_cold, django_cold
        samples = race(
            {
                "django urls checks": lambda: run_checks(tags=["urls"]),
                "django check": lambda: run_checks(include_deployment_checks=False),
                "2xx audit": lambda: check_object_views_scoped() + check_owner_fields(),
            },
            rounds=5,
        )
        times = {name: min(values) for name, values in samples.items()}
    print(
        f"URLconf audit, {PATTERNS} patterns ({len(findings)} W201): "
        f"2xx audit {times['2xx audit'] * 1e3:.1f} ms; on the same URLconf Django's own urls checks "
        f"{times['django urls checks'] * 1e3:.1f} ms (first run {django_cold_time * 1e3:.1f} ms) and "
        f"its whole non-deploy `check` {times['django check'] * 1e3:.1f} ms"
    )
    assert times["2xx audit"] < 1.0, "the audit must stay well under a second"


if __name__ == "__main__":
    owner, pk = populate()
    bench_views(owner, pk)
    bench_audit()
