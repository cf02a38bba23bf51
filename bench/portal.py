"""Time the client portal against a trivial view, in one run on one machine.

A client with two programmes and a year of daily logs (every item, every day, twice
for the twice-a-day items) opens the portal's Today page and Progress page; their
clinician opens the Activity section of the client record. Each is timed over a few
hundred requests through Django's full stack (middleware, sessions, templates, real
PostgreSQL), interleaved with two baselines so machine noise hits all alike:

- trivial: a signed-in view that answers "ok" (the cost of a request at all);
- empty page: a signed-in view that renders base.html with nothing in it (the cost
  of any page of this site).

Prints p50/p95 and the ratios to each baseline (target: today page ≤ 2× the empty page).
Runs in a throwaway test database. Usage: ``python bench/portal.py [requests]``.
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


def trivial(request):
    return HttpResponse("ok")


def empty_page(request):
    return render(request, "base.html")


def _urlconf():
    module = types.ModuleType("bench_portal_urls")
    module.urlpatterns = [
        path("bench/trivial/", trivial),
        path("bench/empty-page/", empty_page),
        path("", include("physio.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def _data():
    """A clinic, its clinician, a client with two programmes and a year of logs, and a
    client with the same two programmes and no logs at all (to show the data costs nothing).
    """
    from exercises.models import Exercise, ExerciseMedia, MediaKind
    from physio.models import Client, Clinic, Clinician, User
    from programs.models import ItemLog, Program, ProgramItem, SessionLog

    clinic = Clinic.objects.create(name="Bench clinic", slug="bench")
    clinician = Clinician.objects.create(
        user=User.objects.create_user("clinician@bench.test", "x"), clinic=clinic
    )
    today = timezone.localdate()
    start = today - timedelta(days=DAYS)
    exercises = []
    for n in range(8):
        exercise = Exercise.objects.create(
            name=f"Bench exercise {n}",
            slug=f"bench-{n}",
            steps="One.\nTwo.\nThree.",
            cues="Slowly.",
            body_region="hip",
            movement="hip_abduction",
            position="side_lying",
            default_reps=12,
            status="published",
        )
        # The page only renders the media's URLs; no file is read.
        ExerciseMedia.objects.create(
            exercise=exercise,
            kind=MediaKind.VIDEO,
            file=f"bench/{n}.webm",
            poster=f"bench/{n}.jpg",
            content_type="video/webm",
            width=480,
            height=360,
            is_main=True,
        )
        exercises.append(exercise)

    def client_with_programmes(name: str, *, logs: bool) -> Client:
        client = Client.objects.create(
            clinic=clinic,
            first_name=name,
            last_name="Client",
            user=User.objects.create_user(f"{name.lower()}@bench.test", "x"),
        )
        for p in range(2):
            program = Program.objects.create(
                client=client, title=f"Programme {p + 1}", start_date=start, notes_to_client="Go."
            )
            items = [
                ProgramItem.objects.create(
                    program=program,
                    exercise=exercises[p * 4 + n],
                    order=n,
                    sets=3,
                    reps=12,
                    times_per_day=2 if n == 0 else 1,
                )
                for n in range(4)
            ]
            if not logs:
                continue
            sessions = SessionLog.objects.bulk_create(
                [
                    SessionLog(program=program, date=start + timedelta(days=d), round=r)
                    for d in range(DAYS)
                    for r in (1, 2)
                ]
            )
            ItemLog.objects.bulk_create(
                [
                    # Pain mostly 0–4; one log in 50 above 5 (a flag), none reviewed.
                    ItemLog(
                        session=s,
                        item=i,
                        done=True,
                        sets_done=3,
                        reps_done=12,
                        pain=7 if (s.pk + i.pk) % 50 == 0 else (s.pk + i.pk) % 5,
                    )
                    for s in sessions
                    for i in items
                    if s.round <= i.times_per_day
                ]
            )
        return client

    return (
        clinician,
        client_with_programmes("Busy", logs=True),
        client_with_programmes("Fresh", logs=False),
    )


def _time(http, url: str) -> float:
    started = time.perf_counter()
    response = http.get(url)
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
        clinician, client, fresh = _data()
        as_client = HttpClient()
        as_client.force_login(client.user)
        as_fresh = HttpClient()
        as_fresh.force_login(fresh.user)
        as_clinician = HttpClient()
        as_clinician.force_login(clinician.user)
        targets = {
            "trivial": (as_client, "/bench/trivial/"),
            "empty page": (as_client, "/bench/empty-page/"),
            "portal today": (as_client, reverse("programs:portal-today")),
            "  same, no logs": (as_fresh, reverse("programs:portal-today")),
            "portal progress": (as_client, reverse("programs:portal-progress")),
            "record activity": (
                as_clinician,
                reverse("programs:client-activity", args=[client.pk]),
            ),
        }
        for http, url in targets.values():
            for _ in range(WARM_UP):
                _time(http, url)
        samples = {name: [] for name in targets}
        for _ in range(REQUESTS):
            for name, (http, url) in targets.items():
                samples[name].append(_time(http, url))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    def p50(values):
        return statistics.median(values)

    def p95(values):
        return statistics.quantiles(values, n=20)[18]

    print(f"portal bench: 2 programmes, {DAYS} days of logs, {REQUESTS} requests each")
    print(f"{'view':<17}{'p50 ms':>9}{'p95 ms':>9}{'÷ trivial':>11}{'÷ empty page':>14}")
    base = p50(samples["trivial"])
    page = p50(samples["empty page"])
    for name, values in samples.items():
        mid = p50(values)
        print(f"{name:<17}{mid:>9.2f}{p95(values):>9.2f}{mid / base:>10.1f}×{mid / page:>13.1f}×")
    today = p50(samples["portal today"])
    for label, other in (("trivial", base), ("empty page", page)):
        ratio = today / other
        verdict = "within" if ratio <= 2 else "above"
        print(f"portal today ÷ {label} = {ratio:.2f}× ({verdict} the 2× target)")
    growth = today / p50(samples["  same, no logs"])
    print(f"portal today with a year of logs ÷ without = {growth:.2f}× (the data costs nothing)")


if __name__ == "__main__":
    main()
