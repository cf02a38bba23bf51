"""The client record's Programmes section: status, adherence, and the ways to start one."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.models import ItemLog, Program, ProgramPause, SessionLog
from programs.progress import progress
from tests.programs.factories import ProgramFactory, ProgramItemFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def section_url(client):
    return reverse("programs:client-section", args=[client.pk])


@pytest.fixture
def today():
    return timezone.localdate()


def log_days(program, days, *, done=True):
    """A session on each day with every item of the programme logged (done or not)."""
    sessions = SessionLog.objects.bulk_create(SessionLog(program=program, date=d) for d in days)
    items = list(program.items.all())
    ItemLog.objects.bulk_create(
        ItemLog(session=session, item=item, done=done, pain=2)
        for session in sessions
        for item in items
    )


def test_the_record_page_loads_the_section(as_a, client1):
    body = as_a.get(client1.get_absolute_url()).content.decode()
    assert f'hx-get="{section_url(client1)}"' in body


def test_it_lists_programmes_with_status_and_adherence(as_a, client1, today):
    program = ProgramFactory(
        client=client1, title="Knee plan", start_date=today - timedelta(days=9)
    )
    ProgramItemFactory(program=program)  # every day, once a day: 10 sessions due
    log_days(program, [today - timedelta(days=n) for n in range(8)])
    ProgramFactory(client=client1, title="Old plan", status="finished")
    response = as_a.get(section_url(client1), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Knee plan" in body
    assert "Old plan" in body
    assert "Finished" in body
    assert "80%" in body
    assert "8 of 10 sessions" in body
    assert "text-bg-success adherence-badge" in body  # ≥ 80% is on track (docs/clinical.md §4)
    assert "New programme" in body
    assert "Start from template" in body


def test_a_programme_that_has_not_started_shows_no_ratio(as_a, client1, today):
    program = ProgramFactory(client=client1, start_date=today + timedelta(days=3))
    ProgramItemFactory(program=program)
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "No sessions due yet" in body


def test_without_htmx_it_is_a_full_page(as_a, client1):
    body = as_a.get(section_url(client1)).content.decode()
    assert "<html" in body
    assert "No programmes yet." in body


def test_a_viewer_sees_no_buttons(as_viewer, client1):
    body = as_viewer.get(section_url(client1), **HTMX).content.decode()
    assert "New programme" not in body


def test_it_is_scoped_to_the_clinic(as_c, as_client1, client1):
    assert as_c.get(section_url(client1), **HTMX).status_code == 404
    assert as_client1.get(section_url(client1), **HTMX).status_code == 404


def test_it_rejects_post(as_a, client1):
    assert as_a.post(section_url(client1)).status_code == 405


def test_query_count_does_not_grow_with_programmes_items_or_logs(as_a, client1, today):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert as_a.get(section_url(client1), **HTMX).status_code == 200
        return len(queries)

    first = ProgramFactory(client=client1, start_date=today - timedelta(days=40))
    ProgramItemFactory(program=first)
    few = count()
    for _ in range(4):
        program = ProgramFactory(client=client1, start_date=today - timedelta(days=400))
        for _ in range(3):
            ProgramItemFactory(program=program, times_per_day=2)
        log_days(program, [today - timedelta(days=n) for n in range(365)])
    assert count() == few


def test_below_80_percent_is_not_on_track(as_a, client1, today):
    program = ProgramFactory(client=client1, start_date=today - timedelta(days=9))
    ProgramItemFactory(program=program)
    log_days(program, [today - timedelta(days=n) for n in range(7)])
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "70%" in body
    assert "text-bg-warning adherence-badge" in body


def test_an_unfinished_today_does_not_count_yet(as_a, client1, today):
    program = ProgramFactory(client=client1, start_date=today - timedelta(days=9))
    ProgramItemFactory(program=program, times_per_day=2)
    log_days(program, [today - timedelta(days=n) for n in range(1, 10)])
    log_days(program, [today])  # round 1 of 2 today
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    # Nine days, each round 1 of 2, up to yesterday: 9 of 18.
    assert "9 of 18 sessions" in body


def test_a_session_with_nothing_done_does_not_count(as_a, client1, today):
    program = ProgramFactory(client=client1, start_date=today - timedelta(days=4))
    ProgramItemFactory(program=program)
    log_days(program, [today - timedelta(days=n) for n in range(1, 5)], done=False)
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "0 of 4 sessions" in body


def test_a_finished_programme_stops_prescribing_at_its_end(as_a, client1, today):
    program = ProgramFactory(
        client=client1,
        status="finished",
        start_date=today - timedelta(days=9),
        end_date=today - timedelta(days=5),
    )
    ProgramItemFactory(program=program)
    log_days(program, [today - timedelta(days=n) for n in range(5, 10)])
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "5 of 5 sessions" in body
    assert "100%" in body


def test_a_programme_without_exercises_prescribes_nothing(as_a, client1, today):
    ProgramFactory(client=client1, start_date=today - timedelta(days=3))
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "0 exercises" in body
    assert "No sessions due yet" in body


def test_the_list_pages_newest_first(as_a, client1, today):
    for n in range(12):
        ProgramFactory(client=client1, title=f"Plan {n:02d}", start_date=today - timedelta(n))
    first = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "Plan 00" in first
    assert "Plan 09" in first
    assert "Plan 10" not in first
    assert "?page=2" in first
    second = as_a.get(section_url(client1), {"page": "2"}, **HTMX).content.decode()
    assert "Plan 10" in second
    assert "Plan 11" in second
    assert "Plan 09" not in second
    assert "?page=1" in second
    assert "?page=3" not in second


def test_paused_days_count_neither_way_and_the_portal_agrees(as_a, client1, today):
    program = ProgramFactory(client=client1, start_date=today - timedelta(days=19))
    ProgramItemFactory(program=program)
    # Paused from 12 to 6 days ago, then active again: 12 days due up to yesterday.
    ProgramPause.objects.create(
        program=program,
        first_day=today - timedelta(days=12),
        last_day=today - timedelta(days=6),
    )
    due = [today - timedelta(days=n) for n in range(1, 20) if not 6 <= n <= 12]
    log_days(program, due[:10])
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "10 of 12 sessions" in body
    result = progress(client1, today).adherence
    assert (result.logged, result.prescribed) == (10, 12)


def test_a_paused_programme_counts_until_the_day_before_its_pause(as_a, client1, today):
    program = ProgramFactory(client=client1, start_date=today - timedelta(days=9))
    ProgramItemFactory(program=program)
    log_days(program, [today - timedelta(days=n) for n in range(1, 10)])
    ProgramPause.objects.create(program=program, first_day=today - timedelta(days=3))
    Program.objects.filter(pk=program.pk).update(status="paused")
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    first, last = today - timedelta(days=9), today - timedelta(days=4)
    period = f"{first.day} {first:%b}–{last.day} {last:%b}"
    assert f"6 of 6 sessions, {period}" in body
    paused = today - timedelta(days=3)
    assert f"Paused since {paused.day} {paused:%b}" in body


def test_a_programme_stopped_without_a_pause_on_record_stops_at_its_last_change(
    as_a, client1, today
):
    """Rows written before pauses were recorded get their pause from the data migration
    (``0008_pauses_agree_with_status``), so the status and the pauses agree."""
    program = ProgramFactory(client=client1, start_date=today - timedelta(days=9))
    ProgramItemFactory(program=program)
    log_days(program, [today - timedelta(days=n) for n in range(1, 10)])
    # As rows written before pauses were recorded: stopped, last changed 3 days ago.
    changed = timezone.now() - timedelta(days=3)
    Program.objects.filter(pk=program.pk).update(status="paused", updated_at=changed)
    migration = import_module("programs.migrations.0008_pauses_agree_with_status")
    migration.pauses_agree_with_status(django_apps, None)
    assert list(program.pauses.values_list("first_day", "last_day")) == [
        (timezone.localtime(changed).date(), None)
    ]
    body = as_a.get(section_url(client1), **HTMX).content.decode()
    assert "6 of 6 sessions" in body  # 9 to 4 days ago
