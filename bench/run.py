"""``make bench``: every clinician and portal page at two data sizes, against the trivial page.

Usage: ``python -m bench.run [--rounds N] [--blocks B] [--only WORD ...] [--explain]``

Builds (once; see bench/data.py) or reuses two named databases beside the configured
one: ``<name>_bench_small`` (one clinic, 20 clients) and ``<name>_bench_big`` (20
clinics, 100 clinicians, 10,000 clients, 5,000 exercises, about a million item logs
over two years). It then times each page below at both sizes through the whole stack
with ``DEBUG=False``, signed in as the bench clinician (in the clinic of 2,000
clients) or the bench's portal client (two years of daily logs), interleaved with the
trivial full page (``base.html`` with nothing in it, bench/urls.py) of the same user,
and prints page, p50 and p95 (ms) at each size, the big p95 ÷ the trivial page's, the
growth (big p95 ÷ small p95), the queries per request at each size, and a verdict
per target (bench/timing.py).
"""

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "physio.settings")
# Development settings at import (a secret key under var/, plain static storage so no
# collectstatic is needed); DEBUG is switched off below, before any request or template.
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

# WhiteNoise warns that STATIC_ROOT is missing: the bench serves no static files.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402

settings.DEBUG = False
settings.WHITENOISE_AUTOREFRESH = False
settings.ROOT_URLCONF = "bench.urls"
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import data, timing  # noqa: E402
from bench.timing import DataSet, Page  # noqa: E402

# Searches that find something at both sizes (so both run the same queries).
LIBRARY_SEARCHES = [
    {"q": "clam"},
    {"q": "single leg"},
    {"q": "bri"},
    {"q": "squat", "weight_bearing": "2"},
    {"target": "knee_valgus", "difficulty": "3"},
    {},
    {"page": "2"},
]
BUILDER_SEARCHES = [{"q": "clam"}, {"q": "single leg"}, {"q": "bri"}, {"q": "hip"}]


def pages() -> list[Page]:
    """What is timed, for the data set Django's connection points at."""
    from physio.models import Clinician
    from physio.sections import CLIENT_RECORD_SECTIONS, resolve_sections
    from programs.models import ItemLog, SessionLog

    clinician = Clinician.objects.select_related("clinic").get(user__email=data.BENCH_CLINICIAN)
    client = clinician.clinic.clients.select_related("user").get(user__email=data.BENCH_CLIENT)
    program = client.programs.get()
    today = timezone.localdate()
    item = program.items.filter(days_of_week__contains=[today.weekday()]).first()

    def undo_log():
        # What the timed POST wrote: today's log and its session (the history ends
        # yesterday, so the next POST creates them again).
        ItemLog.objects.filter(session__program=program, session__date=today).delete()
        SessionLog.objects.filter(program=program, date=today).delete()

    log_form = {
        "done": "yes",
        "sets_done": item.sets,
        "reps_done": item.reps,
        "pain": 2,
        "difficulty": "3",
        "comment": "",
        "day": today.isoformat(),
    }
    # A surname, the start of a first name, and both names of clients of the clinic.
    names = list(
        clinician.clinic.clients.filter(archived=False).values_list("first_name", "last_name")[1:4]
    )
    client_searches = [
        {"q": names[0][1]},
        {"q": names[1][0][:3].lower()},
        {"q": f"{names[2][0]} {names[2][1]}"},
    ]
    trivial = reverse("bench-empty-page")
    on_clinician = [
        Page("trivial page (clinician)", "clinician", trivial),
        Page("clinician home", "clinician", reverse("physio:dashboard")),
        Page("client list", "clinician", reverse("physio:client-list")),
        Page(
            "client search (htmx)",
            "clinician",
            reverse("physio:client-list"),
            client_searches,
            htmx=True,
        ),
        Page("client record", "clinician", client.get_absolute_url()),
        *(
            Page(f"record section: {section.title.lower()}", "clinician", url, htmx=True)
            for section, url in resolve_sections(CLIENT_RECORD_SECTIONS, client.pk)
            if url is not None
        ),
        Page("assessment history", "clinician", reverse("assessments:history", args=[client.pk])),
        Page("programme builder", "clinician", reverse("programs:builder", args=[program.pk])),
        Page(
            "builder library search (htmx)",
            "clinician",
            reverse("programs:library-search", args=[program.pk]),
            BUILDER_SEARCHES,
            htmx=True,
        ),
        Page("library", "clinician", reverse("exercises:library")),
        Page(
            "library search (htmx)",
            "clinician",
            reverse("exercises:library"),
            LIBRARY_SEARCHES,
            htmx=True,
        ),
        Page("flags", "clinician", reverse("programs:open-flags")),
        Page("adherence", "clinician", reverse("programs:clinic-adherence")),
        Page("messages waiting", "clinician", reverse("messaging:unread")),
    ]
    on_client = [
        Page("trivial page (client)", "client", trivial),
        Page("portal today", "client", reverse("programs:portal-today")),
        Page("portal progress", "client", reverse("programs:portal-progress")),
        Page("portal exercise", "client", reverse("programs:portal-item", args=[item.pk])),
        Page("portal messages", "client", reverse("messaging:portal")),
        Page(
            "portal log POST (htmx)",
            "client",
            reverse("programs:portal-item-log", args=[item.pk, 1]),
            htmx=True,
            post=log_form,
            undo=undo_log,
        ),
    ]
    for page in on_clinician[1:]:
        page.baseline = on_clinician[0].name
    for page in on_client[1:]:
        page.baseline = on_client[0].name
    undo_log()
    return on_clinician + on_client


