"""Time the client record and its Programmes section against the trivial page, in one run.

A client with two programmes (four exercises each, one twice a day) and a year of
daily logs. Their clinician opens the client record page (``physio:client-detail``,
the shell) and the Programmes section it loads with htmx
(``programs:client-section``); "record + section" is the two requests back to back,
what opening the record costs for this section (for information). Each is timed over
a few hundred requests through Django's whole stack, interleaved with the baselines
of bench/common.py: the bare "ok" view (for information), the trivial page (base.html
with nothing in it, "empty page") for the record page, and the trivial partial (a
one-line template without base.html, "empty partial") for the htmx section.

Target: the record page's p95 ≤ 2 × the empty page's p95. The section is printed
against the empty partial, for information. Runs in a throwaway test database.
Usage: ``python bench/client_record.py [requests]``.
"""

import sys
from datetime import timedelta

from common import HTMX, measure, report, serving, timed
from django.urls import reverse
from django.utils import timezone

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
DAYS = 365


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


def main() -> None:
    from django.test import Client as HttpClient

    with serving():
        clinician, client = _data()
        http = HttpClient()
        http.force_login(clinician.user)
        record = reverse("physio:client-detail", args=[client.pk])
        section = reverse("programs:client-section", args=[client.pk])
        body = http.get(section, **HTMX).content.decode()
        if "Programme 1" not in body or "Programme 2" not in body:
            raise SystemExit("The section does not list both programmes.")
        samples = measure(
            {
                "ok": lambda: timed(http, "/bench/ok/"),
                "empty page": lambda: timed(http, "/bench/empty-page/"),
                "empty partial": lambda: timed(http, "/bench/empty-partial/"),
                "record page": lambda: timed(http, record),
                "programmes section": lambda: timed(http, section, **HTMX),
                "record + section": lambda: timed(http, record) + timed(http, section, **HTMX),
            },
            REQUESTS,
        )
    print(f"client record bench: 2 programmes, {DAYS} days of logs, {REQUESTS} requests each")
    report(samples, baseline="empty page", checked=["record page"])
    print("(for information, the htmx section against the trivial partial)")
    section_only = {k: samples[k] for k in ("empty partial", "programmes section")}
    report(section_only, baseline="empty partial", checked=[])


if __name__ == "__main__":
    main()
