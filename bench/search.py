"""Benchmark: the library search partial against a trivial view, with 5,000 exercises.

Run with ``make bench`` (or ``python bench/search.py``). It builds a throw-away test
database, fills it with 5,000 shared exercises plus a clinic's own, and times both
views through Django's test Client (full middleware, signed in as a clinician),
interleaved, over a few hundred requests each. Target: search p95 ≤ 2 × trivial p95.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "physio.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402

EXERCISES = 5_000
REQUESTS = 300
WARMUP = 20


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), path("", include("physio.urls"))]

WORDS = [
    "clam",
    "bridge",
    "hip",
    "knee",
    "glute",
    "squat",
    "lunge",
    "step",
    "hinge",
    "reach",
    "plank",
    "band",
    "side",
    "single",
    "leg",
    "march",
    "thrust",
    "hitch",
    "walk",
    "balance",
    "stance",
    "rotation",
    "abduction",
    "extension",
    "wall",
    "chair",
]
SEARCHES = [
    {"q": "clam"},
    {"q": "single leg"},
    {"q": "bri"},
    {"q": "squat", "weight_bearing": "2"},
    {"target": "knee_valgus", "difficulty": "3"},
    {},
    {"q": "hip", "position": "standing", "page": "3"},
]


def fill_database():
    from exercises.models import BodyRegion, Exercise, Movement, Position, Target
    from tests.factories import ClinicFactory, ClinicianFactory

    rng = random.Random(7)
    clinic = ClinicFactory(name="Bench clinic", slug="bench")
    clinician = ClinicianFactory(clinic=clinic)
    rows = []
    for n in range(EXERCISES):
        name = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {n}"
        rows.append(
            Exercise(
                name=name,
                slug=f"bench-{n}",
                summary=" ".join(rng.sample(WORDS, 8)),
                steps="\n".join(" ".join(rng.sample(WORDS, 10)) for _ in range(4)),
                cues="\n".join(" ".join(rng.sample(WORDS, 6)) for _ in range(2)),
                mistakes=" ".join(rng.sample(WORDS, 6)),
                body_region=rng.choice(BodyRegion.values),
                movement=rng.choice(Movement.values),
                position=rng.choice(Position.values),
                difficulty=rng.randint(1, 5),
                weight_bearing=rng.randint(0, 2),
                targets=rng.sample(Target.values, 2),
                default_reps=12,
                status="published",
                owner_clinic=clinic if n % 50 == 0 else None,
            )
        )
    Exercise.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exercises_exercise")
    return clinician.user


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["*"]):
            user = fill_database()
            http = Client()
            http.force_login(user)
            timings = {"search partial": [], "trivial view": []}
            for n in range(WARMUP + REQUESTS):
                params = SEARCHES[n % len(SEARCHES)]
                for label, call in (
                    (
                        "search partial",
                        lambda p=params: http.get("/library/", p, headers={"HX-Request": "true"}),
                    ),
                    ("trivial view", lambda: http.get("/bench/trivial/")),
                ):
                    started = time.perf_counter()
                    response = call()
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, (label, response.status_code)
                    if n >= WARMUP:
                        timings[label].append(elapsed)
        print(f"{EXERCISES:,} exercises, {REQUESTS} requests each (after {WARMUP} warm-up)")
        if os.environ.get("BENCH_DETAIL"):
            for i, params in enumerate(SEARCHES):
                values = timings["search partial"][i :: len(SEARCHES)]
                print(f"    {params}: p50 {statistics.median(values):.2f} ms")
        for label, values in timings.items():
            print(
                f"  {label:<15} p50 {statistics.median(values):6.2f} ms   "
                f"p95 {percentile(values, 0.95):6.2f} ms"
            )
        ratio = percentile(timings["search partial"], 0.95) / percentile(
            timings["trivial view"], 0.95
        )
        verdict = "meets" if ratio <= 2 else "misses"
        print(f"  search p95 / trivial p95 = {ratio:.2f} ({verdict} the target of ≤ 2)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
