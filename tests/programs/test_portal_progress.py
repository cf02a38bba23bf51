"""The portal's Progress page: four-week calendar, adherence and streak (point 9)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.dateformat import format as date_format

from programs.models import ProgramPause, ProgramStatus, SessionLog
from programs.progress import progress
from tests.factories import ClientFactory, UserFactory
from tests.programs.factories import ProgramItemFactory
from tests.programs.portal_helpers import (
    days_ago,
    log_every_day,
    log_item,
    make_program,
    today,
)

URL = reverse("programs:portal-progress")


def cell(day, text: str) -> str:
    return f'aria-label="{date_format(day, "l j F")}: {text}"'


@pytest.fixture
def program(client1):
    """Ten days in: every day once, 8 of 10 logged (3 and 5 days ago missed)."""
    program = make_program(client1, items=1, start=days_ago(10))
    item = program.items.get()
    for n in range(1, 11):
        if n not in (3, 5):
            log_item(item, days_ago(n))
    return program


def test_it_shows_adherence_streak_and_calendar(as_client1, program):
    body = as_client1.get(URL).content.decode()
    assert '<p class="h3 mb-0" id="adherence">80%</p>' in body
    assert "8 of 10 sessions" in body
    assert "on track" in body
    assert '<p class="h3 mb-0" id="streak">2</p>' in body
    assert cell(days_ago(3), "missed, 0 of 1 exercises") in body
    assert cell(days_ago(1), "all done, 1 of 1 exercises") in body
    assert cell(today(), "0 of 1 exercises") in body  # today, still to do
    assert body.count("portal-day portal-day-missed") == 2
    assert body.count("portal-day portal-day-done") == 8
    # Four rows of seven days.
    assert body.count("<tr>") == 5  # the header and four weeks


def test_today_counts_once_it_is_complete(as_client1, program):
    log_item(program.items.get(), today())
    result = progress(program.client, today())
    assert (result.adherence.logged, result.adherence.prescribed) == (9, 11)
    assert result.adherence.percent == 82
    assert result.streak == 3


def test_below_80_percent_is_not_on_track(as_client1, program):
    program.sessions.filter(date=days_ago(1)).delete()
    body = as_client1.get(URL).content.decode()
    assert "70%" in body
    assert "below 80%" in body


def test_twice_a_day_with_one_round_is_partial(client1):
    program = make_program(client1, items=0, start=days_ago(2))
    item = ProgramItemFactory(program=program, times_per_day=2)
    log_item(item, days_ago(1), round=1)
    result = progress(client1, today())
    day = next(d for week in result.weeks for d in week if d.date == days_ago(1))
    assert (day.prescribed, day.logged, day.state) == (2, 1, "partial")
    assert (result.adherence.logged, result.adherence.prescribed) == (1, 4)


def test_rest_days_are_marked_and_do_not_break_the_streak(client1):
    yesterday = days_ago(1)
    program = make_program(client1, items=0, start=days_ago(6))
    item = ProgramItemFactory(
        program=program, days_of_week=[d for d in range(7) if d != yesterday.weekday()]
    )
    for n in range(2, 7):
        log_item(item, days_ago(n))
    result = progress(client1, today())
    day = next(d for week in result.weeks for d in week if d.date == yesterday)
    assert day.state == "rest"
    assert result.streak == 5


def test_a_session_counts_only_when_something_in_it_was_done(client1, program):
    log_item(program.items.get(), days_ago(3), done=False, pain=None)
    assert progress(client1, today()).adherence.logged == 8


def test_a_finished_programme_counts_until_its_end(client1):
    program = make_program(
        client1, items=1, start=days_ago(10), end_date=days_ago(6), status=ProgramStatus.FINISHED
    )
    log_every_day(program, days=10)
    result = progress(client1, today())
    assert result.adherence.prescribed == 5  # 10 to 6 days ago
    assert result.adherence.logged == 5


def test_days_before_the_programme_are_blank(as_client1, program):
    first_monday = today() - timedelta(days=today().weekday(), weeks=3)
    body = as_client1.get(URL).content.decode()
    assert 'class="portal-day portal-day-none"' in body
    result = progress(program.client, today())
    assert result.weeks[0][0].date == first_monday
    assert result.weeks[-1][today().weekday()].date == today()


def test_a_day_shows_what_was_logged_read_only(as_client1, program, client1):
    item = program.items.get()
    item.program.sessions.get(date=days_ago(1)).item_logs.update(comment="Easy today")
    response = as_client1.get(URL, {"day": days_ago(1).isoformat()}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="day-detail"' in body
    assert item.exercise.name in body
    assert "Easy today" in body
    assert "Earlier days are read-only." in body
    assert "<form" not in body


def test_another_clients_logs_never_show(as_client1, client1, clinic1, program):
    other = ClientFactory(clinic=clinic1, user=UserFactory())
    theirs = make_program(other, items=1, start=days_ago(5), title="Their plan")
    log_item(theirs.items.get(), days_ago(1), comment="Their secret")
    body = as_client1.get(URL, {"day": days_ago(1).isoformat()}).content.decode()
    assert "Their secret" not in body
    assert "Their plan" not in body
    assert progress(client1, today()).adherence.logged == 8


def test_without_a_programme_it_says_so(as_client1):
    assert "No programme yet" in as_client1.get(URL).content.decode()


@pytest.mark.parametrize("day", ["not-a-date", "2999-01-01"])
def test_a_bad_or_future_day_is_ignored(as_client1, program, day):
    response = as_client1.get(URL, {"day": day})
    assert response.status_code == 200
    assert "Earlier days are read-only." not in response.content.decode()


def test_a_clinician_gets_404(as_a):
    assert as_a.get(URL).status_code == 404


def test_anonymous_goes_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_rejects_post(as_client1):
    assert as_client1.post(URL).status_code == 405


def test_query_count_does_not_grow_with_items_or_logs(
    as_client1, client1, django_assert_num_queries
):
    make_program(client1, items=1, start=days_ago(5))
    log_every_day(client1.programs.get(), days=3)
    as_client1.get(URL)
    day = {"day": days_ago(1).isoformat()}
    with CaptureQueriesContext(connection) as small:
        as_client1.get(URL, day)
    for _ in range(2):
        log_every_day(make_program(client1, items=5, start=days_ago(400)), days=365)
    with django_assert_num_queries(len(small.captured_queries)):
        response = as_client1.get(URL, day)
    assert response.status_code == 200
    assert "day in a row" in response.content.decode() or "days in a row" in (
        response.content.decode()
    )


def test_paused_days_show_as_paused_and_count_neither_way(as_client1, client1):
    program = make_program(client1, items=1, start=days_ago(10))
    ProgramPause.objects.create(program=program, first_day=days_ago(5), last_day=days_ago(3))
    item = program.items.get()
    for n in range(1, 11):
        if n not in (5, 4, 3):
            log_item(item, days_ago(n))
    body = as_client1.get(URL).content.decode()
    for n in (5, 4, 3):
        assert cell(days_ago(n), "programme paused") in body
    assert cell(days_ago(6), "all done, 1 of 1 exercises") in body
    assert "programme paused." in body  # the legend
    result = progress(client1, today()).adherence
    assert (result.logged, result.prescribed) == (7, 7)


def _queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        streak = progress(client, today()).streak
    return streak, len(captured.captured_queries)


def test_the_streak_reads_past_the_calendar_only_when_it_reaches_that_far(client1):
    program = make_program(client1, items=1, start=days_ago(60))
    log_every_day(program, days=60)
    long_streak, long_reads = _queries(client1)
    assert long_streak == 60  # counted in full, past the four weeks
    SessionLog.objects.filter(program=program, date=days_ago(3)).delete()
    short_streak, short_reads = _queries(client1)
    assert short_streak == 2
    assert short_reads == long_reads - 1  # the older logs were not read
