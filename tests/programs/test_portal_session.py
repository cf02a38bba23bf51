"""The guided session (issue #12 point 1): the page, its summary saved as the same logs
the cards write, and the clinician's record showing the last guided session."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import ItemLog, Program, ProgramStatus, SessionLog
from tests.programs.factories import ExerciseFactory, ProgramItemFactory
from tests.programs.portal_helpers import days_ago, log_item, make_program, today

URL = reverse("programs:portal-session")
TODAY = reverse("programs:portal-today")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(client1):
    program = make_program(client1, items=0, title="Hip plan")
    ProgramItemFactory(
        program=program,
        exercise=ExerciseFactory(name="Side plank"),
        order=0,
        sets=1,
        reps=None,
        hold_seconds=20,
        rest_seconds=30,
    )
    ProgramItemFactory(
        program=program,
        exercise=ExerciseFactory(name="Clam shell"),
        order=1,
        sets=2,
        reps=10,
        tempo="2-1-2",
        times_per_day=2,
    )
    return program


def items(program):
    return list(program.items.order_by("order"))


def step_data(item, *, round=1, done="yes", sets="1", reps="", pain="2", difficulty="3", key=None):
    prefix = f"step-{item.pk}"
    return {
        f"{prefix}-round": str(round),
        f"{prefix}-key": str(key or uuid.uuid4()),
        f"{prefix}-done": done,
        f"{prefix}-sets_done": sets,
        f"{prefix}-reps_done": reps,
        f"{prefix}-pain": pain,
        f"{prefix}-difficulty": difficulty,
        f"{prefix}-comment": "",
    }


def post(http, *steps, guided="1"):
    data = {"guided": guided, "day": today().isoformat()}
    pks = []
    for item, fields in steps:
        pks.append(str(item.pk))
        data.update(fields)
    data["step"] = pks
    return http.post(URL, data)


def test_it_lists_the_exercises_due_in_order_with_their_dose_and_log_fields(as_client1, program):
    plank, clam = items(program)
    body = as_client1.get(URL).content.decode()
    assert body.index("Side plank") < body.index("Clam shell")
    assert "1 set of a 20-second hold" in body  # the cards' own words (programs/dosing.py)
    assert "2 sets of 10, twice a day, every day" in body
    assert 'data-hold="20"' in body
    assert 'data-rest="30"' in body
    assert 'data-rep-seconds="5"' in body  # tempo 2-1-2
    # Without JavaScript: each exercise's log fields, in one form.
    assert f'name="step-{plank.pk}-pain"' in body
    assert f'name="step-{clam.pk}-done"' in body
    assert "Save the session" in body
    assert "Stop this exercise and rest." in body  # the stop advice, ready for "it hurts"
    assert "<script>" not in body
    assert "style=" not in body


def test_today_offers_the_session(as_client1, program):
    body = as_client1.get(TODAY).content.decode()
    assert f'href="{URL}"' in body
    assert "Start today&#x27;s session" in body or "Start today's session" in body


def test_a_logged_round_moves_on_to_the_next(as_client1, program):
    plank, clam = items(program)
    log_item(plank, today())
    log_item(clam, today(), round=1)
    body = as_client1.get(URL).content.decode()
    assert f'name="step-{plank.pk}-pain"' not in body
    assert f'name="step-{clam.pk}-round" value="2"' in body
    log_item(clam, today(), round=2)
    body = as_client1.get(URL).content.decode()
    assert "Everything due today is logged" in body
    assert f'href="{URL}"' not in as_client1.get(TODAY).content.decode()


@pytest.mark.parametrize("status", [ProgramStatus.PAUSED, ProgramStatus.FINISHED])
def test_a_stopped_programme_has_nothing_to_start(as_client1, program, status):
    Program.objects.filter(pk=program.pk).update(status=status)
    body = as_client1.get(URL).content.decode()
    assert "there is no session to start" in body
    assert "Save the session" not in body
    assert post(as_client1, (items(program)[0], step_data(items(program)[0]))).status_code == 404


def test_nothing_due_today_says_so(as_client1, program):
    not_today = [d for d in range(7) if d != today().weekday()]
    program.items.update(days_of_week=not_today)
    body = as_client1.get(URL).content.decode()
    assert "Nothing is due today" in body


def test_only_the_clients_own_programme(as_client1, client2, as_a, program):
    other = make_program(client2, items=1)
    other_item = other.items.get()
    assert post(as_client1, (other_item, step_data(other_item))).status_code == 404
    assert not ItemLog.objects.filter(item=other_item).exists()
    assert as_a.get(URL).status_code == 404  # a clinician is not a portal client
    body = as_client1.get(URL).content.decode()
    assert other.title + " exercise 0" not in body


def test_wrong_method(as_client1, program):
    assert as_client1.put(URL).status_code == 405


def test_the_summary_saves_the_same_logs_as_the_cards(as_client1, program):
    plank, clam = items(program)
    response = post(
        as_client1,
        (plank, step_data(plank, sets="1", pain="2")),
        (clam, step_data(clam, sets="1", reps="10", pain="7", difficulty="4")),
    )
    assert response.status_code == 302
    assert response.url == TODAY
    plank_log = ItemLog.objects.get(item=plank)
    clam_log = ItemLog.objects.get(item=clam)
    assert (plank_log.done, plank_log.sets_done, plank_log.reps_done, plank_log.pain) == (
        True,
        1,
        None,
        2,
    )
    assert (clam_log.sets_done, clam_log.reps_done, clam_log.pain, clam_log.difficulty) == (
        1,
        10,
        7,
        4,
    )
    assert clam_log.is_flagged  # pain > 5 (docs/clinical.md §4)
    session = SessionLog.objects.get(program=program, date=today(), round=1)
    assert session.guided_at is not None
    # Today shows them as the cards' logs, with the stop advice on the painful one.
    body = as_client1.get(TODAY).content.decode()
    assert "Session saved: 2 of 2 exercises done." in body
    assert "Stop this exercise and rest." in body


def test_the_same_summary_sent_twice_is_stored_once(as_client1, program):
    plank, _ = items(program)
    key = uuid.uuid4()
    post(as_client1, (plank, step_data(plank, key=key, pain="2")))
    post(as_client1, (plank, step_data(plank, key=key, pain="9")))
    assert ItemLog.objects.filter(item=plank).count() == 1
    assert ItemLog.objects.get(item=plank).pain == 2


def test_without_the_guided_screens_the_session_is_not_marked(as_client1, program):
    plank, _ = items(program)
    post(as_client1, (plank, step_data(plank)), guided="0")
    assert SessionLog.objects.get(program=program).guided_at is None


def test_bad_input_saves_nothing_and_keeps_what_was_typed(as_client1, program):
    plank, clam = items(program)
    response = post(
        as_client1,
        (plank, step_data(plank, pain="2")),
        (clam, step_data(clam, pain="", reps="17")),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "How much pain did you feel? Enter 0 if none." in body
    assert 'data-start="summary"' in body
    assert 'value="17"' in body
    assert not ItemLog.objects.exists()


def test_the_page_reads_a_fixed_number_of_queries(as_client1, client1, program):
    as_client1.get(URL)
    with CaptureQueriesContext(connection) as small:
        as_client1.get(URL)
    big = make_program(client1, items=6, title="Second plan", start=days_ago(60))
    for item in big.items.all()[:3]:
        log_item(item, today())
    with CaptureQueriesContext(connection) as large:
        body = as_client1.get(URL).content.decode()
    assert "Second plan exercise 5" in body
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_save_takes_a_fixed_number_of_queries_per_exercise(as_client1, client1, program):
    plank, clam = items(program)
    with CaptureQueriesContext(connection) as one:
        post(as_client1, (plank, step_data(plank)))
    ItemLog.objects.all().delete()
    SessionLog.objects.all().delete()
    with CaptureQueriesContext(connection) as two:
        post(as_client1, (plank, step_data(plank)), (clam, step_data(clam, reps="10")))
    per_exercise = len(two.captured_queries) - len(one.captured_queries)
    assert per_exercise <= 10  # item_log_save's own reads and writes, nothing more


def test_the_record_shows_the_last_guided_session(
    as_a, client1, program, django_assert_num_queries
):
    activity = reverse("programs:client-activity", args=[client1.pk])
    htmx = {"HX-Request": "true"}
    plank, _ = items(program)
    log_item(plank, days_ago(1))
    assert "No guided session yet." in as_a.get(activity, headers=htmx).content.decode()
    with CaptureQueriesContext(connection) as before:
        as_a.get(activity, headers=htmx)
    for n in (40, 10, 3):
        session = SessionLog.objects.create(program=program, date=days_ago(n))
        ItemLog.objects.create(session=session, item=plank, pain=1, sets_done=1)
        SessionLog.objects.filter(pk=session.pk).update(guided_at=session.created_at)
    with django_assert_num_queries(len(before.captured_queries)):
        body = as_a.get(activity, headers=htmx).content.decode()
    assert "Last guided session:" in body
    assert "2 in the last 4 weeks" in body
