"""Per-request cost of HttpsMiddleware against Django's SecurityMiddleware, through Django's WSGI handler.

Run: ``python benchmarks/middleware.py [--rounds 200] [--requests 100]``.
Three handlers share one settings object and differ only in MIDDLEWARE: (a) none, (b) SecurityMiddleware,
(c) HttpsMiddleware.
Each round times a short block of requests per variant, in a shuffled order; the report gives each
variant's median time per request and the median over rounds of its ratio to SecurityMiddleware in the
same round, so drift from other load on the machine cancels out
(targets: HttpsMiddleware <= 0.90x without cookies, <= 1.00x with five).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

VARIANTS = {
    "none": [],
    "SecurityMiddleware": ["django.middleware.security.SecurityMiddleware"],
    "HttpsMiddleware": ["django_chained.middleware.HttpsMiddleware"],
}
ANCHOR = "SecurityMiddleware"


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def five_cookies(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok")
    for index in range(5):
        response.set_cookie(f"cookie{index}", "value", httponly=True, samesite="Lax")
    return response


urlpatterns = [path("plain/", plain), path("cookies/", five_cookies)]

# (label, path, scheme): what each scenario requests.
SCENARIOS = [
    ("HTTPS, view sets no cookie", "/plain/", "https"),
    ("HTTPS, view sets five cookies", "/cookies/", "https"),
    ("HTTP, redirected to HTTPS", "/plain/", "http"),
]


def configure() -> None:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark-only-not-secret",
        ALLOWED_HOSTS=["example.com"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
        SECURE_SSL_REDIRECT=True,
        SECURE_HSTS_SECONDS=31_536_000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
    )
    django.setup()


def build_handler(middleware: list[str]) -> Any:
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=middleware):
        return WSGIHandler()  # the middleware chain is built (and reads settings) here


def environ(path_info: str, scheme: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "QUERY_STRING": "",
        "SERVER_NAME": "example.com",
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "HTTP_HOST": "example.com",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


def start_response(status: str, headers: Iterable[tuple[str, str]]) -> None:
    pass


def time_requests(handler: Callable[..., Any], base: dict[str, Any], n: int) -> float:
    """Seconds per request over ``n`` requests (garbage collection paused, as timeit does)."""
    environs = [{**base, "wsgi.input": BytesIO(b"")} for _ in range(n)]
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        for env in environs:
            handler(env, start_response).close()
        return (time.perf_counter() - started) / n
    finally:
        gc.enable()


def check_behaviour(handlers: dict[str, Any]) -> None:
    """Fail loudly if the compared middlewares do not answer alike."""
    for _label, path_info, scheme in SCENARIOS:
        answers = set()
        for name in ("SecurityMiddleware", "HttpsMiddleware"):
            response = handlers[name](environ(path_info, scheme), start_response)
            answers.add(
                (
                    response.status_code,
                    response.get("Location"),
                    response.get("Strict-Transport-Security"),
                )
            )
            response.close()
        assert len(answers) == 1, answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    configure()
    handlers = {name: build_handler(mw) for name, mw in VARIANTS.items()}
    check_behaviour(handlers)
    print(
        f"Django {django.get_version()}, Python {sys.version.split()[0]}, "
        f"{args.rounds} interleaved rounds x {args.requests} requests, median per request"
    )
    for label, path_info, scheme in SCENARIOS:
        base = environ(path_info, scheme)
        for handler in handlers.values():  # warm up
            time_requests(handler, base, 200)
        samples: dict[str, list[float]] = {name: [] for name in handlers}
        for _ in range(args.rounds):
            order = list(handlers)
            random.shuffle(order)
            for name in order:
                samples[name].append(time_requests(handlers[name], base, args.requests))
        median = {name: statistics.median(values) for name, values in samples.items()}
        print(f"\n{label}")
        for name, values in samples.items():
            ratio = statistics.median(
                value / anchor
                for value, anchor in zip(values, samples[ANCHOR], strict=True)
            )
            added = (median[name] - median["none"]) * 1e6
            print(
                f"  {name:<20} {median[name] * 1e6:7.2f} us  ({added:+6.2f} us vs none)"
                f"  {ratio:.3f}x {ANCHOR}"
            )


if __name__ == "__main__":
    main()