def data_set(label: str, database: str) -> DataSet:
    """The data set in ``database`` (current afterwards), with its users signed in."""
    from physio.models import User

    def activate():
        data.use_database(database)
        # Each data set starts from cold caches, as after a deploy; the warm-up turns
        # fill them again.
        for cache in ("default", "fragments"):
            caches[cache].clear()

    activate()
    http = {}
    for user, email in (("clinician", data.BENCH_CLINICIAN), ("client", data.BENCH_CLIENT)):
        http[user] = HttpClient()
        http[user].force_login(User.objects.get(email=email))
    return DataSet(label, activate, http, pages())


def check_log_post(ds: DataSet) -> None:
    """The timed POST must save a log, not answer a form with errors."""
    from programs.models import ItemLog

    page = next(p for p in ds.pages if p.post is not None)
    undo, page.undo = page.undo, None
    timing.request(ds, page, 0)
    page.undo = undo
    if not ItemLog.objects.filter(session__date=timezone.localdate()).exists():
        raise SystemExit("The portal's log POST saved nothing: check its form fields.")
    undo()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="requests to each page (100)")
    parser.add_argument("--blocks", type=int, default=10, help="turns of the data sets (10)")
    parser.add_argument("--warm-up", type=int, default=2, help="untimed turns per block (2)")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="time only the pages whose names contain one of these words (and the baselines)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="then print the slowest queries of each page that misses a target at the big "
        "data set, with PostgreSQL's EXPLAIN ANALYZE",
    )
    args = parser.parse_args()

    base = connection.settings_dict["NAME"]
    sizes = {"small": data.SMALL, "big": data.BIG}
    started = time.perf_counter()
    names = {}
    for label, size in sizes.items():
        names[label] = data.database_name(base, size)
        data.ensure(names[label], size)
    print(f"data sets ready in {time.perf_counter() - started:.0f} s")

    data_sets = [data_set(label, name) for label, name in names.items()]
    if args.only:
        for ds in data_sets:
            ds.pages = [
                page
                for page in ds.pages
                if not page.baseline or any(word in page.name for word in args.only)
            ]
    for ds in data_sets:
        ds.activate()
        if any(page.post is not None for page in ds.pages):
            check_log_post(ds)
    print(
        f"timing {len(data_sets[0].pages)} pages, {args.rounds} requests each per data set, "
        f"in {args.blocks} blocks"
    )
    samples = timing.measure(
        data_sets, rounds=args.rounds, blocks=args.blocks, warm_up=args.warm_up
    )
    counts = {ds.label: timing.queries(ds) for ds in data_sets}
    big = data.BIG
    print(
        f"\nsmall: {data.SMALL.clinics} clinic, {data.SMALL.clients} clients, "
        f"{data.SMALL.exercises} exercises; big: {big.clinics} clinics, "
        f"{big.clinics * big.clinicians_per_clinic} clinicians, {big.clients:,} clients "
        f"(the bench clinician's clinic has {big.first_clinic_clients:,}), "
        f"{big.exercises:,} exercises. Milliseconds; queries are small/big."
    )
    misses = timing.report(data_sets[0].pages, samples, counts)
    print(
        f"\nmissed: {len(misses['trivial'])} pages over {timing.TRIVIAL_RATIO:g}× the trivial "
        f"page, {len(misses['growth'])} growing more than {timing.GROWTH:g}×, "
        f"{len(misses['queries'])} with other query counts at the big data set"
    )
    print(f"bench took {time.perf_counter() - started:.0f} s")
    if args.explain:
        slow = {*misses["trivial"], *misses["growth"]}
        big_set = data_sets[-1]
        explain(big_set, [page for page in big_set.pages if page.baseline and page.name in slow])


def explain(ds: DataSet, pages: list[Page]) -> None:
    """For each page: its slowest reads with their plans, and a profile of the request."""
    ds.activate()
    for page in pages:
        print(f"\n======== {page.name} ({page.url}), {ds.label} data set")
        for ms, sql, plan in timing.slowest_queries(ds, page):
            shown = sql if len(sql) < 1500 else sql[:1500] + " …"
            print(f"\n--- {ms:.1f} ms in PostgreSQL\n{shown}\n{plan}")
        print(f"\n--- profile of one request\n{timing.profile(ds, page)}")


if __name__ == "__main__":
    main()
