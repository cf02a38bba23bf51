"""Time the client portal against the trivial page, in one run on one machine.

A client with two programmes and a year of daily logs (every item, every day, twice
for the twice-a-day items) opens the portal's Today page and Progress page; their
clinician opens the Activity section of the client record. Each is timed over a few
hundred requests through Django's full stack, interleaved with the baselines of
bench/common.py: the bare "ok" view (for information) and the trivial page, base.html
with nothing in it ("empty page"), signed in as the same client.

Target: the Today page's p95 ≤ 2 × the empty page's p95. Progress and the Activity
section (an htmx section of the clinician's client record) are printed for
information. Runs in a throwaway test database.
Usage: ``python bench/portal.py [requests]``.
"""

import sys
from datetime import timedelta

from common import measure, p50, report, serving, timed
from django.urls import reverse
from django.utils import timezone

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
DAYS = 365


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


def main() -> None:
    from django.test import Client as HttpClient

    with serving():
        clinician, client, fresh = _data()
        as_client = HttpClient()
        as_client.force_login(client.user)
        as_fresh = HttpClient()
        as_fresh.force_login(fresh.user)
        as_clinician = HttpClient()
        as_clinician.force_login(clinician.user)
        today = reverse("programs:portal-today")
        activity = reverse("programs:client-activity", args=[client.pk])
        samples = measure(
            {
                "ok": lambda: timed(as_client, "/bench/ok/"),
                "empty page": lambda: timed(as_client, "/bench/empty-page/"),
                "portal today": lambda: timed(as_client, today),
                "  same, no logs": lambda: timed(as_fresh, today),
                "portal progress": lambda: timed(as_client, reverse("programs:portal-progress")),
                "record activity": lambda: timed(as_clinician, activity),
            },
            REQUESTS,
        )
    print(f"portal bench: 2 programmes, {DAYS} days of logs, {REQUESTS} requests each")
    report(samples, baseline="empty page", checked=["portal today"])
    growth = p50(samples["portal today"]) / p50(samples["  same, no logs"])
    print(
        f"portal today with a year of logs ÷ without = {growth:.2f}× (p50; the data costs nothing)"
    )


if __name__ == "__main__":
    main()
