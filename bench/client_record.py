"""Time the client record and its Programmes section against trivial views, in one run.

A client with two programmes (four exercises each, one twice a day) and a year of
daily logs. Their clinician opens the client record page (``physio:client-detail``,
the shell) and the Programmes section it loads with htmx
(``programs:client-section``); "record + section" is the two requests back to back,
what opening the record costs for this section. Each is timed over a few hundred
requests through Django's whole stack (middleware, sessions, templates, real
PostgreSQL), interleaved with two baselines so machine noise hits all alike:

- trivial: a signed-in view that answers "ok" (the cost of a request at all);
- empty page: a signed-in view that renders base.html with nothing in it (the cost
  of any page of this site).

Prints p50/p95 and the ratios to each baseline (target: the record page and the
section each ≤ 2× the empty page). Runs in a throwaway test database.
Usage: ``python bench/client_record.py [requests]``.
"""

import os
import statistics
import sys
import time
import types
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "physio.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.urls import clear_url_caches, include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
WARM_UP = 20
DAYS = 365
HTMX = {"HTTP_HX_REQUEST": "true"}


def trivial(request):
    return HttpResponse("ok")


def empty_page(request):
    return render(request, "base.html")


def _urlconf() -> str:
    module = types.ModuleType("bench_client_record_urls")
    module.urlpatterns = [
        path("bench/trivial/", trivial),
        path("bench/empty-page/", empty_page),
        path("", include("physio.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def _data():
    """A clinic, its clinician, and a client with two programmes and a year of daily logs."""
    from exercises.models import Exercise
    from physio.models import Client, Clinic, Clinician, User
    from programs.models import ItemLog, Program, ProgramItem, SessionLog

    clinic = Clinic.objects.create(name="Record bench clinic", slug="record-bench")
    clinician = Clinician.objects.create(
        user=User.objects.create_user("clinician@record-bench.test", "x"), clinic=clinic
    )
    client = Client.objects.create(
        clinic=clinic, lead_clinician=clinician, first_name="Bench", last_name="Client"
    )
    today = timezone.localdate()
    start = today - timedelta(days=DAYS)
    for number in range(2):
        program = Program.objects.create(
            client=client,
            title=f"Programme {number + 1}",
            goal="strength",
            start_date=start,
            created_by=clinician,
        )
        items = [
            ProgramItem.objects.create(
                program=program,
                exercise=Exercise.objects.create(
                    name=f"Record bench exercise {number}-{n}",
                    slug=f"record-bench-{number}-{n}",
                    steps="One.\nTwo.",
                    body_region="hip",
                    movement="hip_abduction",
                    position="side_lying",
                    default_reps=12,
                    status="published",
                ),
                order=n,
                sets=3,
                reps=10,
                times_per_day=2 if n == 0 else 1,
            )
            for n in range(4)
        ]
        sessions = SessionLog.objects.bulk_create(
            SessionLog(program=program, date=start + timedelta(days=day), round=round_)
            for day in range(DAYS)
            for round_ in (1, 2)
        )
        ItemLog.objects.bulk_create(
            ItemLog(session=session, item=item, done=True, sets_done=3, reps_done=10, pain=2)
            for session in sessions
            for item in items
            if session.round <= item.times_per_day
        )
    return clinician, client


def _time(http, url: str, **headers) -> float:
    started = time.perf_counter()
    response = http.get(url, **headers)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed * 1000


def main() -> None:
    # Not setup_test_environment(): its instrumented template rendering would skew timings.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.ROOT_URLCONF = _urlconf()
    clear_url_caches()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        clinician, client = _data()
        http = HttpClient()
        http.force_login(clinician.user)
        record = reverse("physio:client-detail", args=[client.pk])
        section = reverse("programs:client-section", args=[client.pk])
        body = http.get(section, **HTMX).content.decode()
        if "Programme 1" not in body or "Programme 2" not in body:
            raise SystemExit("The section does not list both programmes.")
        targets = {
            "trivial": lambda: _time(http, "/bench/trivial/"),
            "empty page": lambda: _time(http, "/bench/empty-page/"),
            "record page": lambda: _time(http, record),
            "programmes section": lambda: _time(http, section, **HTMX),
            "record + section": lambda: _time(http, record) + _time(http, section, **HTMX),
        }
        for measure in targets.values():
            for _ in range(WARM_UP):
                measure()
        samples = {name: [] for name in targets}
        for _ in range(REQUESTS):
            for name, measure in targets.items():
                samples[name].append(measure())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    def p50(values):
        return statistics.median(values)

    def p95(values):
        return statistics.quantiles(values, n=20)[18]

    print(f"client record bench: 2 programmes, {DAYS} days of logs, {REQUESTS} requests each")
    print(f"{'view':<20}{'p50 ms':>9}{'p95 ms':>9}{'÷ trivial':>11}{'÷ empty page':>14}")
    base = p50(samples["trivial"])
    page = p50(samples["empty page"])
    for name, values in samples.items():
        mid = p50(values)
        print(f"{name:<20}{mid:>9.2f}{p95(values):>9.2f}{mid / base:>10.1f}×{mid / page:>13.1f}×")
    for name in ("record page", "programmes section"):
        ratio = p50(samples[name]) / page
        verdict = "within" if ratio <= 2 else "ABOVE"
        print(f"{name} ÷ empty page = {ratio:.2f}× ({verdict} the 2× target)")


if __name__ == "__main__":
    main()
