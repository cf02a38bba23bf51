"""Benchmark: the library search, with 5,000 exercises, against the trivial page.

Run with ``make bench`` (or ``python bench/search.py [requests]``). It builds a
throwaway test database, fills it with 5,000 shared exercises plus a clinic's own, and
times, signed in as a clinician and interleaved (see bench/common.py):

- the htmx search partial (``GET /library/?q=...`` with ``HX-Request``), the request
  that search-as-you-type sends, over a mix of searches, filters and pages;
- its fair baseline, the *empty partial*: a signed-in view rendering a one-line
  template through the same middleware and context processors, without base.html
  (a partial never renders the page around it);
- for information: the whole library page (the same searches without htmx) against
  the *empty page* (base.html with nothing in it), and the bare "ok" view.

Target: search partial p95 ≤ 2 × the empty partial's p95.
"""

import itertools
import random
import sys

from common import HTMX, measure, p50, p95, report, serving, timed

EXERCISES = 5_000
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 300

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
    from django.db import connection

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


def main():
    from django.test import Client

    with serving():
        user = fill_database()
        http = Client()
        http.force_login(user)

        def search(**headers):
            # Each target walks the same mix of searches in its own order.
            turns = itertools.cycle(SEARCHES)
            return lambda: timed(http, "/library/", next(turns), **headers)

        samples = measure(
            {
                "ok": lambda: timed(http, "/bench/ok/"),
                "empty partial": lambda: timed(http, "/bench/empty-partial/"),
                "search partial": search(**HTMX),
                "empty page": lambda: timed(http, "/bench/empty-page/"),
                "library page": search(),
            },
            REQUESTS,
        )
    print(
        f"search bench: {EXERCISES:,} exercises, {len(SEARCHES)} searches, {REQUESTS} requests each"
    )
    report(samples, baseline="empty partial", checked=["search partial"])
    page = samples["library page"]
    empty = samples["empty page"]
    print(
        f"(for information) library page ÷ empty page: p50 {p50(page) / p50(empty):.2f}×, "
        f"p95 {p95(page) / p95(empty):.2f}×"
    )


if __name__ == "__main__":
    main()
