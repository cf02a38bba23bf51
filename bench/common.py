"""What the three benchmarks share: the baselines, the timing loop and the report.

Every bench times its pages against two baselines in the same run, interleaved so
machine noise hits all alike, through Django's whole stack (middleware, sessions,
context processors, templates, real PostgreSQL) with ``DEBUG=False``:

- ``ok``: a signed-in view answering a bare ``HttpResponse("ok")``; the cost of a
  request at all. Printed for information only: no templated page can come near it.
- the *trivial page*, the baseline the targets are measured against: a signed-in view
  that renders a minimal template through the same stack every page pays for. For a
  whole page that is ``base.html`` with nothing in it ("empty page"); for an htmx
  partial it is a one-line template without ``base.html`` ("empty partial"), because a
  partial never renders the page around it.

The target of every bench: the page's p95 ≤ 2 × the trivial page's p95.
"""

import os
import statistics
import sys
import time
import types
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "physio.settings")
# Development settings at import (plain static storage, no collectstatic needed);
# requests are served with DEBUG=False (see ``serving``).
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import clear_url_caches, include, path  # noqa: E402

WARM_UP = 20
TARGET = 2.0
HTMX = {"HTTP_HX_REQUEST": "true"}

_EMPTY_PARTIAL = engines["django"].from_string('<div id="bench">{{ user }}</div>\n')


def ok(request):
    return HttpResponse("ok")


def empty_page(request):
    return render(request, "base.html")


def empty_partial(request):
    return HttpResponse(_EMPTY_PARTIAL.render({}, request))


@contextmanager
def serving():
    """A throwaway test database, the baselines' URLs, and DEBUG off for the requests.

    Not ``setup_test_environment()``: its instrumented template rendering would skew
    the timings.
    """
    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [
        path("bench/ok/", ok),
        path("bench/empty-page/", empty_page),
        path("bench/empty-partial/", empty_partial),
        path("", include("physio.urls")),
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clear_url_caches()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.DEBUG = False
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(http, url: str, params=None, **headers) -> float:
    """Milliseconds for one GET; anything but 200 stops the bench."""
    started = time.perf_counter()
    response = http.get(url, params, **headers)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed * 1000


def measure(targets: dict, requests: int) -> dict[str, list[float]]:
    """Time each callable ``requests`` times, interleaved, after a warm-up."""
    for call in targets.values():
        for _ in range(WARM_UP):
            call()
    samples = {name: [] for name in targets}
    for _ in range(requests):
        for name, call in targets.items():
            samples[name].append(call())
    return samples


def p50(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    return statistics.quantiles(values, n=20)[18]


def report(samples: dict, *, baseline: str, checked: list[str]) -> bool:
    """Print p50/p95 of each view and its ratios to ``baseline``; then the verdict on
    the p95 of each ``checked`` view. True when every checked view meets the target."""
    width = max(len(name) for name in samples) + 2
    base = samples[baseline]
    print(f"{'view':<{width}}{'p50 ms':>8}{'p95 ms':>8}   ÷ {baseline} (p50, p95)")
    for name, values in samples.items():
        print(
            f"{name:<{width}}{p50(values):>8.2f}{p95(values):>8.2f}   "
            f"{p50(values) / p50(base):5.2f}×  {p95(values) / p95(base):5.2f}×"
        )
    meets = True
    for name in checked:
        ratio = p95(samples[name]) / p95(base)
        ok_ = ratio <= TARGET
        meets &= ok_
        verdict = "meets" if ok_ else "MISSES"
        print(f"{name} p95 ÷ {baseline} p95 = {ratio:.2f}× ({verdict} the ≤ {TARGET:g}× target)")
    return meets
