"""One exercise of the client's programme: how-to, today's rounds, earlier days."""

import re

import pytest
from django.urls import reverse

from programs.models import ProgramStatus
from tests.factories import ClientFactory, UserFactory
from tests.programs.factories import ExerciseFactory, ProgramItemFactory
from tests.programs.portal_helpers import days_ago, log_item, make_program, today


@pytest.fixture
def item(client1):
    program = make_program(client1, items=0, title="Knee plan")
    exercise = ExerciseFactory(
        name="Glute bridge", steps="Lie down.\nLift the hips.", cues="Squeeze."
    )
    return ProgramItemFactory(program=program, exercise=exercise, sets=3, reps=12, tempo="3-1-1")


def url(item):
    return reverse("programs:portal-item", args=[item.pk])


def test_it_shows_the_exercise_today_and_earlier_days(as_client1, item):
    log_item(item, days_ago(2), pain=4, comment="Wobbly on the left")
    body = as_client1.get(url(item)).content.decode()
    assert "Glute bridge" in body
    assert "3 sets of 12, once a day, every day" in body
    assert "Lift the hips." in body
    assert "Squeeze." in body
    assert "Tempo 3-1-1." in body
    assert "Log today" in body
    assert f'id="log-{item.pk}-1"' in body
    assert "Wobbly on the left" in body
    assert "pain 4/10" in body
    assert "Earlier days are read-only." in body


def test_a_logged_round_shows_its_summary_and_opens_its_form_on_request(as_client1, item):
    log_item(item, today(), pain=3)
    body = as_client1.get(url(item)).content.decode()
    assert "Pain <strong>3/10</strong>" in body
    assert f'id="id_{item.pk}_1_pain"' not in body
    body = as_client1.get(url(item), {"round": "1"}).content.decode()
    assert f'id="id_{item.pk}_1_pain"' in body
    assert 'value="3"' in body


def test_todays_log_is_not_listed_as_history(as_client1, item):
    log_item(item, today(), comment="Today's note")
    body = as_client1.get(url(item)).content.decode()
    assert "Nothing logged before today." in body


def test_a_finished_programme_reads_but_takes_no_log(as_client1, item):
    item.program.status = ProgramStatus.FINISHED
    item.program.save()
    body = as_client1.get(url(item)).content.decode()
    assert "Glute bridge" in body
    assert "finished" in body
    assert '<form method="post" action="/portal/' not in body


def test_a_rest_day_has_nothing_to_log(as_client1, item):
    item.days_of_week = [d for d in range(7) if d != today().weekday()]
    item.save()
    body = as_client1.get(url(item)).content.decode()
    assert "Rest day for this exercise" in body
    assert "Log today" not in body


def test_another_clients_item_is_404(as_client1, clinic1):
    other = ClientFactory(clinic=clinic1, user=UserFactory())
    foreign = ProgramItemFactory(program=make_program(other, items=0))
    assert as_client1.get(url(foreign)).status_code == 404


def test_a_clinician_gets_404(as_a, item):
    assert as_a.get(url(item)).status_code == 404


def test_it_rejects_post(as_client1, item):
    assert as_client1.post(url(item)).status_code == 405


def test_the_rounds_headings_come_right_under_log_today(as_client1, item):
    body = as_client1.get(url(item)).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", body)]
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert skips == [], levels
