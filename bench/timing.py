"""Timing pages through Django's whole stack, interleaved, and the table of verdicts.

Each request goes through Django's test ``Client``: a real WSGI request through the
handler, with every middleware, a real session in the database, context processors,
templates and PostgreSQL. Pages are timed in turns (one request to each page, then
the next turn), so machine noise hits them all alike, and the data sets take turns in
blocks so they share the noise too.
"""

import cProfile
import gc
import io
import math
import pstats
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

HTMX = {"HTTP_HX_REQUEST": "true"}

# The targets (issue #10); printed, not asserted.
TRIVIAL_RATIO = 3.0  # a page's p95 at the big data set ÷ the trivial page's p95
GROWTH = 1.25  # a page's p95 at the big data set ÷ its p95 at the small one


@dataclass
class Page:
    """One request to time. ``params`` are taken in turn (a mix of searches, say);
    ``post`` makes it a POST of that form; ``undo`` runs after each request, outside
    the timing, so the next one meets the same data."""

    name: str
    user: str  # which signed-in user asks: a key of DataSet.http
    url: str
    params: list[dict] = field(default_factory=lambda: [{}])
    htmx: bool = False
    post: dict | None = None
    undo: Callable[[], None] | None = None
    baseline: str = ""  # the name of the trivial page it is compared with


@dataclass
class DataSet:
    """A data set's pages, its signed-in test clients and how to make it current."""

    label: str
    activate: Callable[[], None]
    http: dict
    pages: list[Page]


def request(data_set: DataSet, page: Page, turn: int) -> float:
    """Milliseconds for one request; anything but 200 stops the bench."""
    http = data_set.http[page.user]
    headers = HTMX if page.htmx else {}
    started = time.perf_counter()
    if page.post is None:
        response = http.get(page.url, page.params[turn % len(page.params)], **headers)
    else:
        response = http.post(page.url, page.post, **headers)
    elapsed = time.perf_counter() - started
    # The next page should not pay for this one's garbage (the adherence page leaves
    # enough to slow whatever follows it): collect it now, outside the timing. Cheap,
    # since ``measure`` froze everything that lived before the timings.
    gc.collect()
    if response.status_code != 200:
        raise SystemExit(
            f"{data_set.label}: {page.name} ({page.url}) answered {response.status_code}"
        )
    if page.undo is not None:
        page.undo()
    return elapsed * 1000


def measure(data_sets: list[DataSet], *, rounds: int, blocks: int, warm_up: int) -> dict:
    """{data set: {page: [ms, ...]}}: ``rounds`` requests to each page of each data set,
    in ``blocks`` blocks per data set, each after ``warm_up`` untimed turns."""
    samples = {ds.label: {page.name: [] for page in ds.pages} for ds in data_sets}
    per_block = math.ceil(rounds / blocks)
    for ds in data_sets:  # load every module and template before freezing
        ds.activate()
        for page in ds.pages:
            request(ds, page, 0)
    gc.collect()
    gc.freeze()
    for block in range(blocks):
        for ds in data_sets:
            ds.activate()
            started = time.perf_counter()
            for turn in range(warm_up):
                for page in ds.pages:
                    request(ds, page, turn)
            for turn in range(per_block):
                for page in ds.pages:
                    samples[ds.label][page.name].append(request(ds, page, turn))
            print(
                f"  block {block + 1}/{blocks}, {ds.label}: {per_block} turns "
                f"in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    return samples


def queries(data_set: DataSet) -> dict[str, tuple[int, ...]]:
    """{page: queries of one request with each of its params}, counted apart from the
    timings (counting makes every query slower)."""
    data_set.activate()
    counts = {}
    for page in data_set.pages:
        request(data_set, page, 0)  # warm caches, as in the timed turns
        found = []
        for turn in range(len(page.params)):
            with CaptureQueriesContext(connection) as captured:
                request(data_set, page, turn)
            found.append(len(captured))
        counts[page.name] = tuple(found)
    return counts


def slowest_queries(data_set: DataSet, page: Page, count: int = 2) -> list[tuple[float, str, str]]:
    """(ms, SQL, plan) of the ``count`` reads of one request to ``page`` (warm) that take
    PostgreSQL longest, by EXPLAIN ANALYZE's execution time. Only reads: EXPLAIN
    ANALYZE runs the statement."""
    request(data_set, page, 0)
    with CaptureQueriesContext(connection) as captured:
        request(data_set, page, 0)
    plans = []
    with connection.cursor() as cursor:
        for query in captured:
            if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            lines = [row[0] for row in cursor.fetchall()]
            plan = "\n".join(line if len(line) < 300 else line[:300] + " …" for line in lines)
            ms = float(plan.rsplit("Execution Time: ", 1)[1].split()[0])
            plans.append((ms, query["sql"], plan))
    return sorted(plans, reverse=True)[:count]


def profile(data_set: DataSet, page: Page, top: int = 15) -> str:
    """Where one request to ``page`` spends its time: the ``top`` functions of the
    project (not Django's, not the standard library's) by cumulative time."""
    request(data_set, page, 0)
    profiler = cProfile.Profile()
    profiler.enable()
    request(data_set, page, 0)
    profiler.disable()
    out = io.StringIO()
    root = f"{settings.BASE_DIR}/"
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(re.escape(root) + r"(?!\.venv/)", top)
    lines = out.getvalue().replace(root, "").splitlines()
    return "\n".join(line for line in lines if line.strip())


def p50(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    return statistics.quantiles(values, n=20)[18]


def _counts(found: tuple[int, ...]) -> str:
    return str(found[0]) if min(found) == max(found) else f"{min(found)}–{max(found)}"


def report(
    pages: list[Page], samples: dict, counts: dict, *, small: str = "small", big: str = "big"
) -> dict[str, list[str]]:
    """Print the table (ms) and a verdict per target for each page; return the pages
    that miss each target."""
    width = max(len(page.name) for page in pages) + 2
    print(
        f"\n{'page':<{width}}{'small p50':>10}{'p95':>8}{'big p50':>10}{'p95':>8}"
        f"{'÷ trivial':>11}{'growth':>8}{'queries':>11}   verdicts (≤ {TRIVIAL_RATIO:g}× trivial, "
        f"growth ≤ {GROWTH:g}×, same queries)"
    )
    misses = {"trivial": [], "growth": [], "queries": []}
    for page in pages:
        s, b = samples[small][page.name], samples[big][page.name]
        ratio = p95(b) / p95(samples[big][page.baseline]) if page.baseline else None
        growth = p95(b) / p95(s)
        same = counts[small][page.name] == counts[big][page.name]
        verdicts = []
        if ratio is not None:
            verdicts.append("ok" if ratio <= TRIVIAL_RATIO else "MISS")
            if ratio > TRIVIAL_RATIO:
                misses["trivial"].append(page.name)
        else:
            verdicts.append("(baseline)")
        verdicts.append("ok" if growth <= GROWTH else "MISS")
        verdicts.append("ok" if same else "MISS")
        if growth > GROWTH:
            misses["growth"].append(page.name)
        if not same:
            misses["queries"].append(page.name)
        queries_ = f"{_counts(counts[small][page.name])}/{_counts(counts[big][page.name])}"
        print(
            f"{page.name:<{width}}{p50(s):>10.1f}{p95(s):>8.1f}{p50(b):>10.1f}{p95(b):>8.1f}"
            f"{(f'{ratio:.2f}×' if ratio is not None else '—'):>11}{f'{growth:.2f}×':>8}"
            f"{queries_:>11}   {' / '.join(verdicts)}"
        )
    return misses
